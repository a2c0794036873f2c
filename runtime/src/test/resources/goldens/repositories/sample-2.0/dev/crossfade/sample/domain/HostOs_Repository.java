package dev.crossfade.sample.domain;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.runtime.repository.EntityMapping;
import dev.crossfade.runtime.repository.Values;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The version-aware repository of {@link HostOs} on one shard. Get it from
 * {@code crossfade.repository(HostOs.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class HostOs_Repository extends AbstractCrossfadeRepository<HostOs, Long> {
  /**
   * How HostOs travels to and from the database; shared by every repository of it.
   */
  public static final EntityMapping<HostOs> MAPPING = new EntityMapping<>(HostOs.class, List.of("hostId", "name", "version"),
  HostOs_Repository::toValues, HostOs_Repository::fromValues);

  public HostOs_Repository(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, MAPPING);
  }

  private static Object[] toValues(HostOs e) {
    return new Object[] {
        e.hostId(),
        e.name(),
        e.version()};
  }

  private static HostOs fromValues(Object[] v) {
    return new HostOs(
        Values.longValue(v[0]),
        (String) v[1],
        (String) v[2]);
  }
}
