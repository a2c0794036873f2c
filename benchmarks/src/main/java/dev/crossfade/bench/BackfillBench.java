package dev.crossfade.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.runtime.BackfillProgress;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.sample.domain.HostNetwork;
import dev.crossfade.sample.repository.HostRepository;
import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Backfill throughput ({@code migrate} against the same copies done as one statement each) and backfill
 * impact (p99 of concurrent repository traffic during the backfill against the same traffic before it), with
 * a plot of both over time.
 */
final class BackfillBench {
  private static final String THROUGHPUT = "Backfill throughput (target: migrate at least 0.9x the rows/s of one INSERT … SELECT per step)";
  private static final String IMPACT = "Backfill impact (target: traffic p99 during the backfill at most 1.5x the p99 without it)";
  static final int TRAFFIC_THREADS = 2;
  static final long TRAFFIC_PERIOD_MICROS = 5_000; // each thread: one operation every 5 ms (400 ops/s in all)

  private BackfillBench() {}

  /** A listener's record of one batch. */
  record Batch(long nanos, int step, long rowsDone) {}

  /**
   * The migrator's options for every backfill of this run: the defaults, or with {@code --batch-ms} another
   * {@code targetBatchTime} (to measure the throughput / write-latency trade-off without changing the default).
   */
  static MigratorOptions options(Long batchMillis) {
    MigratorOptions d = MigratorOptions.defaults();
    return batchMillis == null ? d
        : d.withBatches(d.initialBatchSize(), java.time.Duration.ofMillis(batchMillis), d.pauseBetweenBatches());
  }

  static void run(Dialect d, long rows, int reps, Path out, Report report) throws Exception {
    run(d, rows, reps, null, out, report);
  }

  static void run(Dialect d, long rows, int reps, Long batchMillis, Path out, Report report) throws Exception {
    String db = d.folder();
    MigratorOptions options = options(batchMillis);
    String target = options.targetBatchTime().toMillis() + " ms";
    List<Double> migrateSeconds = new ArrayList<>();
    List<Double> baselineSeconds = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    double[] stepSecondsMigrate = new double[4];
    double[] stepSecondsBaseline = new double[4];
    for (int rep = 0; rep < reps; rep++) {
      double base = 0;
      double mig = 0;
      for (int k = 0; k < 2; k++) {
        boolean baselineFirst = rep % 2 == 0;
        if ((k == 0) == baselineFirst) {
          double[] steps = new double[4];
          base = baseline(d, rows, steps);
          baselineSeconds.add(base);
          for (int s = 0; s < 4; s++) {
            stepSecondsBaseline[s] += steps[s] / reps;
          }
        } else {
          double[] steps = new double[4];
          mig = migrate(d, rows, steps, options);
          migrateSeconds.add(mig);
          for (int s = 0; s < 4; s++) {
            stepSecondsMigrate[s] += steps[s] / reps;
          }
        }
      }
      ratios.add(base / mig);
    }
    double mMig = Stats.median(migrateSeconds);
    double mBase = Stats.median(baselineSeconds);
    double ratio = Stats.median(ratios);
    report.table(THROUGHPUT, "db", "rows", "batch target", "runs", "INSERT … SELECT s", "rows/s", "migrate s", "rows/s",
        "migrate / INSERT … SELECT (throughput)", "per step: INSERT … SELECT s / migrate s")
        .row(db, rows, target, reps, Stats.f("%.2f", mBase), Stats.f("%,.0f", rows / mBase), Stats.f("%.2f", mMig),
            Stats.f("%,.0f", rows / mMig), Stats.f("%.2fx", ratio), Stats.f(
                "rename %.2f/%.2f, split network %.2f/%.2f, split os %.2f/%.2f, convert memory %.2f/%.2f",
                stepSecondsBaseline[0], stepSecondsMigrate[0], stepSecondsBaseline[1], stepSecondsMigrate[1],
                stepSecondsBaseline[2], stepSecondsMigrate[2], stepSecondsBaseline[3], stepSecondsMigrate[3]));
    report.ratio(db + " " + rows + " backfill throughput", ratio);

    impact(d, rows, options, out, report);
  }

  /** The four copies of release 2.0 as one statement each, in one transaction; seconds. */
  static double baseline(Dialect d, long rows, double[] steps) throws SQLException {
    try (Databases.Fresh fresh = Databases.create(d)) {
      SampleShard.expanded(fresh, rows);
      String[] sql = {
          "UPDATE host SET hostname = name",
          "INSERT INTO host_network (host_id, ip_address, mac_address) SELECT id, ip, mac FROM host",
          "INSERT INTO host_os (host_id, name, version) SELECT id, os_name, os_version FROM host",
          "UPDATE host SET memory_bytes = CAST(memory_mb AS " + (d.isMySqlFamily() ? "SIGNED" : "BIGINT") + ") * "
              + SampleShard.MB};
      long t0 = System.nanoTime();
      try (Connection c = fresh.connect(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        for (int i = 0; i < sql.length; i++) {
          long ts = System.nanoTime();
          s.executeUpdate(sql[i]);
          steps[i] = (System.nanoTime() - ts) / 1e9;
        }
        c.commit();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      checkCopied(fresh, rows);
      return seconds;
    }
  }

  /** {@code migrate} with the given options; seconds. */
  static double migrate(Dialect d, long rows, double[] steps, MigratorOptions options) throws SQLException {
    try (Databases.Fresh fresh = Databases.create(d)) {
      Shard shard = SampleShard.expanded(fresh, rows);
      List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
      Migrator m = SampleShard.migrator(options
          .withListener(p -> batches.add(new Batch(System.nanoTime(), p.step(), p.rowsDone()))));
      long t0 = System.nanoTime();
      m.migrate(shard, SampleShard.V2);
      long t1 = System.nanoTime();
      long prev = t0;
      for (int s = 1; s <= 4; s++) {
        int step = s;
        long last = batches.stream().filter(b -> b.step() == step).mapToLong(Batch::nanos).max().orElse(prev);
        steps[s - 1] = (last - prev) / 1e9;
        prev = last;
      }
      checkCopied(fresh, rows);
      return (t1 - t0) / 1e9;
    }
  }

  static void checkCopied(Databases.Fresh fresh, long rows) throws SQLException {
    long network = SampleShard.count(fresh, "host_network");
    long os = SampleShard.count(fresh, "host_os");
    long renamed = SampleShard.count(fresh, "host WHERE hostname IS NOT NULL AND memory_bytes IS NOT NULL");
    if (network != rows || os != rows || renamed != rows) {
      throw new IllegalStateException("the copy is incomplete: " + rows + " hosts, " + network + " host_network, "
          + os + " host_os, " + renamed + " with hostname and memory_bytes");
    }
  }

  /** One operation of the traffic: when it started (since the traffic began) and how long it took. */
  record Sample(long startNanos, long latencyNanos, boolean write) {}

  static void impact(Dialect d, long rows, MigratorOptions options, Path out, Report report) throws Exception {
    String db = d.folder();
    String target = options.targetBatchTime().toMillis() + " ms";
    double baselineSeconds = rows >= 1_000_000 ? 20 : rows >= 100_000 ? 10 : rows >= 10_000 ? 3 : 1;
    try (Databases.Fresh fresh = Databases.create(d)) {
      Shard shard = SampleShard.expanded(fresh, rows);
      try (HikariDataSource pool = fresh.pool(TRAFFIC_THREADS + 2)) {
        Shard pooled = new Shard(shard.name(), pool, d);
        try (Crossfade server = RepoBench.server(pooled, "bench-traffic")) {
          HostRepository hosts = server.repository(HostRepository.class, shard.name());
          server.repositoryOf(HostNetwork.class, shard.name());
          Traffic traffic = Traffic.start(hosts, rows);
          // Samples count once the warm-up (JIT, pool, caches) is over.
          Thread.sleep(rows >= 100_000 ? 3000 : rows >= 10_000 ? 1000 : 300);
          long origin = traffic.record();
          Thread.sleep((long) (baselineSeconds * 1000));
          List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
          Migrator m = SampleShard.migrator(options
              .withListener((BackfillProgress p) -> batches.add(new Batch(System.nanoTime() - origin, p.step(),
                  p.rowsDone()))));
          long m0 = System.nanoTime() - origin;
          m.migrate(shard, SampleShard.V2);
          long m1 = System.nanoTime() - origin;
          Thread.sleep(Math.min(3000, (long) (baselineSeconds * 300)));
          List<Sample> all = traffic.stop();
          checkCopied(fresh, rows);
          long[] before = latencies(all, 0, m0, null);
          long[] during = latencies(all, m0, m1, null);
          double p99b = Stats.percentileLong(before, 99) / 1e6;
          double p99d = Stats.percentileLong(during, 99) / 1e6;
          double ratio = p99d / p99b;
          long[] readsB = latencies(all, 0, m0, false);
          long[] readsD = latencies(all, m0, m1, false);
          long[] writesB = latencies(all, 0, m0, true);
          long[] writesD = latencies(all, m0, m1, true);
          double backfillSeconds = (m1 - m0) / 1e9;
          Path png = out.resolve("backfill-" + db + "-" + rows + ".png");
          Plot.draw(png, db + ", " + String.format(Locale.ROOT, "%,d", rows) + " rows: migrate --release 2.0 under traffic ("
              + TRAFFIC_THREADS + " threads, findById/save alternating, " + (1_000_000 / TRAFFIC_PERIOD_MICROS)
              * TRAFFIC_THREADS + " ops/s offered)", all, batches, m0, m1, p99b);
          report.files.add(png);
          report.table(IMPACT, "db", "rows", "batch target", "ops before / during", "p50 ms before / during",
              "p99 ms before / during", "p99 ratio", "findById p99 ms before / during", "save p99 ms before / during",
              "backfill s (rows/s) under traffic", "plot")
              .row(db, rows, target, before.length + " / " + during.length,
                  Stats.f("%.2f / %.2f", Stats.percentileLong(before, 50) / 1e6, Stats.percentileLong(during, 50) / 1e6),
                  Stats.f("%.2f / %.2f", p99b, p99d), Stats.f("%.2fx", ratio),
                  Stats.f("%.2f / %.2f", Stats.percentileLong(readsB, 99) / 1e6, Stats.percentileLong(readsD, 99) / 1e6),
                  Stats.f("%.2f / %.2f", Stats.percentileLong(writesB, 99) / 1e6, Stats.percentileLong(writesD, 99) / 1e6),
                  Stats.f("%.1f (%,.0f)", backfillSeconds, rows / backfillSeconds), png.getFileName());
          report.ratio(db + " " + rows + " backfill p99 impact", ratio);
        }
      }
    }
  }

  /** Sorted latencies of the samples that started in [from, to); {@code write} null means all. */
  private static long[] latencies(List<Sample> samples, long from, long to, Boolean write) {
    return samples.stream().filter(s -> s.startNanos() >= from && s.startNanos() < to)
        .filter(s -> write == null || s.write() == write).mapToLong(Sample::latencyNanos).sorted().toArray();
  }
}
