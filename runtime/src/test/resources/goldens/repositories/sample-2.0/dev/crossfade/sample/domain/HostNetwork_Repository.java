package dev.crossfade.sample.domain;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.runtime.repository.EntityMapping;
import dev.crossfade.runtime.repository.Values;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The version-aware repository of {@link HostNetwork} on one shard. Get it from
 * {@code crossfade.repository(HostNetwork.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class HostNetwork_Repository extends AbstractCrossfadeRepository<HostNetwork, Long> {
  /**
   * How HostNetwork travels to and from the database; shared by every repository of it.
   */
  public static final EntityMapping<HostNetwork> MAPPING = new EntityMapping<>(HostNetwork.class, List.of("hostId", "ipAddress", "macAddress"),
  HostNetwork_Repository::toValues, HostNetwork_Repository::fromValues);

  public HostNetwork_Repository(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, MAPPING);
  }

  private static Object[] toValues(HostNetwork e) {
    return new Object[] {
        e.hostId(),
        e.ipAddress(),
        e.macAddress()};
  }

  private static HostNetwork fromValues(Object[] v) {
    return new HostNetwork(
        Values.longValue(v[0]),
        (String) v[1],
        (String) v[2]);
  }
}
