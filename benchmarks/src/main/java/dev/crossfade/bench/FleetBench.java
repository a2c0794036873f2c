package dev.crossfade.bench;

import dev.crossfade.runtime.FleetStatus;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Rollout;
import dev.crossfade.runtime.Shard;
import dev.crossfade.schema.sql.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Walking a fleet: {@code expand} then {@code migrate} of release 2.0 over S shards (each its own database on the
 * same server, {@code --hosts} rows each) with {@code Rollout} at N shards at a time, against the ideal of
 * ceil(S / N) times one shard's time measured in the same run; and reading the status of every shard. After each
 * measurement the shards are rolled back to PENDING (not measured), so every configuration starts alike.
 * Contract is left out: it cannot be undone, so it could not be repeated on the same shards.
 */
final class FleetBench {
  private FleetBench() {}

  static void run(Dialect dialect, List<Long> shardCounts, List<Long> parallels, int hosts, Report report)
      throws Exception {
    int max = (int) shardCounts.stream().mapToLong(Long::longValue).max().orElseThrow();
    List<Databases.Fresh> dbs = create(dialect, max);
    try {
      List<Shard> shards = new ArrayList<>();
      Migrator setup = SampleShard.setupMigrator();
      for (Databases.Fresh db : dbs) {
        Shard shard = Shard.of(String.format(Locale.ROOT, "shard-%03d", shards.size()), db.url());
        setup.expand(shard, SampleShard.V1);
        SampleShard.fill(db, hosts);
        shards.add(shard);
      }
      Migrator migrator = SampleShard.migrator(MigratorOptions.defaults());
      double one = walk(migrator, shards.subList(0, 1), 1);
      Stats.Table table = report.table("Fleet: expand and migrate over S shards, N at a time (" + hosts + " rows each)",
          "db", "shards S", "parallel N", "total s", "one shard s (same run)", "ideal ceil(S/N) x one s",
          "total / ideal");
      for (long s : shardCounts) {
        for (long n : parallels) {
          double total = walk(migrator, shards.subList(0, (int) s), (int) n);
          double ideal = Math.ceil((double) s / n) * one;
          table.row(dialect.folder(), s, n, fmt(total), fmt(one), fmt(ideal), fmt(total / ideal));
          report.ratio(dialect.folder() + " fleet " + s + "x" + n + " total / ideal", total / ideal);
        }
      }
      long t0 = System.nanoTime();
      List<FleetStatus.Row> rows = FleetStatus.read(migrator, shards, 8);
      String rendered = FleetStatus.table(rows, migrator.plan().model().releases());
      double statusSeconds = (System.nanoTime() - t0) / 1e9;
      if (rows.stream().anyMatch(r -> r.error() != null) || rendered.lines().count() != max + 2) {
        report.note("ISSUE: the status of " + max + " shards was not read cleanly:\n" + rendered);
      }
      report.table("Fleet: status of every shard (read 8 at a time, rendered as the table)", "db", "shards",
          "seconds").row(dialect.folder(), max, fmt(statusSeconds));
      report.ratio(dialect.folder() + " fleet status seconds", Math.max(statusSeconds, 1e-6));
    } finally {
      drop(dbs);
    }
  }

  /** Seconds to expand and migrate 2.0 on {@code shards}, {@code parallel} at a time; then back to PENDING. */
  private static double walk(Migrator migrator, List<Shard> shards, int parallel) {
    Rollout rollout = new Rollout(migrator, parallel, Rollout.OnError.STOP);
    long t0 = System.nanoTime();
    check(rollout.run(Rollout.Verb.EXPAND, SampleShard.V2, List.of(), shards));
    check(rollout.run(Rollout.Verb.MIGRATE, SampleShard.V2, List.of(), shards));
    double seconds = (System.nanoTime() - t0) / 1e9;
    Rollout back = new Rollout(migrator, 8, Rollout.OnError.STOP).forced(true);
    check(back.run(Rollout.Verb.ROLLBACK, SampleShard.V2, List.of(), shards)); // MIGRATED -> EXPANDED
    check(back.run(Rollout.Verb.ROLLBACK, SampleShard.V2, List.of(), shards)); // EXPANDED -> PENDING
    return seconds;
  }

  private static void check(Rollout.Report r) {
    if (!r.succeeded()) {
      throw new IllegalStateException("a fleet step did not succeed:\n" + r.render());
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static List<Databases.Fresh> create(Dialect dialect, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Databases.Fresh>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> Databases.create(dialect)));
      }
      List<Databases.Fresh> out = new ArrayList<>();
      for (Future<Databases.Fresh> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  private static void drop(List<Databases.Fresh> dbs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Databases.Fresh db : dbs) {
        futures.add(pool.submit(db::close));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
