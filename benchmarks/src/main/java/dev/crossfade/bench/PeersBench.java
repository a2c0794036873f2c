package dev.crossfade.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.runtime.BackfillProgress;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.sample.domain.HostNetwork;
import dev.crossfade.sample.repository.HostRepository;
import dev.crossfade.schema.sql.Dialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crossfade's {@code migrate} side by side with what teams use instead, each on a fresh copy of the same
 * EXPANDED shard under the same application traffic ({@link Traffic}):
 *
 * <ul>
 *   <li><b>crossfade</b>: {@code migrate --release 2.0} with the default options (four copies: the rename,
 *       two table splits, the type change).
 *   <li><b>batched loop</b> (both databases): the same four copies the way GitLab's {@code each_batch} walks a
 *       table: find the next bound ({@code WHERE id >= start ORDER BY id OFFSET 1000 LIMIT 1}), then one
 *       statement over {@code [start, next)} in its own transaction, 1,000 rows a batch, no pause.
 *   <li><b>pt-online-schema-change</b> (MariaDB): the table rebuild with which a MySQL-family team adds
 *       columns to {@code host} (release 2.0 adds {@code hostname}, {@code memory_bytes}, {@code cpu_count});
 *       since the traffic needs 2.0's columns from the start, its {@code --alter} adds one more, like
 *       {@code cpu_count}. Default chunking (0.5 s chunks, pauses on {@code Threads_running}); one copy of each
 *       row, where the others make four.
 * </ul>
 */
final class PeersBench {
  static final String FIGURE = "Side by side under the same traffic (target: Crossfade at least as fast as each peer,"
      + " with a lower p99 ratio)";
  static final String VERSUS = "Crossfade against each peer, same run (above 1x: Crossfade faster)";
  static final String PT_OSC = "pt-online-schema-change";
  static final String LOOP = "batched loop";
  static final int LOOP_BATCH = 1_000;
  static final String PT_OSC_ALTER = "ADD COLUMN added_by_pt_osc int NOT NULL DEFAULT 1";

  private PeersBench() {}

  /** The tool is not installed: the harness says how to install it, the smoke test skips (fails when CI=true). */
  static final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }
  }

  /** Throws {@link Missing} when {@code pt-online-schema-change} is not on the PATH. */
  static void requirePtOsc() {
    try {
      Process p = new ProcessBuilder(PT_OSC, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new Missing(PT_OSC + " --version failed; run benchmarks/setup-peers.sh");
      }
    } catch (IOException e) {
      throw new Missing(PT_OSC + " is not installed (" + e.getMessage() + "); run benchmarks/setup-peers.sh, which"
          + " installs Debian's percona-toolkit");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One run's outcome. */
  record Result(String tool, long rows, long rowCopies, double baselineSeconds, double seconds, long[] before,
      long[] during, long[] savesBefore, long[] savesDuring, String png) {
    double p99Before() {
      return Stats.percentileLong(before, 99) / 1e6;
    }

    double p99During() {
      return Stats.percentileLong(during, 99) / 1e6;
    }

    double ratio() {
      return p99During() / p99Before();
    }
  }

  /** A way of making release 2.0's change while the traffic goes on; records its progress. */
  private interface Change {
    void run(Databases.Fresh fresh, Shard shard, long origin, List<BackfillBench.Batch> progress) throws Exception;
  }

  static void run(Dialect d, long rows, int reps, Path out, Report report) throws Exception {
    if (d.isMySqlFamily()) {
      requirePtOsc();
    }
    List<String> tools = new ArrayList<>(List.of("crossfade", LOOP));
    if (d.isMySqlFamily()) {
      tools.add(PT_OSC);
    }
    for (int rep = 0; rep < reps; rep++) {
      // Rotate the order so that no tool always runs first (or last) on a machine whose load drifts.
      List<String> order = new ArrayList<>(tools);
      Collections.rotate(order, -((int) ((rep + rows / 1000) % order.size())));
      List<Result> results = new ArrayList<>();
      for (String tool : order) {
        System.err.println("peers: " + d.folder() + ", " + rows + " rows, " + tool + " (load "
            + Machine.loadAverage() + ")");
        Result r = underTraffic(d, rows, tool, reps > 1 ? "-" + (rep + 1) : "", out, report);
        results.add(r);
        report.table(FIGURE, "db", "rows", "tool", "row copies", "s", "host rows/s", "row copies/s",
            "ops before / during", "traffic ops/s before / during (offered " + 1_000_000
                / BackfillBench.TRAFFIC_PERIOD_MICROS * BackfillBench.TRAFFIC_THREADS + ")", "p50 ms before / during", "p99 ms before / during", "p99 ratio",
            "save p99 ms before / during", "load", "plot")
            .row(d.folder(), rows, tool, Stats.f("%,d", r.rowCopies()), Stats.f("%.1f", r.seconds()),
                Stats.f("%,.0f", rows / r.seconds()), Stats.f("%,.0f", r.rowCopies() / r.seconds()),
                r.before().length + " / " + r.during().length,
                Stats.f("%.0f / %.0f", r.before().length / r.baselineSeconds(), r.during().length / r.seconds()),
                Stats.f("%.2f / %.2f", Stats.percentileLong(r.before(), 50) / 1e6,
                    Stats.percentileLong(r.during(), 50) / 1e6),
                Stats.f("%.2f / %.2f", r.p99Before(), r.p99During()), Stats.f("%.2fx", r.ratio()),
                Stats.f("%.2f / %.2f", Stats.percentileLong(r.savesBefore(), 99) / 1e6,
                    Stats.percentileLong(r.savesDuring(), 99) / 1e6), Machine.loadAverage(), r.png());
        report.ratio(d.folder() + " " + rows + " " + tool + " p99 impact" + (reps > 1 ? " " + rep : ""), r.ratio());
      }
      Result cf = results.stream().filter(r -> r.tool().equals("crossfade")).findFirst().orElseThrow();
      for (Result peer : results) {
        if (peer == cf) {
          continue;
        }
        double time = peer.seconds() / cf.seconds();
        double perCopy = (cf.rowCopies() / cf.seconds()) / (peer.rowCopies() / peer.seconds());
        report.table(VERSUS, "db", "rows", "peer", "peer s / Crossfade s", "Crossfade row copies/s / peer's",
            "p99 ratio: Crossfade / peer", "faster?", "lower p99 ratio?")
            .row(d.folder(), rows, peer.tool(), Stats.f("%.2fx", time), Stats.f("%.2fx", perCopy),
                Stats.f("%.2fx / %.2fx", cf.ratio(), peer.ratio()),
                time >= 1 ? "yes" : perCopy >= 1 ? "per row copy only" : "no", cf.ratio() < peer.ratio() ? "yes" : "no");
        report.ratio(d.folder() + " " + rows + " " + peer.tool() + " time / crossfade time" + (reps > 1 ? " " + rep : ""),
            time);
      }
    }
  }

  private static Result underTraffic(Dialect d, long rows, String tool, String suffix, Path out, Report report)
      throws Exception {
    String db = d.folder();
    double baselineSeconds = rows >= 1_000_000 ? 20 : rows >= 100_000 ? 10 : rows >= 10_000 ? 3 : 1;
    String slug = tool.equals(PT_OSC) ? "pt-osc" : tool.equals(LOOP) ? "loop" : "crossfade";
    Change change = switch (tool) {
      case "crossfade" -> (fresh, shard, origin, progress) -> SampleShard.migrator(MigratorOptions.defaults()
              .withListener((BackfillProgress p) -> progress.add(new BackfillBench.Batch(System.nanoTime() - origin,
                  p.step(), p.rowsDone()))))
          .migrate(shard, SampleShard.V2);
      case LOOP -> (fresh, shard, origin, progress) -> batchedLoop(fresh, rows, origin, progress);
      case PT_OSC -> (fresh, shard, origin, progress) -> ptOsc(fresh, rows, origin, progress,
          out.resolve("peers-" + db + "-" + slug + "-" + rows + suffix + ".log"));
      default -> throw new IllegalArgumentException(tool);
    };
    try (Databases.Fresh fresh = Databases.create(d)) {
      Shard shard = SampleShard.expanded(fresh, rows);
      try (HikariDataSource pool = fresh.pool(BackfillBench.TRAFFIC_THREADS + 2)) {
        Shard pooled = new Shard(shard.name(), pool, d);
        try (Crossfade server = RepoBench.server(pooled, "bench-traffic")) {
          HostRepository hosts = server.repository(HostRepository.class, shard.name());
          server.repositoryOf(HostNetwork.class, shard.name());
          Traffic traffic = Traffic.start(hosts, rows);
          List<BackfillBench.Sample> all;
          List<BackfillBench.Batch> progress = Collections.synchronizedList(new ArrayList<>());
          long m0;
          long m1;
          try {
            // A longer warm-up from 1M rows: the first tool in a cold JVM otherwise measures its "before" still warming up
            Thread.sleep(rows >= 1_000_000 ? 10_000 : rows >= 100_000 ? 3000 : rows >= 10_000 ? 1000 : 300);
            long origin = traffic.record();
            Thread.sleep((long) (baselineSeconds * 1000));
            m0 = System.nanoTime() - origin;
            change.run(fresh, shard, origin, progress);
            m1 = System.nanoTime() - origin;
            Thread.sleep(Math.min(3000, (long) (baselineSeconds * 300)));
          } finally {
            all = traffic.stop();
          }
          if (tool.equals(PT_OSC)) {
            checkRebuilt(fresh, rows);
          } else {
            BackfillBench.checkCopied(fresh, rows);
          }
          long[] before = latencies(all, 0, m0, null);
          long[] during = latencies(all, m0, m1, null);
          double p99b = Stats.percentileLong(before, 99) / 1e6;
          Path png = out.resolve("peers-" + db + "-" + slug + "-" + rows + suffix + ".png");
          String what = switch (tool) {
            case PT_OSC -> PT_OSC + " (rebuild of host, ADD COLUMN)";
            case LOOP -> "batched loop, 4 copies in " + LOOP_BATCH + "-row keyset batches";
            default -> "Crossfade migrate --release 2.0";
          };
          Plot.draw(png, db + ", " + String.format(Locale.ROOT, "%,d", rows) + " rows: " + what + " under traffic",
              all, progress, m0, m1, p99b, tool + " rows/s (" + (tool.equals(PT_OSC) ? "from its progress lines, once a second"
                  : "all steps"), tool, tool + " running");
          report.files.add(png);
          long copies = tool.equals(PT_OSC) ? rows : 4 * rows;
          return new Result(tool, rows, copies, m0 / 1e9, (m1 - m0) / 1e9, before, during, latencies(all, 0, m0, true),
              latencies(all, m0, m1, true), png.getFileName().toString());
        }
      }
    }
  }

  /**
   * Release 2.0's four copies as GitLab's {@code each_batch(of: 1000)} walks them: the next bound by keyset and
   * offset, then one statement over {@code [start, next)}, autocommit (one transaction per batch), no pause.
   */
  static void batchedLoop(Databases.Fresh fresh, long rows, long origin, List<BackfillBench.Batch> progress)
      throws SQLException {
    boolean pg = fresh.dialect() == Dialect.POSTGRES;
    String[] copies = {
        "UPDATE host SET hostname = name WHERE id >= ? AND id < ?",
        "INSERT INTO host_network (host_id, ip_address, mac_address) SELECT id, ip, mac FROM host"
            + " WHERE id >= ? AND id < ?" + (pg
            ? " ON CONFLICT (host_id) DO UPDATE SET ip_address = excluded.ip_address, mac_address = excluded.mac_address"
            : " ON DUPLICATE KEY UPDATE ip_address = VALUES(ip_address), mac_address = VALUES(mac_address)"),
        "INSERT INTO host_os (host_id, name, version) SELECT id, os_name, os_version FROM host"
            + " WHERE id >= ? AND id < ?" + (pg
            ? " ON CONFLICT (host_id) DO UPDATE SET name = excluded.name, version = excluded.version"
            : " ON DUPLICATE KEY UPDATE name = VALUES(name), version = VALUES(version)"),
        "UPDATE host SET memory_bytes = CAST(memory_mb AS " + (pg ? "BIGINT" : "SIGNED") + ") * " + SampleShard.MB
            + " WHERE id >= ? AND id < ?"};
    try (Connection c = fresh.connect();
        PreparedStatement first = c.prepareStatement("SELECT id FROM host ORDER BY id LIMIT 1");
        PreparedStatement next = c.prepareStatement("SELECT id FROM host WHERE id >= ? ORDER BY id LIMIT 1 OFFSET "
            + LOOP_BATCH)) {
      c.setAutoCommit(true);
      for (int step = 1; step <= copies.length; step++) {
        try (PreparedStatement copy = c.prepareStatement(copies[step - 1])) {
          Long start = one(first);
          long done = 0;
          while (start != null) {
            next.setLong(1, start);
            Long stop = one(next);
            copy.setLong(1, start);
            copy.setLong(2, stop == null ? Long.MAX_VALUE : stop);
            copy.executeUpdate();
            done = stop == null ? rows : done + LOOP_BATCH;
            progress.add(new BackfillBench.Batch(System.nanoTime() - origin, step, done));
            start = stop;
          }
        }
      }
    }
  }

  private static Long one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  private static final Pattern PROGRESS = Pattern.compile("Copying .*?:\\s+(\\d+)% ");
  private static final Pattern MARIADB = Pattern.compile("jdbc:(?:mariadb|mysql)://([^:/?]+)(?::(\\d+))?/[^?]*(?:\\?(.*))?");

  /**
   * pt-online-schema-change rebuilding {@code host} with its defaults; its progress lines (one a second) are
   * the plot's rows/s, its whole output goes to {@code log}.
   */
  static void ptOsc(Databases.Fresh fresh, long rows, long origin, List<BackfillBench.Batch> progress, Path log)
      throws Exception {
    Matcher url = MARIADB.matcher(fresh.url());
    if (!url.matches()) {
      throw new IllegalStateException("cannot read host and port from " + fresh.url());
    }
    String user = "root";
    String password = "";
    if (url.group(3) != null) {
      for (String kv : url.group(3).split("&")) {
        if (kv.startsWith("user=")) {
          user = kv.substring(5);
        } else if (kv.startsWith("password=")) {
          password = kv.substring(9);
        }
      }
    }
    String dsn = "h=" + url.group(1) + ",P=" + (url.group(2) == null ? "3306" : url.group(2)) + ",u=" + user
        + (password.isEmpty() ? "" : ",p=" + password) + ",D=" + fresh.name() + ",t=host";
    List<String> command = List.of(PT_OSC, "--alter", PT_OSC_ALTER,
        // host_network and host_os reference host: pt-osc must re-point their foreign keys at the new table.
        "--alter-foreign-keys-method", "auto",
        // one local server, no replicas to find or wait for
        "--recursion-method", "none",
        "--progress", "time,1", "--execute", dsn);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    // Progress: 0 % at "Copying approximately", each progress line's percentage, 100 % at "Copied rows OK";
    // the rows between two of them are spread evenly over the time between (the lines come once a second).
    long[] last = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        long now = System.nanoTime() - origin;
        lines.add(String.format(Locale.ROOT, "[%8.3f s] %s", now / 1e9, line));
        Matcher m = PROGRESS.matcher(line);
        Long done = line.contains("Copying approximately") ? Long.valueOf(0) : m.find()
            ? Long.valueOf(rows * Long.parseLong(m.group(1)) / 100) : line.contains("Copied rows OK") ? rows : null;
        if (done == null) {
          continue;
        }
        if (last != null) {
          int parts = (int) Math.max(1, (now - last[0]) / 100_000_000L);
          for (int i = 1; i <= parts; i++) {
            progress.add(new BackfillBench.Batch(last[0] + (now - last[0]) * i / parts, 1,
                last[1] + (done - last[1]) * i / parts));
          }
        }
        last = new long[] {now, done};
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroy();
    }
    int exit = p.exitValue();
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, "$ " + String.join(" ", command) + "\n" + String.join("\n", lines) + "\nexit " + exit + "\n");
    if (exit != 0) {
      throw new IllegalStateException(PT_OSC + " exited with " + exit + "; its output: " + log + "\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }
  }

  /** pt-osc's rebuild swapped in: every host there, with the added column. */
  static void checkRebuilt(Databases.Fresh fresh, long rows) throws SQLException {
    long hosts = SampleShard.count(fresh, "host");
    long added = SampleShard.count(fresh, "host WHERE added_by_pt_osc = 1");
    if (hosts != rows || added != rows) {
      throw new IllegalStateException("the rebuild is incomplete: " + rows + " hosts expected, " + hosts + " there, "
          + added + " with the added column");
    }
  }

  private static long[] latencies(List<BackfillBench.Sample> samples, long from, long to, Boolean write) {
    return samples.stream().filter(s -> s.startNanos() >= from && s.startNanos() < to)
        .filter(s -> write == null || s.write() == write).mapToLong(BackfillBench.Sample::latencyNanos).sorted()
        .toArray();
  }
}
