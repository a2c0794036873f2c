package dev.crossfade.spring.boot;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code crossfade} in {@code /actuator/health}: DOWN when a shard refuses this release (a later release is
 * contracting there, or the shard has no schema) or this server's lease on a shard was lost (its last successful
 * heartbeat is older than the lease, so the migrator may count it gone and its writes are refused); UP otherwise,
 * also while a newer release holds the writes (the server still serves reads; {@code writable} says so).
 *
 * <p>Details per shard: each release's phase, the state version, the lease and how old it is, whether writes are
 * refused and why, and drift between the live schema and the phases. Phases and lease come from this server's
 * cache and heartbeat (no database round trip); drift needs the migrator's read-only status, which is read at
 * most once per lease per shard and whenever the state version changed.
 */
public final class CrossfadeHealthIndicator implements HealthIndicator {
  private final Crossfade crossfade;
  private final Migrator migrator;
  private final Map<String, Drift> drift = new ConcurrentHashMap<>();

  private record Drift(long stateVersion, long readAtNanos, Object lines) {}

  public CrossfadeHealthIndicator(Crossfade crossfade, Migrator migrator) {
    this.crossfade = crossfade;
    this.migrator = migrator;
  }

  @Override
  public Health health() {
    boolean down = false;
    Health.Builder health = Health.up();
    health.withDetail("serverId", crossfade.serverId()).withDetail("release", crossfade.release().toString());
    for (Shard shard : crossfade.shards().all()) {
      Map<String, Object> d = CrossfadeStatus.server(crossfade, shard);
      if (d.containsKey("refused") || !Boolean.TRUE.equals(d.get("leaseHeld"))) {
        down = true;
      }
      d.put("drift", drift(shard, (Long) d.get("stateVersion")));
      health.withDetail(shard.name(), d);
    }
    return down ? health.down().build() : health.build();
  }

  private Object drift(Shard shard, long stateVersion) {
    long now = System.nanoTime();
    Drift cached = drift.get(shard.name());
    if (cached != null && cached.stateVersion() == stateVersion
        && Duration.ofNanos(now - cached.readAtNanos()).compareTo(crossfade.lease()) < 0) {
      return cached.lines();
    }
    Object lines;
    try {
      ShardStatus status = migrator.status(shard);
      lines = status.drift().isEmpty() ? "none" : List.copyOf(status.drift());
    } catch (RuntimeException e) {
      lines = "unknown: " + e.getMessage();
    }
    drift.put(shard.name(), new Drift(stateVersion, now, lines));
    return lines;
  }
}
