package dev.crossfade.bench;

import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostNetwork;
import dev.crossfade.sample.domain.HostStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

/** Release 2.0 hosts for the benchmarks' writes, and the keys they touch. */
final class Hosts {
  private Hosts() {}

  /** What release 2.0 code saves: {@code hostname} and {@code memoryBytes} set, the deprecated twins unset. */
  static Host host(long id, int version) {
    return new Host(id, null, "h" + id, "10.9." + (id / 256 % 256) + "." + (id % 256),
        "02:00:00:00:01:" + String.format(Locale.ROOT, "%02x", version % 256), "linux", "6." + version, 0,
        (256L + version % 64) * SampleShard.MB, 2 + version % 4, "r" + (id % 7),
        version % 2 == 0 ? HostStatus.ACTIVE : HostStatus.PROVISIONING, new UUID(id, version),
        LocalDate.of(2021, 1, 1).plusDays(version % 900), new BigDecimal(version % 1000 + ".25"),
        Instant.parse("2026-02-01T00:00:00Z").plusSeconds(version).plusNanos(123_000), version % 2 == 0,
        new byte[] {(byte) id, (byte) version, 7, -1});
  }

  static HostNetwork network(long id, int version) {
    return new HostNetwork(id, "10.8." + (version % 256) + "." + (id % 256),
        "02:00:00:00:02:" + String.format(Locale.ROOT, "%02x", version % 256));
  }

  /** A reproducible pseudo-random key in 1..rows for operation {@code i}. */
  static long key(int i, long rows) {
    long x = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    x ^= x >>> 31;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 29;
    return Math.floorMod(x, rows) + 1;
  }
}
