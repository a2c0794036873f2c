package dev.crossfade.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostNetwork;
import dev.crossfade.sample.repository.HostRepository;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The repository figures on one database and size: steady-state overhead (MIGRATED, CONTRACTED) against
 * hand-written JDBC and jOOQ; the joined read and the dual write on an EXPANDED shard; the phase cache's state
 * queries per 10,000 operations.
 */
final class RepoBench {
  record Config(int warmupRounds, int rounds, int ops) {}

  private static final String STEADY = "Steady-state overhead (target: generated / hand JDBC at most 1.10x, aim 1.03x)";
  private static final String JOINED = "Joined read on an EXPANDED shard (target: at most 1.5x the one-table read)";
  private static final String DUAL = "Dual write on an EXPANDED shard (target: at most 1.6x the same save on CONTRACTED)";
  private static final String CACHE = "Phase cache (target: 0 state queries outside the background refresh)";

  private RepoBench() {}

  static Crossfade server(Shard shard, String id) {
    return Crossfade.builder().shards(shard).serverId(id).classLoader(RepoBench.class.getClassLoader())
        .lease(Duration.ofSeconds(60)).heartbeat(Duration.ofSeconds(1)).start();
  }

  static void run(Dialect d, long rows, Config cfg, Report report) throws Exception {
    String db = d.folder();
    try (Databases.Fresh dbA = Databases.create(d); Databases.Fresh dbB = Databases.create(d)) {
      Shard a = SampleShard.expanded(dbA, rows);
      // Release 2.0 servers have written every host once: the split-off rows exist on the EXPANDED shard.
      try (Connection c = dbA.connect(); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO host_network (host_id, ip_address, mac_address) SELECT id, ip, mac FROM host");
        s.executeUpdate("INSERT INTO host_os (host_id, name, version) SELECT id, os_name, os_version FROM host");
      }
      Shard b = SampleShard.expanded(dbB, rows);
      SampleShard.migrate(b);
      SampleShard.contract(b);

      try (HikariDataSource poolA = dbA.pool(4); HikariDataSource poolB = dbB.pool(4)) {
        Shard pa = new Shard(a.name(), poolA, d);
        Shard pb = new Shard(b.name(), poolB, d);
        try (Crossfade serverA = server(pa, "bench-a"); Crossfade serverB = server(pb, "bench-b")) {
          HostRepository hostsA = serverA.repository(HostRepository.class, a.name());
          HostRepository hostsB = serverB.repository(HostRepository.class, b.name());
          CrossfadeRepository<HostNetwork, Object> netsA = serverA.repositoryOf(HostNetwork.class, a.name());
          CrossfadeRepository<HostNetwork, Object> netsB = serverB.repositoryOf(HostNetwork.class, b.name());

          // Same answers before timing anything.
          long k = Hosts.key(7, rows);
          same("HostNetwork on EXPANDED", HandWritten.networkFromOneTable(poolA, k), netsA.findById(k).orElse(null));
          same("Host on EXPANDED", view(HandWritten.hostFromOneTable(poolA, d, k)), view(hostsA.findById(k).orElse(null)));

          Stats.Table joined = report.table(JOINED, "db", "rows", "read", "one table µs/op", "generated µs/op",
              "ratio", "IQR of ratio");
          var nj = new Compare("one", i -> Objects.requireNonNull(HandWritten.networkFromOneTable(poolA, Hosts.key(i, rows))))
              .with("gen", i -> netsA.findById(Hosts.key(i, rows)).orElseThrow())
              .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops());
          joined.row(db, rows, "HostNetwork.findById: host only, no join (every field's truth is host's old columns until MIGRATED)",
              us(nj.get("one").medianMicros()), us(nj.get("gen").medianMicros()), nj.get("gen").ratioText(),
              nj.get("gen").spread());
          report.ratio(db + " " + rows + " joined HostNetwork", nj.get("gen").ratio());
          var hj = new Compare("one", i -> Objects.requireNonNull(HandWritten.hostFromOneTable(poolA, d, Hosts.key(i, rows))))
              .with("gen", i -> hostsA.findById(Hosts.key(i, rows)).orElseThrow())
              .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops());
          joined.row(db, rows, "Host.findById: host only (its old columns are the source of truth until MIGRATED)",
              us(hj.get("one").medianMicros()), us(hj.get("gen").medianMicros()), hj.get("gen").ratioText(),
              hj.get("gen").spread());
          report.ratio(db + " " + rows + " joined Host", hj.get("gen").ratio());

          Stats.Table dual = report.table(DUAL, "db", "rows", "save", "CONTRACTED µs/op", "EXPANDED µs/op",
              "statements (EXPANDED vs CONTRACTED)", "ratio", "IQR of ratio");
          var hd = new Compare("contracted", i -> hostsB.save(Hosts.host(Hosts.key(i, rows), i)))
              .with("expanded", i -> hostsA.save(Hosts.host(Hosts.key(i, rows), i)))
              .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops());
          dual.row(db, rows, "Host.save", us(hd.get("contracted").medianMicros()), us(hd.get("expanded").medianMicros()),
              d == Dialect.POSTGRES ? "3 upserts (18 host columns) vs 3 upserts (11), each save one statement (WITH)"
                  : "3 upserts (18 host columns) vs 3 upserts (11)", hd.get("expanded").ratioText(), hd.get("expanded").spread());
          report.ratio(db + " " + rows + " dual Host", hd.get("expanded").ratio());
          var nd = new Compare("contracted", i -> netsB.save(Hosts.network(Hosts.key(i, rows), i)))
              .with("expanded", i -> netsA.save(Hosts.network(Hosts.key(i, rows), i)))
              .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops());
          dual.row(db, rows, "HostNetwork.save", us(nd.get("contracted").medianMicros()),
              us(nd.get("expanded").medianMicros()), d == Dialect.POSTGRES ? "upsert + UPDATE host in one statement (WITH) vs upsert"
                  : "upsert + UPDATE host vs upsert", nd.get("expanded").ratioText(),
              nd.get("expanded").spread());
          report.ratio(db + " " + rows + " dual HostNetwork", nd.get("expanded").ratio());

          steady(report, db, rows, "CONTRACTED", hostsB, poolB, d, false, cfg);
        }

        SampleShard.migrate(a);
        try (Crossfade serverA = server(pa, "bench-a2")) {
          HostRepository hostsA = serverA.repository(HostRepository.class, a.name());
          steady(report, db, rows, "MIGRATED", hostsA, poolA, d, true, cfg);
        }
        phaseCache(report, db, rows, dbA, d, a);
      }
    }
  }

  private static void steady(Report report, String db, long rows, String phase, HostRepository gen, DataSource ds,
      Dialect d, boolean oldLayout, Config cfg) throws Exception {
    HandWritten.HostOps jdbc = HandWritten.jdbc(ds, d, oldLayout);
    HandWritten.HostOps jooq = HandWritten.jooq(ds, d, oldLayout);
    long k = Hosts.key(11, rows);
    gen.save(Hosts.host(k, 3));
    same(phase + " findById jdbc", view(jdbc.findById(k)), view(gen.findById(k).orElse(null)));
    same(phase + " findById jooq", view(jooq.findById(k)), view(gen.findById(k).orElse(null)));
    jdbc.save(Hosts.host(k, 4));
    same(phase + " after a hand-written save", view(jdbc.findById(k)), view(gen.findById(k).orElse(null)));
    jooq.save(Hosts.host(k, 5));
    same(phase + " after a jOOQ save", view(jdbc.findById(k)), view(gen.findById(k).orElse(null)));
    same(phase + " findByHostname", view(jdbc.findByHostname("h" + k).get(0)), view(gen.findByHostname("h" + k).orElse(null)));

    Stats.Table t = report.table(STEADY, "db", "rows", "phase", "operation", "hand JDBC µs/op", "hand jOOQ µs/op",
        "generated µs/op", "generated / JDBC", "IQR", "generated / jOOQ", "jOOQ / JDBC");
    Map<String, Map<String, Compare.Result>> results = new java.util.LinkedHashMap<>();
    results.put("findById", new Compare("jdbc", i -> Objects.requireNonNull(jdbc.findById(Hosts.key(i, rows))))
        .with("jooq", i -> Objects.requireNonNull(jooq.findById(Hosts.key(i, rows))))
        .with("gen", i -> gen.findById(Hosts.key(i, rows)).orElseThrow())
        .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops()));
    results.put("save", new Compare("jdbc", i -> jdbc.save(Hosts.host(Hosts.key(i, rows), i)))
        .with("jooq", i -> jooq.save(Hosts.host(Hosts.key(i, rows), i)))
        .with("gen", i -> gen.save(Hosts.host(Hosts.key(i, rows), i)))
        .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops()));
    results.put("findByHostname", new Compare("jdbc", i -> one(jdbc.findByHostname("h" + Hosts.key(i, rows)).size()))
        .with("jooq", i -> one(jooq.findByHostname("h" + Hosts.key(i, rows)).size()))
        .with("gen", i -> gen.findByHostname("h" + Hosts.key(i, rows)).orElseThrow())
        .run(cfg.warmupRounds(), cfg.rounds(), cfg.ops()));
    results.forEach((op, r) -> {
      double genVsJooq = r.get("gen").medianMicros() / r.get("jooq").medianMicros();
      t.row(db, rows, phase, op, us(r.get("jdbc").medianMicros()), us(r.get("jooq").medianMicros()),
          us(r.get("gen").medianMicros()), r.get("gen").ratioText(), r.get("gen").spread(),
          Stats.f("%.2fx", genVsJooq), r.get("jooq").ratioText());
      report.ratio(db + " " + rows + " " + phase + " " + op + " gen/jdbc", r.get("gen").ratio());
      report.ratio(db + " " + rows + " " + phase + " " + op + " jooq/jdbc", r.get("jooq").ratio());
    });
  }

  /** 10,000 operations through a recording pool: which statements touched the state tables, and from which thread. */
  private static void phaseCache(Report report, String db, long rows, Databases.Fresh fresh, Dialect d, Shard a)
      throws Exception {
    try (HikariDataSource pool = fresh.pool(2)) {
      RecordingDataSource rec = new RecordingDataSource(pool);
      Shard shard = new Shard(a.name(), rec, d);
      try (Crossfade server = server(shard, "bench-cache")) {
        HostRepository hosts = server.repository(HostRepository.class, a.name());
        long readsBefore = server.phases().stateReads();
        rec.executed.clear();
        String me = Thread.currentThread().getName();
        long t0 = System.nanoTime();
        int ops = 10_000;
        for (int i = 0; i < ops / 4; i++) {
          long k = Hosts.key(i, rows);
          hosts.findById(k).orElseThrow();
          hosts.save(Hosts.host(k, i));
          hosts.findByHostname("h" + k).orElseThrow();
          hosts.existsById(k);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long reads = server.phases().stateReads() - readsBefore;
        // Each save ends with its fencing check (docs/runtime.md, Fencing), on the save's own connection; any
        // other state-table statement of an operation would be the phase cache failing to answer.
        long fences = rec.executed.stream().filter(e -> e.thread().equals(me) && isFencingCheck(e.sql())).count();
        long mine = rec.executed.stream().filter(e -> e.thread().equals(me) && e.sql().contains("crossfade_")
            && !isFencingCheck(e.sql())).count();
        long background = rec.executed.stream().filter(e -> !e.thread().equals(me) && e.sql().contains("crossfade_"))
            .count();
        report.table(CACHE, "db", "rows", "operations", "seconds", "state-table statements by the operations",
            "fencing checks (one per save)", "state reads (PhaseCache.stateReads)",
            "state-table statements by the heartbeat thread (1 s interval)")
            .row(db, rows, ops, Stats.f("%.1f", seconds), mine, fences, reads, background);
        report.ratio(db + " " + rows + " cache statements by operations + 1", mine + 1.0);
        if (mine != 0) {
          report.note("ISSUE: " + db + ": " + mine + " state-table statements came from repository operations");
        }
        if (fences != ops / 4) {
          report.note("ISSUE: " + db + ": " + fences + " fencing checks for " + ops / 4 + " saves");
        }
      }
    }
  }

  /** The statement a write runs before its commit: the state row joined to the server's registration. */
  private static boolean isFencingCheck(String sql) {
    return sql.contains("crossfade_shard") && sql.contains("crossfade_server") && sql.contains("lease_until");
  }

  private static void one(int n) {
    if (n != 1) {
      throw new IllegalStateException("expected one host, found " + n);
    }
  }

  private static String us(double micros) {
    return Stats.f("%.0f", micros);
  }

  private static void same(String what, Object expected, Object actual) {
    if (!Objects.equals(String.valueOf(expected), String.valueOf(actual))) {
      throw new IllegalStateException(what + ": the hand-written baseline and the generated repository disagree:\n  "
          + expected + "\n  " + actual);
    }
  }

  /** A host as text with its bytes spelled out, so that two reads compare. */
  static String view(Host h) {
    if (h == null) {
      return "null";
    }
    return h.toString().replaceFirst("sshFingerprint=\\[B@[0-9a-f]+", "sshFingerprint=" + Arrays.toString(h.sshFingerprint()))
        + (h.monthlyCost() == null ? "" : " cost=" + h.monthlyCost().stripTrailingZeros().toPlainString());
  }
}
