package dev.crossfade.runtime.repository;

/**
 * A repository statement failed on the database. The transaction was rolled back whole; the call can be
 * retried when {@link #retryable()} (a lost connection, a deadlock, a lock timeout, a serialization failure).
 */
public final class RepositoryException extends RuntimeException {
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
