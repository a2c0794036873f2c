package dev.crossfade.runtime;

import dev.crossfade.schema.Version;

/**
 * Receives backfill progress after every batch; the command line renders it as a live progress line. Also told
 * when the backfill waits (paused by an operator, or the database unhealthy) or takes a new target batch time.
 */
@FunctionalInterface
public interface BackfillListener {
  BackfillListener NONE = p -> {};

  /** Called after each batch of a backfill step, on the migrating thread; keep it quick. */
  void onProgress(BackfillProgress progress);

  /**
   * The backfill of {@code release} on {@code shard} waits before its next batch, goes on again, or takes a new
   * target: {@code what} says which and why, in a few words ("paused by an operator", "resumed", "target batch time
   * 200 ms", "waiting: 12 sessions running, more than --max-running 8", "waiting: a commit took 812 ms, more
   * than --max-commit-ms 500").
   */
  default void onThrottle(String shard, Version release, String what) {
  }
}
