package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18, item 4: a running backfill is paused, resumed and given a new target batch time from another
 * process, taking effect at its next batch; and it waits for the database's health (sessions running, its own
 * commit latency) before a batch. Nothing is lost or copied wrong by any of it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BackfillControlTest {
  static final int HOSTS = 300;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  /** Every progress and throttle event of one backfill. */
  static final class Events implements BackfillListener {
    final AtomicLong progress = new AtomicLong();
    final ConcurrentLinkedQueue<String> throttle = new ConcurrentLinkedQueue<>();

    @Override
    public void onProgress(BackfillProgress p) {
      progress.incrementAndGet();
    }

    @Override
    public void onThrottle(String shard, Version release, String what) {
      throttle.add(what);
    }

    boolean saw(String prefix) {
      return throttle.stream().anyMatch(t -> t.startsWith(prefix));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void anotherProcessPausesThrottlesAndResumesARunningBackfillAtItsNextBatch(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, HOSTS);
      Events events = new Events();
      // At least 60 batches with 50 ms between them: the backfill runs for 3 s or more, whatever the machine.
      Migrator running = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(5, Duration.ofMillis(5), Duration.ofMillis(50)).withListener(events));
      CompletableFuture<ShardStatus> migrate = CompletableFuture.supplyAsync(() -> running.migrate(shard, V2));
      await().atMost(Duration.ofSeconds(60)).until(() -> events.progress.get() > 0);

      Migrator operator = MigratorTestKit.migrator(); // another migrator, as another process would have
      // Another process's status shows the running backfill's rate and time left (recorded about once a second).
      await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(operator.status(shard).backfillControl()
          .get(V2)).matches("[\\d,]+ rows/s, ETA .*"));
      operator.pause(shard, V2);
      await().atMost(Duration.ofSeconds(60)).until(() -> events.saw("paused by an operator"));
      long atPause = events.progress.get();
      // Paused: no batch runs (half a second is many batches at this pace), and the migrate has not ended.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
          .until(() -> events.progress.get() == atPause && !migrate.isDone());

      operator.throttle(shard, V2, Duration.ofMillis(40));
      await().atMost(Duration.ofSeconds(60)).until(() -> events.saw("target batch time 40 ms"));
      operator.resume(shard, V2);
      assertEquals(Phase.MIGRATED, migrate.get(120, TimeUnit.SECONDS).phase(V2));
      assertTrue(events.saw("resumed"), events.throttle.toString());
      assertTrue(events.progress.get() > atPause, "it went on after resume");
      MigratorTestKit.assertNewLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aBackfillWaitsWhileMoreSessionsRunThanAllowedThenFinishes(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); Connection holder = db.connect();
        Statement hold = holder.createStatement()) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 20);
      // Three sessions run a statement that waits for a lock the test holds: busy until the test lets them go, so
      // with the backfill's own check more than the two allowed run, however slow the machine.
      String lockName = "crossfade_busy_" + db.name();
      String take = dialect == Dialect.POSTGRES ? "SELECT pg_advisory_lock(4242)"
          : "SELECT GET_LOCK('" + lockName + "', 120)";
      hold.execute(take);
      List<CompletableFuture<Void>> busy = new ArrayList<>();
      List<Connection> waiters = new ArrayList<>();
      CompletableFuture<ShardStatus> migrate = null;
      try {
        for (int i = 0; i < 3; i++) {
          Connection c = db.connect();
          waiters.add(c);
          busy.add(CompletableFuture.runAsync(() -> {
            try (Statement s = c.createStatement()) {
              s.execute(take);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> running(db) >= 4);
        Events events = new Events();
        Migrator careful = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
            .withBatches(5, Duration.ofMillis(25), Duration.ZERO).withListener(events)
            .withHealth(new BackfillHealth(Duration.ZERO, 2, Duration.ofMillis(100))));
        migrate = CompletableFuture.supplyAsync(() -> careful.migrate(shard, V2));
        await().atMost(Duration.ofSeconds(60)).until(() -> events.saw("waiting: "));
        assertTrue(events.throttle.stream().filter(t -> t.startsWith("waiting: ")).findFirst().orElseThrow()
            .matches("waiting: \\d+ sessions running, more than --max-running 2"), events.throttle.toString());
        assertEquals(0, events.progress.get(), "no batch ran while the database was too busy");
      } finally {
        // Let the waiters go: each takes the lock in turn as the holder and the one before it end.
        hold.execute(dialect == Dialect.POSTGRES ? "SELECT pg_advisory_unlock_all()" : "SELECT RELEASE_ALL_LOCKS()");
        for (Connection c : waiters) {
          c.close();
        }
        CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(60,
            TimeUnit.SECONDS);
      }
      assertEquals(Phase.MIGRATED, migrate.get(120, TimeUnit.SECONDS).phase(V2));
      MigratorTestKit.assertNewLayoutIntact(db, 20);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aSlowCommitMakesTheBackfillBackOffAndHalveItsBatchesAndItStillCopiesEveryRow(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 60);
      Events events = new Events();
      // Every commit takes longer than a nanosecond: every batch is followed by a back-off.
      Migrator careful = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(20, Duration.ofMillis(25), Duration.ZERO).withListener(events)
          .withHealth(new BackfillHealth(Duration.ofNanos(1), 0, Duration.ofMillis(10))));
      assertEquals(Phase.MIGRATED, careful.migrate(shard, V2).phase(V2));
      assertTrue(events.throttle.stream().anyMatch(t -> t.matches("waiting: a commit took \\d+ ms, more than"
          + " --max-commit-ms 0")), events.throttle.toString());
      MigratorTestKit.assertNewLayoutIntact(db, 60);
    }
  }

  /** Sessions running a statement now, as the backfill's check counts them. */
  private static long running(TestDatabases.Fresh db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        var rs = s.executeQuery(db.dialect() == Dialect.POSTGRES
            ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            : "SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
      rs.next();
      return Long.parseLong(rs.getString(db.dialect() == Dialect.POSTGRES ? 1 : 2).strip());
    }
  }
}
