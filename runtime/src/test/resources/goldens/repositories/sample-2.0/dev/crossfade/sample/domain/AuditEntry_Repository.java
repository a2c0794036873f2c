package dev.crossfade.sample.domain;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.runtime.repository.EntityMapping;
import dev.crossfade.runtime.repository.Values;
import java.time.LocalDateTime;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * The version-aware repository of {@link AuditEntry} on one shard. Get it from
 * {@code crossfade.repository(AuditEntry.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class AuditEntry_Repository extends AbstractCrossfadeRepository<AuditEntry, Long> {
  /**
   * How AuditEntry travels to and from the database; shared by every repository of it.
   */
  public static final EntityMapping<AuditEntry> MAPPING = new EntityMapping<>(AuditEntry.class, List.of("id", "hostId", "action", "at"),
  AuditEntry_Repository::toValues, AuditEntry_Repository::fromValues);

  public AuditEntry_Repository(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, MAPPING);
  }

  private static Object[] toValues(AuditEntry e) {
    return new Object[] {
        e.id(),
        e.hostId(),
        e.action(),
        e.at()};
  }

  private static AuditEntry fromValues(Object[] v) {
    return new AuditEntry(
        Values.longValue(v[0]),
        Values.longValue(v[1]),
        (String) v[2],
        (LocalDateTime) v[3]);
  }
}
