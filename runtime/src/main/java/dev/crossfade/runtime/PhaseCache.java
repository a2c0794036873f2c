package dev.crossfade.runtime;

import dev.crossfade.runtime.internal.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phases of every shard as this server last read them. Repositories read the cache (no round trip per
 * operation); the heartbeat refreshes it just before each beat, so the state version a server reports as
 * seen is the one its repositories act on. A statement that fails because the cache was stale refreshes
 * it at once ({@link #refresh}).
 *
 * <p>The cache never goes backwards. Refreshes run concurrently (the heartbeat's, and any repository's that
 * met a stale layout), and a slow one may finish after a faster one that read a newer state; it must not put
 * back the older state, or a server would act on a state older than the one its heartbeat acknowledged.
 * So of two states the one with the higher state version is kept (the state version is bumped by every
 * change of a shard's phases). A state version lower than one this cache already holds, read after it, means
 * the state tables were reset or restored from an older backup: the refresh is refused (the server stops
 * acting on the shard, and its writes stop once its lease there runs out) until the server is restarted.
 *
 * <p>Not API: public only because the repositories (package {@code repository}) read phases through it;
 * {@link Crossfade#phases()} exposes it for monitoring. It may change in any release.
 */
public final class PhaseCache {
  private final Map<String, ShardState> states = new ConcurrentHashMap<>();
  /** The releases the code knows (its model's), against which the shard's recorded releases are checked, or null. */
  private final java.util.SortedSet<dev.crossfade.schema.Version> history;

  /** A cache that checks no release against a code's history (tools and tests). */
  public PhaseCache() {
    this(null);
  }

  /** A cache for a server whose code knows {@code history} (its model's releases, baseline first). */
  PhaseCache(java.util.SortedSet<dev.crossfade.schema.Version> history) {
    this.history = history;
  }

  private final Set<String> ensured = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

  /** The cached state, read now if this shard has never been read. */
  public ShardState state(Shard shard) {
    ShardState s = states.get(shard.name());
    return s != null ? s : refresh(shard);
  }

  /**
   * Reads the shard's state tables now (creating them on a new shard) and returns the newest state known:
   * what was read, or what a concurrent refresh cached meanwhile if that has a higher state version.
   */
  public ShardState refresh(Shard shard) {
    // Read before the database is: a state version read after this one was cached can only be higher or equal.
    ShardState before = states.get(shard.name());
    try (Connection c = shard.dataSource().getConnection()) {
      StateStore store = history == null ? new StateStore(shard) : new StateStore(shard).knowing(history);
      if (!ensured.contains(shard.name())) {
        ensureRacing(store, c);
        ensured.add(shard.name());
      }
      ShardState read;
      try {
        read = store.read(c);
      } catch (org.jooq.exception.DataAccessException e) {
        if (e.getCause() instanceof SQLException sql && SqlErrors.missingTableOrColumn(shard.dialect(), sql)) {
          // A state table went away while this server ran: check them all again, which refuses (or, on a shard
          // whose state is gone entirely, starts it anew at PENDING, which this code then refuses to serve).
          ensured.remove(shard.name());
          ensureRacing(store, c);
          ensured.add(shard.name());
          read = store.read(c);
        } else if (e.getCause() instanceof SQLException sql && SqlErrors.permissionDenied(shard.dialect(), sql)) {
          throw FleetRegistry.missingGrant(shard, "this server may not read the shard's Crossfade state", sql);
        } else {
          throw e;
        }
      }
      if (before != null && read.stateVersion() < before.stateVersion()) {
        throw store.corrupt(null, "its state version went back from " + before.stateVersion() + " to "
            + read.stateVersion() + " while this server ran (the state tables were reset or restored from an older"
            + " backup); this server keeps refusing the shard until it is restarted");
      }
      reads.incrementAndGet();
      // An equal version is the same state: keep the cached instance, which layouts are looked up by.
      return states.merge(shard.name(), read,
          (cached, fresh) -> fresh.stateVersion() > cached.stateVersion() ? fresh : cached);
    } catch (SQLException e) {
      throw new ShardUnavailableException(shard, "could not read its phases", e);
    }
  }

  /** How many times the state tables were read: the statement-counting tests watch it. */
  public long stateReads() {
    return reads.get();
  }

  private static void ensureRacing(StateStore store, Connection c) throws SQLException {
    try {
      store.ensure(c);
    } catch (org.jooq.exception.DataAccessException raced) {
      // Another server created the tables at the same moment; the second attempt finds them.
      store.ensure(c);
    }
  }
}
