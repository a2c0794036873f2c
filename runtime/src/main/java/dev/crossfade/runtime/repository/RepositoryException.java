package dev.crossfade.runtime.repository;

/**
 * A repository statement failed on the database. Outside a caller's transaction the call's own transaction
 * was rolled back whole; inside one ({@code Crossfade.inTransaction} or a bound transaction, see
 * {@link dev.crossfade.runtime.TransactionBinding}) the caller's transaction must be rolled back. The call (or
 * the caller's transaction) can be retried when {@link #retryable()} (a lost connection, a deadlock, a lock
 * timeout, a serialization failure, or a {@link StalePhaseException}).
 */
public class RepositoryException extends RuntimeException {
  private final String shard;
  private final boolean retryable;

  /** A failed statement on a shard; {@code retryable} when the same call may succeed if tried again. */
  public RepositoryException(String shard, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.shard = shard;
    this.retryable = retryable;
  }

  /** The shard the statement failed on. */
  public String shard() {
    return shard;
  }

  /** Whether retrying the same call may succeed (a lost connection, deadlock, lock timeout, serialization failure). */
  public boolean retryable() {
    return retryable;
  }
}
