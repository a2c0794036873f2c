package dev.crossfade.runtime;

import java.time.Duration;

/**
 * How the migrator paces itself.
 *
 * @param ddlAttempts how often a DDL statement that hit its lock timeout is tried before the step is refused
 * @param ddlBackoff the wait after the first lock timeout; doubled after each further one, up to 30 s
 * @param initialBatchSize the first backfill batch; later ones adapt to {@code targetBatchTime}
 * @param targetBatchTime how long one backfill batch (one transaction) should take; default 25 ms, because a
 *     concurrent write to a row of the batch waits for the batch's transaction (see BENCHMARKS.md, Backfill impact)
 * @param pauseBetweenBatches a pause after each batch, to leave room for production traffic
 * @param ackWait how long {@code contract} and {@code rollback} wait for every live server to acknowledge
 *     a new state before refusing (zero: check once)
 * @param listener backfill progress
 * @param lockTimeout how long any statement of the migrator that needs a lock held by someone else (a DDL
 *     statement of expand, contract or rollback, a backfill batch's row locks, {@code ANALYZE}) waits for it
 *     before it gives up and is retried after {@code ddlBackoff}: the application's queries queued behind such a
 *     statement wait at most about this long (default 5 s, the lock timeout the reviewed scripts name; whole
 *     seconds on MariaDB and MySQL, rounded up)
 * @param health when a backfill waits for the database before its next batch ({@link BackfillHealth#NONE}: never)
 */
public record MigratorOptions(int ddlAttempts, Duration ddlBackoff, int initialBatchSize, Duration targetBatchTime,
    Duration pauseBetweenBatches, Duration ackWait, BackfillListener listener, Duration lockTimeout,
    BackfillHealth health) {

  public MigratorOptions {
    if (lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("the lock timeout must be positive (zero would mean waiting forever on"
          + " PostgreSQL): " + lockTimeout);
    }
    if (health == null) {
      health = BackfillHealth.NONE;
    }
    if (ddlAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt: " + ddlAttempts);
    }
  }

  /** How often a statement that hit its lock timeout is tried, by default ({@code --lock-attempts}). */
  public static final int DEFAULT_LOCK_ATTEMPTS = 10;

  /** The defaults: see each {@code with…} method for the value it replaces. */
  public static MigratorOptions defaults() {
    return new MigratorOptions(DEFAULT_LOCK_ATTEMPTS, Duration.ofMillis(200), 1000, Duration.ofMillis(25), Duration.ZERO,
        Duration.ZERO, BackfillListener.NONE,
        Duration.ofSeconds(dev.crossfade.schema.sql.SqlRenderer.LOCK_TIMEOUT_SECONDS), BackfillHealth.NONE);
  }

  /** The same options with another lock timeout (tests use a short one; see {@link #lockTimeout()}). */
  public MigratorOptions withLockTimeout(Duration timeout) {
    return new MigratorOptions(ddlAttempts, ddlBackoff, initialBatchSize, targetBatchTime, pauseBetweenBatches, ackWait,
        listener, timeout, health);
  }

  /** These options with a listener told of each backfill batch (the command line prints progress with one). */
  public MigratorOptions withListener(BackfillListener l) {
    return new MigratorOptions(ddlAttempts, ddlBackoff, initialBatchSize, targetBatchTime, pauseBetweenBatches, ackWait,
        l, lockTimeout, health);
  }

  /**
   * These options with the backfill's first batch size, the time a batch should take (the size adapts to it) and the
   * pause between batches.
   */
  public MigratorOptions withBatches(int initial, Duration target, Duration pause) {
    return new MigratorOptions(ddlAttempts, ddlBackoff, initial, target, pause, ackWait, listener, lockTimeout, health);
  }

  /**
   * These options with how often a DDL statement that timed out on a lock is tried, and the first backoff between
   * tries.
   */
  public MigratorOptions withDdlRetries(int attempts, Duration backoff) {
    return new MigratorOptions(attempts, backoff, initialBatchSize, targetBatchTime, pauseBetweenBatches, ackWait,
        listener, lockTimeout, health);
  }

  /** These options with how long contract waits for every live server to acknowledge CONTRACTING before it refuses. */
  public MigratorOptions withAckWait(Duration wait) {
    return new MigratorOptions(ddlAttempts, ddlBackoff, initialBatchSize, targetBatchTime, pauseBetweenBatches, wait,
        listener, lockTimeout, health);
  }

  /** The same options with other health checks for the backfill. */
  public MigratorOptions withHealth(BackfillHealth h) {
    return new MigratorOptions(ddlAttempts, ddlBackoff, initialBatchSize, targetBatchTime, pauseBetweenBatches, ackWait,
        listener, lockTimeout, h);
  }
}
