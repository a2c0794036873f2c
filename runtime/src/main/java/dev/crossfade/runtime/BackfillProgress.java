package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a backfill stands after a batch: what a progress line shows.
 *
 * @param step 1-based step number of {@code steps}
 * @param rowsDone rows copied by this step so far (including before a resume)
 * @param rowsTotal the source table's row count when the step started (an estimate while writers insert)
 * @param rowsPerSecond the rate of this run
 * @param eta the estimated time left for this step, or null when unknown
 */
public record BackfillProgress(String shard, Version release, int step, int steps, String what, long rowsDone,
    long rowsTotal, double rowsPerSecond, Duration eta, int batchSize) {

  /** One line: {@code eu-1 2.0 step 2/4 host -> host_network: 41,000/100,000 rows (41%), 20,500 rows/s, ETA 3s}. */
  public String line() {
    long pct = rowsTotal == 0 ? 100 : Math.min(100, rowsDone * 100 / rowsTotal);
    return String.format(Locale.ROOT, "%s %s step %d/%d %s: %,d/%,d rows (%d%%), %,.0f rows/s, ETA %s", shard,
        release, step, steps, what, rowsDone, rowsTotal, pct, rowsPerSecond,
        eta == null ? "?" : eta.toSeconds() + "s");
  }
}
