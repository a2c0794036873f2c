package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beats a server into the fleet registry of every shard in the background, reporting the state version it
 * has seen there, and leaves the registries on {@link #close()}. A shard that cannot be reached is logged
 * and tried again at the next beat; the caller can ask when its lease was last
 * renewed ({@link #sinceLastSuccess}), so that it can stop writing to a shard whose lease has run out
 * (DESIGN section 3).
 *
 * <pre>{@code
 * try (Heartbeat beat = Heartbeat.start(fleet, shards.all(), "app-7", Version.parse("2.0"),
 *     Duration.ofSeconds(10), shard -> phaseCache.stateVersion(shard))) {
 *   ... serve traffic ...
 * }
 * }</pre>
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final FleetRegistry fleet;
  private final List<Shard> shards;
  private final String serverId;
  private final Version release;
  private final ToLongFunction<Shard> seenStateVersion;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Long> lastSuccessNanos = new ConcurrentHashMap<>();
  /** This server's monotonic clock: only differences of its readings are ever used, never compared to a database's. */
  private final LongSupplier ticker;

  private Heartbeat(FleetRegistry fleet, List<Shard> shards, String serverId, Version release,
      ToLongFunction<Shard> seenStateVersion, LongSupplier ticker) {
    this.ticker = ticker;
    this.fleet = fleet;
    this.shards = List.copyOf(shards);
    this.serverId = serverId;
    this.release = release;
    this.seenStateVersion = seenStateVersion;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "crossfade-heartbeat-" + serverId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Beats once on every shard now, then every {@code interval}; the interval must be well below the lease. */
  public static Heartbeat start(FleetRegistry fleet, java.util.Collection<Shard> shards, String serverId,
      Version release, Duration interval, ToLongFunction<Shard> seenStateVersion) {
    return start(fleet, shards, serverId, release, interval, seenStateVersion, System::nanoTime);
  }

  /** As above, measuring the time since the last beat with {@code ticker} (nanoseconds, monotonic). */
  static Heartbeat start(FleetRegistry fleet, java.util.Collection<Shard> shards, String serverId,
      Version release, Duration interval, ToLongFunction<Shard> seenStateVersion, LongSupplier ticker) {
    if (interval.compareTo(fleet.lease().dividedBy(2)) > 0) {
      throw new IllegalArgumentException("a heartbeat every " + interval + " cannot keep a lease of " + fleet.lease()
          + "; beat at most every half lease");
    }
    Heartbeat h = new Heartbeat(fleet, List.copyOf(shards), serverId, release, seenStateVersion, ticker);
    h.beatAll();
    h.scheduler.scheduleWithFixedDelay(h::beatAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return h;
  }

  private void beatAll() {
    for (Shard shard : shards) {
      try {
        long seen = seenStateVersion.applyAsLong(shard);
        // The lease runs from the database's clock when the beat lands there, which is after this moment; so
        // counting from here (not from when the reply arrived) makes this server stop writing no later than the
        // migrator counts it as gone, however slow the reply.
        long sent = ticker.getAsLong();
        fleet.beat(shard, serverId, release, seen);
        lastSuccessNanos.put(shard.name(), sent);
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of {} to shard {} failed; retrying at the next beat: {}", serverId, shard.name(),
            e.getMessage());
      }
    }
  }

  /**
   * How long ago the last successful beat on the shard was sent, or null when none has succeeded yet. A lease
   * taken by that beat ends, by the database's clock, no earlier than this duration says.
   */
  public Duration sinceLastSuccess(Shard shard) {
    Long at = lastSuccessNanos.get(shard.name());
    return at == null ? null : Duration.ofNanos(ticker.getAsLong() - at);
  }

  /** Stops beating and leaves every shard's registry, so the server blocks no gate any more. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Shard shard : shards) {
      try {
        fleet.leave(shard, serverId);
      } catch (RuntimeException e) {
        LOG.warn("{} could not leave shard {}; its lease will run out: {}", serverId, shard.name(), e.getMessage());
      }
    }
  }
}
