package dev.crossfade.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.processor.TestSizes;
import dev.crossfade.schema.sql.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18: the migrator's verbs over a fleet from a shard inventory, a bounded number of shards at a time, with
 * a canary, an on-error policy, a final table and an exit code that reflects every shard; and one status table
 * (text and JSON) over all of them. The scale proof walks {@link #SHARDS} real databases on PostgreSQL and on
 * MariaDB through expand, migrate and contract eight at a time while one of them is blocked by a held lock.
 */
@Tag(TestSizes.TAG)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FleetRolloutTest {
  /**
   * The fleet of the scale proof: 100 databases per server under {@code -Pfull}, as the issue asks; 40 in the
   * default build, where PostgreSQL's CREATE DATABASE and its process per connection make 100 cost about 100 s.
   */
  static final int SHARDS = Integer.getInteger("crossfade.fleetShards", TestSizes.of(40, 100));
  private static ClassLoader planLoader;

  @TempDir
  Path dir;

  @BeforeAll
  static void compile() {
    planLoader = CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader();
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MigratorCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), planLoader, false);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aFleetWalksThroughEveryPhaseEightAtATimeAndAHeldLockStopsOnlyItsOwnShard(Dialect dialect) throws Exception {
    List<TestDatabases.Fresh> dbs = create(dialect, SHARDS);
    try {
      Path inventory = dir.resolve("fleet.properties");
      List<String> lines = new ArrayList<>(List.of("# " + SHARDS + " shards of " + dialect));
      for (int i = 0; i < dbs.size(); i++) {
        lines.add(name(i) + ".url = " + dbs.get(i).url());
        lines.add(name(i) + ".groups = " + (i == 0 ? "canary, " : "") + (i % 2 == 0 ? "even" : "odd"));
      }
      Files.write(inventory, lines);
      String file = inventory.toString();

      Result baseline = run("expand", "--release", "1.0", "--shards-file", file, "--parallel", "8");
      assertEquals(0, baseline.code(), baseline::toString);
      assertTrue(baseline.out().contains("expand 1.0: " + SHARDS + " done, 0 already done, 0 refused, 0 failed, 0 not"
          + " run, of " + SHARDS + " shards"), baseline::toString);
      for (TestDatabases.Fresh db : dbs) {
        execute(db, "INSERT INTO host (id, name, ip, os_name, memory_mb, monitored) VALUES (1, 'h1', '10.0.0.1',"
            + " 'linux', 1024, true)");
      }

      // One shard's host row is held by a long transaction: its expand cannot take its table lock.
      int held = SHARDS / 2;
      try (Connection blocker = dbs.get(held).connect(); Statement s = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        s.executeUpdate("UPDATE host SET memory_mb = memory_mb WHERE id = 1");
        Result expand = run("expand", "--release", "2.0", "--shards-file", file, "--parallel", "8", "--canary",
            "canary", "--on-error", "continue", "--lock-timeout", "1", "--lock-attempts", "2");
        assertEquals(MigratorCommand.REFUSED, expand.code(), expand::toString);
        assertTrue(expand.out().contains("expand 2.0: " + (SHARDS - 1) + " done, 0 already done, 1 refused, 0 failed,"
            + " 0 not run, of " + SHARDS + " shards"), expand::toString);
        assertTrue(expand.out().lines().anyMatch(l -> l.matches(name(held) + "\\s+refused\\s+PENDING\\s+shard "
            + name(held) + ", release 2\\.0: .*")), expand::toString);
        List<String> refusals = expand.err().lines().filter(l -> l.startsWith("refused: ")).toList();
        assertEquals(1, refusals.size(), expand::toString);
        assertTrue(refusals.get(0).startsWith("refused: shard " + name(held) + ", release 2.0: "), expand::toString);
        blocker.rollback();
      }

      // Running it again finishes the blocked shard and skips the others as already done.
      Result again = run("expand", "--release", "2.0", "--shards-file", file, "--parallel", "8");
      assertEquals(0, again.code(), again::toString);
      assertTrue(again.out().contains("expand 2.0: 1 done, " + (SHARDS - 1) + " already done, 0 refused"),
          again::toString);

      for (String verb : List.of("migrate", "contract")) {
        Result r = run(verb, "--release", "2.0", "--shards-file", file, "--parallel", "8", "--canary", "canary");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains(verb + " 2.0: " + SHARDS + " done, 0 already done, 0 refused, 0 failed"),
            r::toString);
      }

      Result table = run("status", "--shards-file", file);
      assertEquals(0, table.code(), table::toString);
      assertTrue(table.out().contains(SHARDS + " shards; release 2.0: " + SHARDS + " CONTRACTED"), table::toString);
      assertEquals(SHARDS + 2, table.out().lines().count(), "a header, one line per shard, a summary:\n" + table);

      Result json = run("status", "--shards-file", file, "--format", "json");
      assertEquals(0, json.code(), json::toString);
      JsonNode all = new ObjectMapper().readTree(json.out());
      assertEquals(SHARDS, all.size());
      for (int i = 0; i < SHARDS; i++) {
        JsonNode shard = all.get(i);
        assertEquals(name(i), shard.get("shard").asText());
        assertEquals("CONTRACTED", shard.get("phases").get("2.0").asText(), shard.toString());
        assertEquals(0, shard.get("drift").size(), shard.toString());
      }
    } finally {
      drop(dbs);
    }
  }

  @Test
  void aCanaryThatRefusesKeepsEveryOtherShardUntouched() throws Exception {
    List<TestDatabases.Fresh> dbs = create(Dialect.H2, 4);
    Path file = inventory(dbs, 2);
    assertEquals(0, run("expand", "--release", "1.0", "--shards-file", file.toString(), "--parallel", "4").code());
    // Only the canary's group is left PENDING: migrate refuses there.
    assertEquals(0, run("expand", "--release", "2.0", "--shard", name(0) + "=" + dbs.get(0).url(), "--shard",
        name(1) + "=" + dbs.get(1).url(), "--shard", name(3) + "=" + dbs.get(3).url()).code());
    Result r = run("migrate", "--release", "2.0", "--shards-file", file.toString(), "--canary", "canary",
        "--parallel", "4", "--on-error", "continue");
    assertEquals(MigratorCommand.REFUSED, r.code(), r::toString);
    assertTrue(r.out().contains("migrate 2.0: 0 done, 0 already done, 1 refused, 0 failed, 3 not run, of 4 shards"),
        r::toString);
    assertTrue(r.out().lines().anyMatch(l -> l.matches(name(0) + "\\s+not run\\s+-\\s+a canary did not succeed")),
        r::toString);
    Result status = run("status", "--shards-file", file.toString());
    assertTrue(status.out().contains("4 shards; release 2.0: 3 EXPANDED, 1 PENDING"), status::toString);
    drop(dbs);
  }

  @Test
  void onErrorStopStartsNoFurtherShardAndContinueWalksTheRest() throws Exception {
    List<TestDatabases.Fresh> dbs = create(Dialect.H2, 3);
    Path file = inventory(dbs, -1);
    assertEquals(0, run("expand", "--release", "1.0", "--shards-file", file.toString()).code());
    // The first shard has not expanded 2.0, so migrate refuses there; the others have.
    assertEquals(0, run("expand", "--release", "2.0", "--shard", name(1) + "=" + dbs.get(1).url(), "--shard",
        name(2) + "=" + dbs.get(2).url()).code());
    Result stop = run("migrate", "--release", "2.0", "--shards-file", file.toString());
    assertEquals(MigratorCommand.REFUSED, stop.code(), stop::toString);
    assertTrue(stop.out().contains("migrate 2.0: 0 done, 0 already done, 1 refused, 0 failed, 2 not run"),
        stop::toString);
    Result go = run("migrate", "--release", "2.0", "--shards-file", file.toString(), "--on-error", "continue");
    assertEquals(MigratorCommand.REFUSED, go.code(), go::toString);
    assertTrue(go.out().contains("migrate 2.0: 2 done, 0 already done, 1 refused, 0 failed, 0 not run"),
        go::toString);
    drop(dbs);
  }

  @Test
  void aCanaryOrOnErrorThatMatchesNothingIsAUsageError() throws Exception {
    List<TestDatabases.Fresh> dbs = create(Dialect.H2, 2);
    Path file = inventory(dbs, 0);
    Result r = run("expand", "--release", "1.0", "--shards-file", file.toString(), "--canary", "nowhere");
    assertEquals(MigratorCommand.USAGE, r.code(), r::toString);
    assertTrue(r.err().startsWith("usage error: --canary nowhere names no shard and no group of the shards given"),
        r::toString);
    Result e = run("expand", "--release", "1.0", "--shards-file", file.toString(), "--on-error", "maybe");
    assertEquals(MigratorCommand.USAGE, e.code(), e::toString);
    assertTrue(e.err().contains("--on-error takes stop or continue, not 'maybe'"), e::toString);
    drop(dbs);
  }

  private Path inventory(List<TestDatabases.Fresh> dbs, int canary) throws Exception {
    Path f = dir.resolve("shards-" + System.nanoTime() + ".properties");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < dbs.size(); i++) {
      lines.add(name(i) + ".url = " + dbs.get(i).url());
      if (i == canary) {
        lines.add(name(i) + ".groups = canary");
      }
    }
    Files.write(f, lines);
    return f;
  }

  static String name(int i) {
    return String.format(java.util.Locale.ROOT, "shard-%03d", i);
  }

  /** {@code n} fresh databases, created a few at a time (PostgreSQL's CREATE DATABASE copies a template). */
  static List<TestDatabases.Fresh> create(Dialect dialect, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TestDatabases.Fresh>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> TestDatabases.create(dialect)));
      }
      List<TestDatabases.Fresh> out = new ArrayList<>();
      for (Future<TestDatabases.Fresh> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  static void drop(List<TestDatabases.Fresh> dbs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TestDatabases.Fresh db : dbs) {
        futures.add(pool.submit(() -> {
          db.close();
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void execute(TestDatabases.Fresh db, String sql) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
