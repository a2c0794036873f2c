package dev.crossfade.runtime;

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
 */
public final class PhaseCache {
  private final Map<String, ShardState> states = new ConcurrentHashMap<>();
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

  /** The cached state, read now if this shard has never been read. */
  public ShardState state(Shard shard) {
    ShardState s = states.get(shard.name());
    return s != null ? s : refresh(shard);
  }

  /** Reads the shard's state tables now (creating them on a new shard) and caches the result. */
  public ShardState refresh(Shard shard) {
    try (Connection c = shard.dataSource().getConnection()) {
      StateStore store = new StateStore(shard);
      if (!ensured.contains(shard.name())) {
        ensureRacing(store, c);
        ensured.add(shard.name());
      }
      ShardState s = store.read(c);
      reads.incrementAndGet();
      states.put(shard.name(), s);
      return s;
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
