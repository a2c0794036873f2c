package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beats a server into the fleet registry of every shard in the background, reporting the state version it
 * has seen there, and leaves the registries on {@link #close()}. Each shard beats on its own schedule and
 * thread, and every beat is bounded ({@link BoundedDataSource}: connect, network and query timeouts), so a
 * shard whose network froze delays only its own beats: a healthy shard's lease never waits on it. A shard
 * that cannot be reached is logged and tried again at the next beat; the caller can ask when its lease was
 * last renewed ({@link #sinceLastSuccess}), so that it can stop writing to a shard whose lease has run out
 * (DESIGN section 3).
 *
 * <pre>{@code
 * try (Heartbeat beat = Heartbeat.start(fleet, shards.all(), "app-7", Version.parse("2.0"),
 *     Duration.ofSeconds(10), shard -> phaseCache.refresh(shard).stateVersion())) {
 *   ... serve traffic ...
 * }
 * }</pre>
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final FleetRegistry fleet;
  private final List<Shard> shards;
  private final String serverId;
  private final String token;
  private final Version release;
  private final ToLongFunction<Shard> seenStateVersion;
  private final Duration timeout;
  private final ScheduledThreadPoolExecutor scheduler;
  private final Map<String, Long> lastSuccessNanos = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
  /** This server's monotonic clock: only differences of its readings are ever used, never compared to a database's. */
  private final LongSupplier ticker;

  private Heartbeat(FleetRegistry fleet, List<Shard> shards, String serverId, String token, Version release,
      ToLongFunction<Shard> seenStateVersion, Duration timeout, LongSupplier ticker) {
    this.ticker = ticker;
    this.fleet = fleet;
    this.timeout = timeout;
    List<Shard> bounded = new ArrayList<>();
    for (Shard s : shards) {
      bounded.add(BoundedDataSource.bound(s, timeout));
      failures.put(s.name(), new AtomicLong());
    }
    this.shards = List.copyOf(bounded);
    this.serverId = serverId;
    this.token = token;
    this.release = release;
    this.seenStateVersion = seenStateVersion;
    // One thread per shard up to MAX_THREADS: a beat blocked on one shard (until its timeout) never delays another
    // shard's while fewer shards than that freeze at once; a hundred shards still cost a bounded set of threads.
    this.scheduler = new ScheduledThreadPoolExecutor(threadsFor(shards.size()), r -> {
      Thread t = new Thread(r, "crossfade-heartbeat-" + serverId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The most heartbeat threads one server uses, whatever the number of shards. A beat waits at most its timeout
   * (half the lease, at most 10 s) on a frozen shard, and beats come every third of a lease, so as many shards as
   * this may freeze at once before a healthy shard's beat is delayed, and even then by less than its lease.
   */
  static final int MAX_THREADS = 16;

  static int threadsFor(int shards) {
    return Math.max(1, Math.min(shards, MAX_THREADS));
  }

  /** Beats once on every shard now, then every {@code interval}; the interval must be well below the lease. */
  public static Heartbeat start(FleetRegistry fleet, java.util.Collection<Shard> shards, String serverId,
      Version release, Duration interval, ToLongFunction<Shard> seenStateVersion) {
    return start(fleet, shards, serverId, UUID.randomUUID().toString(), release, interval, seenStateVersion,
        System::nanoTime);
  }

  /**
   * As above, registering as the process {@code token} and measuring the time since the last beat with
   * {@code ticker} (nanoseconds, monotonic). Every shard's first beat runs before this returns; if another live
   * server holds the id on any shard the start is refused ({@link ServerIdConflictException}) and the shards
   * already joined are left again.
   */
  static Heartbeat start(FleetRegistry fleet, java.util.Collection<Shard> shards, String serverId, String token,
      Version release, Duration interval, ToLongFunction<Shard> seenStateVersion, LongSupplier ticker) {
    if (interval.compareTo(fleet.lease().dividedBy(2)) > 0) {
      throw new IllegalArgumentException("a heartbeat every " + interval + " cannot keep a lease of " + fleet.lease()
          + "; beat at most every half lease");
    }
    Heartbeat h = new Heartbeat(fleet, List.copyOf(shards), serverId, token, release, seenStateVersion,
        timeoutFor(fleet.lease()), ticker);
    List<Future<?>> first = new ArrayList<>();
    for (Shard shard : h.shards) {
      first.add(h.scheduler.submit(() -> h.beat(shard, true)));
    }
    for (Future<?> f : first) {
      try {
        f.get();
      } catch (ExecutionException e) {
        h.close();
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.close();
        throw new IllegalStateException("interrupted while registering " + serverId, e);
      }
    }
    for (Shard shard : h.shards) {
      h.scheduler.scheduleWithFixedDelay(() -> h.beat(shard, false), interval.toMillis(), interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return h;
  }

  /**
   * How long one beat (the phase refresh and the registry update) may wait for its shard: half the lease, at
   * least a second and at most ten. A beat that takes longer could not have kept the lease anyway.
   */
  static Duration timeoutFor(Duration lease) {
    Duration half = lease.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : half.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : half;
  }

  private void beat(Shard shard, boolean first) {
    try {
      // The lease runs from the database's clock when the beat lands there, which is after this moment; so
      // counting from here (not from when the reply arrived) makes this server stop writing no later than the
      // migrator counts it as gone, however slow the reply.
      long sent = ticker.getAsLong();
      long seen = seenStateVersion.applyAsLong(shard);
      fleet.beat(shard, serverId, token, release, seen);
      lastSuccessNanos.put(shard.name(), sent);
    } catch (ServerIdConflictException e) {
      failures.get(shard.name()).incrementAndGet();
      if (first) {
        throw e;
      }
      LOG.error("{}; this server stops writing to shard {} until it can register again", e.getMessage(), shard.name());
    } catch (MigrationRefusedException e) {
      // A right the server's database user lacks: no later beat can succeed until someone grants it.
      failures.get(shard.name()).incrementAndGet();
      if (first) {
        throw e;
      }
      LOG.error("{}", e.getMessage());
    } catch (RuntimeException e) {
      failures.get(shard.name()).incrementAndGet();
      LOG.warn("heartbeat of {} to shard {} failed (each beat waits at most {} ms); retrying at the next beat: {}",
          serverId, shard.name(), timeout.toMillis(), e.getMessage());
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

  /** How many beats on the shard have failed (ended with an error or a timeout) so far. */
  long failedBeats(Shard shard) {
    AtomicLong n = failures.get(shard.name());
    return n == null ? 0 : n.get();
  }

  /** This process's registration token, which its writes' fencing check names. */
  String token() {
    return token;
  }

  /** Stops beating and leaves every shard's registry, so the server blocks no gate any more. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Shard shard : shards) {
      try {
        fleet.leave(shard, serverId, token);
      } catch (RuntimeException e) {
        LOG.warn("{} could not leave shard {}; its lease will run out: {}", serverId, shard.name(), e.getMessage());
      }
    }
  }
}
