package dev.crossfade.runtime;

import dev.crossfade.runtime.repository.CrossfadeRepository;
import java.sql.Connection;

/**
 * One transaction on one shard, opened by {@link Crossfade#inTransaction} (or joined by it). Every repository
 * of this shard called on this thread while it is open — whether obtained here or from
 * {@link Crossfade#repository} — runs its statements in it; {@link #connection()} is the same connection, for
 * plain JDBC in the same transaction. To roll back, throw: the exception leaves {@code inTransaction} after
 * the rollback.
 */
public final class ShardTransaction {
  private final Crossfade crossfade;
  private final Shard shard;
  private final Connection connection;
  private final boolean joined;

  ShardTransaction(Crossfade crossfade, Shard shard, Connection connection, boolean joined) {
    this.crossfade = crossfade;
    this.shard = shard;
    this.connection = connection;
    this.joined = joined;
  }

  /** The shard this transaction runs on. */
  public Shard shard() {
    return shard;
  }

  /**
   * The transaction's connection, for plain JDBC alongside the repositories. Do not commit, roll back, close it
   * or change its auto-commit: {@code inTransaction} (or the transaction it joined) does.
   */
  public Connection connection() {
    return connection;
  }

  /** Whether this transaction is one the caller already held (an outer {@code inTransaction} or a binding's). */
  public boolean joined() {
    return joined;
  }

  /** The generated repository of this shard, as {@link Crossfade#repository(Class, String)}. */
  public <R> R repository(Class<R> type) {
    return crossfade.repository(type, shard.name());
  }

  /** The generated repository of an entity on this shard, as {@link Crossfade#repositoryOf(Class, String)}. */
  public <E> CrossfadeRepository<E, Object> repositoryOf(Class<E> entity) {
    return crossfade.repositoryOf(entity, shard.name());
  }
}
