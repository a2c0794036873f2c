package dev.crossfade.runtime.repository;

import dev.crossfade.schema.Version;

/**
 * A save or delete of an entity with a {@code @dev.crossfade.Version} field found that its row no longer holds
 * the version the caller read: another save (or a delete) committed in between, or, for a new entity (version
 * {@code null} or {@code 0}), a row with its key exists already. Nothing of the call was written: the check is
 * its first statement, and the call's transaction is rolled back (inside a caller's transaction, the caller
 * rolls it back: {@code Crossfade.inTransaction} does on this unchecked exception, as {@code @Transactional}
 * does).
 *
 * <p>Not {@link #retryable()}: running the same call again fails the same way. Read the entity again, apply the
 * change to what is there now (or tell the user), and save that.
 */
public final class OptimisticLockException extends RepositoryException {
  private static final long serialVersionUID = 1L;
  private final String entity;
  private final transient Object key;
  private final Long expectedVersion;

  /**
   * @param expectedVersion the version the caller's entity held; null when it was new (a row with its key exists)
   */
  public OptimisticLockException(String shard, Version codeRelease, String entity, Object key, Long expectedVersion,
      String action, Throwable cause) {
    super(shard, (expectedVersion == null
        ? entity + " with key " + key + " is new (version null or 0) but shard " + shard + " already has a row with"
            + " that key, so the " + action + " would overwrite it"
        : entity + " with key " + key + " was read at version " + expectedVersion + ", but on shard " + shard
            + " its row is at another version or gone: another writer saved or deleted it since")
        + "; nothing was written (code release " + codeRelease + "). Read it again with findById, apply the change to"
        + " what is there now, and " + action + " that", false, cause);
    this.entity = entity;
    this.key = key;
    this.expectedVersion = expectedVersion;
  }

  /** The entity's simple class name. */
  public String entity() {
    return entity;
  }

  /** The key of the row. */
  public Object key() {
    return key;
  }

  /** The version the caller's entity held, or null when it was new. */
  public Long expectedVersion() {
    return expectedVersion;
  }
}
