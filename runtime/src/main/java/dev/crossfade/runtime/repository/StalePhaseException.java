package dev.crossfade.runtime.repository;

import dev.crossfade.schema.Version;

/**
 * A repository call inside a caller's transaction ({@code Crossfade.inTransaction}, or a transaction joined
 * through a {@link dev.crossfade.runtime.TransactionBinding} such as Spring's {@code @Transactional}) met a
 * phase change on its shard: a statement named a column or table the shard's layout no longer has, or the
 * write's fencing check found that the migrator recorded a newer state since the call was planned.
 *
 * <p>Outside a transaction the repository retries such a call by itself under the new phases. Inside one it
 * cannot: the earlier statements of the transaction were made under the old layout (and PostgreSQL has
 * already aborted the transaction). So the transaction must be rolled back and run again from its start:
 * {@link #retryable()} is always true. The repository has already read the shard's phases again, so the retry
 * plans every statement under the new layout. {@code Crossfade.inTransaction} rolls back by itself; a
 * {@code @Transactional} method rolls back on this (unchecked) exception.
 */
public final class StalePhaseException extends RepositoryException {
  private static final long serialVersionUID = 1L;
  private final Version codeRelease;
  private final long plannedStateVersion;
  private final long currentStateVersion;

  /**
   * A stale phase met inside a caller's transaction on {@code shard}: the code's release, the state version the
   * statements were planned under and the shard's current one.
   */
  public StalePhaseException(String shard, Version codeRelease, long plannedStateVersion, long currentStateVersion,
      String reason, Throwable cause) {
    super(shard, "shard " + shard + " moved to a new phase during a transaction of code release " + codeRelease
        + " (state version " + plannedStateVersion + " when the call was planned, " + currentStateVersion + " now): "
        + reason + "; roll back and retry the transaction: the phases were read again, so the retry uses the new"
        + " layout", true, cause);
    this.codeRelease = codeRelease;
    this.plannedStateVersion = plannedStateVersion;
    this.currentStateVersion = currentStateVersion;
  }

  /** The release of the code that made the call. */
  public Version codeRelease() {
    return codeRelease;
  }

  /** The shard's state version the call was planned under. */
  public long plannedStateVersion() {
    return plannedStateVersion;
  }

  /** The shard's state version the repository read after the failure: the one a retry plans under. */
  public long currentStateVersion() {
    return currentStateVersion;
  }
}
