package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database server is stopped hard (PostgreSQL {@code pg_ctl stop -m immediate}, MariaDB SIGKILL) in the
 * middle of a backfill and started again. The migrator stops saying it lost the connection and to run the
 * same command again; after the restart the checkpoint counts exactly the rows copied (the batch in flight
 * was rolled back by crash recovery), the rerun resumes there rather than starting over, and the final data in
 * both layouts is right. Runs on a private server in a temporary directory: the shared ones are never
 * restarted.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatabaseRestartTest {
  static final int HOSTS = 3000;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aServerRestartedMidBackfillLeavesACheckpointTheRerunResumesFromAndTheDataIsRight(Dialect dialect)
      throws Exception {
    try (PrivateServer server = PrivateServer.start(dialect); TestDatabases.Fresh db = server.database("restart")) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, HOSTS);
      CountDownLatch midway = new CountDownLatch(5);
      List<BackfillProgress> firstRun = new CopyOnWriteArrayList<>();
      // From the fifth batch on, each commit waits a moment with its batch written: the first step cannot end
      // before the server is stopped, however fast the machine, and the stop most likely finds a batch in flight.
      MigrateMain.SlowCommits slowCommits = new MigrateMain.SlowCommits(new JdbcUrlDataSource(db.url()));
      Shard slowShard = new Shard(shard.name(), slowCommits, dialect);
      Migrator slow = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(50, Duration.ofMillis(5), Duration.ofMillis(20)).withListener(p -> {
            firstRun.add(p);
            midway.countDown();
            if (midway.getCount() == 0) {
              slowCommits.delayMillis = 200;
            }
          }));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<ShardStatus> migrate = pool.submit(() -> slow.migrate(slowShard, V2));
        assertTrue(midway.await(60, TimeUnit.SECONDS), "the backfill got going");
        server.stop();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> migrate.get(60, TimeUnit.SECONDS));
        String m = failed.getCause().getMessage();
        assertTrue(failed.getCause() instanceof ShardUnavailableException, failed.getCause().toString());
        assertTrue(m.startsWith("shard eu-1: release 2.0: lost the connection to the database; run the same command"
            + " again; it resumes where it stopped"), m);
      } finally {
        pool.shutdownNow();
      }
      server.up();

      long checkpoint = MigratorTestKit.scalar(db, "SELECT rows_done FROM crossfade_backfill WHERE step = 0");
      long copied = MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE hostname IS NOT NULL");
      assertEquals(checkpoint, copied, "what survived the crash is exactly what the checkpoint counts");
      assertTrue(copied > 0 && copied < HOSTS, "stopped part-way through the first step: " + copied
          + " rows, progress " + firstRun.get(firstRun.size() - 1).line());
      assertEquals(Phase.MIGRATING, MigratorTestKit.migrator().status(shard).phase(V2));

      List<BackfillProgress> rerun = new CopyOnWriteArrayList<>();
      ShardStatus done = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(500, Duration.ofMillis(200), Duration.ZERO).withListener(rerun::add)).migrate(shard, V2);
      assertEquals(Phase.MIGRATED, done.phase(V2));
      assertEquals(copied + 500, rerun.get(0).rowsDone(), "the rerun continues at the checkpoint: "
          + rerun.get(0).line());
      MigratorTestKit.assertOldLayoutIntact(db, HOSTS);
      MigratorTestKit.assertNewLayoutIntact(db, HOSTS);
      System.out.printf("%s: server stopped at %,d of %,d rows of step 1; the rerun resumed at %,d%n", dialect, copied,
          HOSTS, rerun.get(0).rowsDone());
    }
  }
}
