package dev.crossfade.runtime;

import static dev.crossfade.runtime.HostRows.V1;
import static dev.crossfade.runtime.HostRows.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.processor.TestSizes;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A migrator process killed with SIGKILL in the middle of a backfill (20,000 rows; 100,000 under
 * {@code -Pfull}) loses at most the batch in flight: the checkpoint and the copied rows were committed
 * together, so a rerun resumes at the checkpoint instead of starting over, and in the end every row was
 * copied exactly once and equals its old value. The process slows its commits once it is a tenth into the
 * chosen step, so the kill lands there, most likely with a batch written but not committed, however fast or
 * slow the machine is. Real servers only: the killed migrator is a separate JVM, which an in-memory H2 cannot
 * share.
 */
@Tag(TestSizes.TAG)
class BackfillCrashResumeTest {
  static final int ROWS = TestSizes.of(20_000, 100_000);
  /** The longest the test waits for the migrator process to reach the kill point: a broken one, not a slow one. */
  static final Duration CEILING = Duration.ofMinutes(5);
  /** New-place rows already written, per backfill step of 2.0 (same order as the plan's steps). */
  static final String[] COPIED = {
      "SELECT count(*) FROM host WHERE hostname IS NOT NULL",
      "SELECT count(*) FROM host_network",
      "SELECT count(*) FROM host_os",
      "SELECT count(*) FROM host WHERE memory_bytes IS NOT NULL"};

  @BeforeAll
  static void compile() {
    HostRows.plan();
  }

  /** Where each dialect's migrator is killed: PostgreSQL in the converted step, MariaDB in an upsert split. */
  static Stream<Arguments> killPoints() {
    return Stream.of(Arguments.of(Dialect.POSTGRES, 3), Arguments.of(Dialect.MARIADB, 1));
  }

  @ParameterizedTest(name = "{0}, killed in step index {1}")
  @MethodSource("killPoints")
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void aMigratorKilledMidBackfillResumesAtItsCheckpointAndCopiesEveryRowExactlyOnce(Dialect dialect, int killStep)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      Migrator setup = new Migrator(HostRows.plan(), MigratorOptions.defaults());
      setup.expand(shard, V1);
      setup.expand(shard, V2);
      try (Connection c = db.connect()) {
        HostRows.insert(c, 1, ROWS);
      }
      assertEquals(4, COPIED.length, "this test knows each of the four 2.0 backfill steps");
      assertEquals(COPIED.length, HostRows.plan().backfill(dialect, V2).size());

      // 1. A separate migrator JVM, killed with SIGKILL once the checkpoint shows a step part-way done.
      Path log = Files.createTempFile("crossfade-migrate-" + dialect.folder(), ".log");
      Process child = startMigrator(db.url(), log, killStep);
      long[] seen;
      try {
        seen = awaitMidBackfill(db, child, log, killStep);
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no rollback by the client
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed migrator exits");
      }
      assertFalse(child.exitValue() == 0, "the migrator was killed, it did not finish: " + Files.readString(log));
      awaitNoOtherSession(db); // the server has noticed the dead connection and rolled its batch back

      // 2. What the killed process left: the interrupted step's copied rows are exactly its checkpoint.
      int interrupted;
      long rowsAtKill;
      try (Connection c = db.connect()) {
        List<long[]> cps = HostRows.checkpoints(c);
        interrupted = firstUnfinished(cps);
        assertTrue(interrupted >= 0, "killed while a step was unfinished: " + describe(cps));
        assertEquals(killStep, interrupted, "killed in the step chosen: " + describe(cps));
        rowsAtKill = rowsDone(cps, interrupted);
        assertTrue(rowsAtKill > 0 && rowsAtKill < ROWS, "killed part-way through step " + interrupted + " (seen "
            + seen[2] + " rows of step " + seen[0] + "): " + describe(cps));
        for (int step = 0; step < COPIED.length; step++) {
          long expected = step < interrupted ? ROWS : step == interrupted ? rowsAtKill : 0;
          assertEquals(expected, HostRows.count(c, COPIED[step]), "step " + step + ": the rows in the new place are"
              + " exactly those its checkpoint counts (the batch in flight was rolled back with its checkpoint)");
        }
        assertEquals(Phase.MIGRATING, setup.status(shard).phase(V2));
      }

      // 3. migrate again, in this JVM: it resumes there.
      List<BackfillProgress> progress = new CopyOnWriteArrayList<>();
      Migrator migrator = new Migrator(HostRows.plan(), MigratorOptions.defaults().withListener(progress::add)
          .withBatches(1000, Duration.ofMillis(200), Duration.ZERO));
      ShardStatus done = migrator.migrate(shard, V2);
      assertEquals(Phase.MIGRATED, done.phase(V2));
      int resumedStep = interrupted + 1;
      List<BackfillProgress> ofInterrupted = progress.stream().filter(p -> p.step() == resumedStep).toList();
      assertFalse(ofInterrupted.isEmpty(), "the interrupted step ran again: " + progress);
      BackfillProgress first = ofInterrupted.get(0);
      assertEquals(rowsAtKill + 1000, first.rowsDone(), "the first batch after the restart (1,000 rows) continues"
          + " at the checkpoint's " + rowsAtKill + " rows instead of starting over: " + first.line());
      assertTrue(progress.stream().noneMatch(p -> p.step() < resumedStep),
          "finished steps are not run again: " + progress.get(0).line());
      assertEquals(ROWS, ofInterrupted.get(ofInterrupted.size() - 1).rowsDone());
      assertEquals(Long.valueOf(4L * ROWS), done.backfillRows().get(V2));

      // 4. Every row copied exactly once, and the new places equal the old.
      try (Connection c = db.connect()) {
        List<long[]> cps = HostRows.checkpoints(c);
        assertEquals(COPIED.length, cps.size(), describe(cps));
        for (long[] cp : cps) {
          assertEquals(1, cp[2], "step " + cp[0] + " is done: " + describe(cps));
          assertEquals(ROWS, cp[3], "step " + cp[0] + " counted each of the " + ROWS + " rows once: " + describe(cps));
        }
        for (String copied : COPIED) {
          assertEquals(ROWS, HostRows.count(c, copied), copied);
        }
        assertEquals(List.of(0L, 0L, 0L, 0L), HostRows.verifyCounts(c, dialect));
        assertEquals(0, HostRows.rowsWhereNewDiffersFromOld(c));
        assertEquals(ROWS, HostRows.count(c, "SELECT count(*) FROM host WHERE memory_bytes = "
            + "memory_mb * " + HostRows.MB + ".0 AND memory_bytes > 0"));
      }
      System.out.printf("%s: killed in step %d at %,d rows; resumed at %,d%n", dialect, interrupted + 1, rowsAtKill,
          first.rowsDone());
      System.out.println("the killed migrator's output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      Files.deleteIfExists(log);
    }
  }

  private static Process startMigrator(String url, Path log, int killStep) throws Exception {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, MigrateMain.class.getName(), url,
        "200", "40", "15", String.valueOf(killStep), "200"));
    return new ProcessBuilder(command).directory(new File(System.getProperty("user.dir"))).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /**
   * Waits until the given step has at least 10% of its rows done and is not finished (the process slows its
   * commits from there on, so it stays in that step); returns {step, started, rowsDone}.
   */
  private static long[] awaitMidBackfill(TestDatabases.Fresh db, Process child, Path log, int step)
      throws Exception {
    long[][] found = new long[1][];
    try (Connection c = db.connect()) {
      await("step index " + step + " of the migrator process reaches 10%").atMost(CEILING)
          .pollInterval(Duration.ofMillis(5))
          .failFast("the migrator ended before it could be killed", () -> !child.isAlive())
          .until(() -> {
            try {
              for (long[] cp : HostRows.checkpoints(c)) {
                if (cp[0] == step && cp[2] == 0 && cp[3] >= ROWS / 10) {
                  found[0] = new long[] {cp[0], cp[1], cp[3]};
                  return true;
                }
              }
            } catch (java.sql.SQLException tableNotThereYet) {
              // crossfade_backfill exists from the first expand on; tolerate a transient error anyway
            }
            return false;
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      fail(e.getMessage() + "; the migrator's output: " + Files.readString(log, StandardCharsets.UTF_8), e);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(e.getMessage() + "; the migrator's output: "
          + Files.readString(log, StandardCharsets.UTF_8), e);
    }
    return found[0];
  }

  /** Waits until the killed migrator's session is gone from the server. */
  private static void awaitNoOtherSession(TestDatabases.Fresh db) throws Exception {
    String sql = db.dialect() == Dialect.POSTGRES
        ? "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()";
    try (Connection c = db.connect()) {
      await("the killed migrator's session is gone from the server").atMost(CEILING)
          .pollInterval(Duration.ofMillis(20)).until(() -> HostRows.count(c, sql) == 0);
    }
  }

  private static int firstUnfinished(List<long[]> cps) {
    for (int step = 0; step < COPIED.length; step++) {
      int s = step;
      long[] cp = cps.stream().filter(x -> x[0] == s).findFirst().orElse(null);
      if (cp == null || cp[2] == 0) {
        return step;
      }
    }
    return -1;
  }

  private static long rowsDone(List<long[]> cps, int step) {
    return cps.stream().filter(x -> x[0] == step).mapToLong(x -> x[3]).findFirst().orElse(0);
  }

  private static String describe(List<long[]> cps) {
    StringBuilder b = new StringBuilder();
    for (long[] cp : cps) {
      b.append(String.format("[step %d started %d done %d rows %d]", cp[0], cp[1], cp[2], cp[3]));
    }
    return b.toString();
  }
}
