package dev.crossfade.runtime;

import java.time.Duration;

/**
 * When a backfill waits for the database to be healthy before its next batch, like pt-online-schema-change's
 * {@code --max-load} and gh-ost's throttling: a batch whose own commit took longer than {@code maxCommitLatency}
 * (the database is struggling to write) makes the next one wait {@code pause} and halves the batch; and while
 * more than {@code maxRunningSessions} sessions are running statements (MariaDB and MySQL {@code
 * Threads_running}, PostgreSQL {@code pg_stat_activity} in state {@code active}; the backfill's own query
 * counts as one), the backfill waits, checking every {@code pause}. Zero turns a check off.
 *
 * @param maxCommitLatency the longest a batch's commit may take before the backfill backs off ({@code
 *     --max-commit-ms}); zero: no limit
 * @param maxRunningSessions the most sessions running statements at which a batch may start ({@code
 *     --max-running}); zero: no limit
 * @param pause how long the backfill waits before it checks again
 */
public record BackfillHealth(Duration maxCommitLatency, int maxRunningSessions, Duration pause) {
  /** No health checks: every batch starts at once. */
  public static final BackfillHealth NONE = new BackfillHealth(Duration.ZERO, 0, Duration.ofSeconds(1));

  public BackfillHealth {
    if (maxCommitLatency.isNegative() || maxRunningSessions < 0 || pause.isNegative() || pause.isZero()) {
      throw new IllegalArgumentException("health limits must be zero (off) or positive, and the pause positive: "
          + maxCommitLatency + ", " + maxRunningSessions + ", " + pause);
    }
  }
}
