package dev.crossfade.runtime;

import java.time.Duration;

/**
 * Registers servers in a shard's fleet registry for tests outside this package ({@link FleetRegistry} is
 * package-private): what a running server's heartbeat writes.
 */
public final class TestFleet {
  private TestFleet() {}

  /** A beat of {@code serverId} running {@code release} on the shard, with a five-minute lease. */
  public static void beat(Shard shard, String serverId, dev.crossfade.schema.Version release) {
    new FleetRegistry(Duration.ofMinutes(5)).beat(shard, serverId, release, 0);
  }
}
