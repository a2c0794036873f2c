package dev.crossfade.sample.domain;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.AbstractCrossfadeRepository;
import dev.crossfade.runtime.repository.EntityMapping;
import dev.crossfade.runtime.repository.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.annotation.processing.Generated;

/**
 * The version-aware repository of {@link Host} on one shard. Get it from
 * {@code crossfade.repository(Host.class, shardName)}.
 */
@Generated("dev.crossfade.processor.CrossfadeProcessor")
public final class Host_Repository extends AbstractCrossfadeRepository<Host, Long> {
  /**
   * How Host travels to and from the database; shared by every repository of it.
   */
  public static final EntityMapping<Host> MAPPING = new EntityMapping<>(Host.class, List.of("id", "name", "hostname", "ip", "mac", "osName", "osVersion", "memoryMb", "memoryBytes", "cpuCount", "rack", "status", "assetTag", "purchasedOn", "monthlyCost", "lastSeen", "monitored", "sshFingerprint"),
  Host_Repository::toValues, Host_Repository::fromValues);

  public Host_Repository(Crossfade crossfade, Shard shard) {
    super(crossfade, shard, MAPPING);
  }

  private static Object[] toValues(Host e) {
    return new Object[] {
        e.id(),
        e.name(),
        e.hostname(),
        e.ip(),
        e.mac(),
        e.osName(),
        e.osVersion(),
        e.memoryMb(),
        e.memoryBytes(),
        e.cpuCount(),
        e.rack(),
        e.status(),
        e.assetTag(),
        e.purchasedOn(),
        e.monthlyCost(),
        e.lastSeen(),
        e.monitored(),
        e.sshFingerprint()};
  }

  private static Host fromValues(Object[] v) {
    return new Host(
        Values.longValue(v[0]),
        (String) v[1],
        (String) v[2],
        (String) v[3],
        (String) v[4],
        (String) v[5],
        (String) v[6],
        Values.intValue(v[7]),
        (Long) v[8],
        Values.intValue(v[9]),
        (String) v[10],
        v[11] == null ? null : HostStatus.valueOf((String) v[11]),
        (UUID) v[12],
        (LocalDate) v[13],
        (BigDecimal) v[14],
        (Instant) v[15],
        Values.booleanValue(v[16]),
        (byte[]) v[17]);
  }
}
