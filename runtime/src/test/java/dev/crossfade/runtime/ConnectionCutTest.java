package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.RepositoryException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shard's backend is cut ({@code pg_terminate_backend}, MariaDB {@code KILL}) in the middle of a
 * backfill batch, of a DDL statement and of a repository's dual write. To hit the middle, a test
 * transaction holds a row the step needs, the step's session is found waiting for it, and that session is
 * cut. The migrator stops with a message naming the shard, the release and "run the same command again",
 * and the rerun finishes; the repository's transaction rolls back whole and the caller gets a
 * {@link RepositoryException} it may retry; no row is half-written in either layout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCutTest {
  static final int HOSTS = 120;
  private static final ExecutorService POOL = Executors.newCachedThreadPool();

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
    SampleCode.v2();
  }

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aBackfillBatchWhoseConnectionIsCutStopsWithTheRemedyAndTheRerunResumesAtItsCheckpoint(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, HOSTS);
      List<BackfillProgress> firstRun = new CopyOnWriteArrayList<>();
      Migrator migrator = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(10, Duration.ofMillis(50), Duration.ZERO).withListener(firstRun::add));
      Future<ShardStatus> migrate;
      long victim;
      try (Connection blocker = db.connect()) {
        lockRow(blocker, "SELECT id FROM host WHERE id = 61 FOR UPDATE");
        migrate = POOL.submit(() -> migrator.migrate(shard, V2));
        victim = Sessions.awaitLockWaiter(db, migrate, Sessions.id(blocker, dialect));
        Sessions.kill(db, victim);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> migrate.get(30, TimeUnit.SECONDS));
        String m = failed.getCause().getMessage();
        assertTrue(failed.getCause() instanceof ShardUnavailableException, failed.getCause().toString());
        assertTrue(m.startsWith("shard eu-1: release 2.0: lost the connection to the database"), m);
        assertTrue(m.contains("run the same command again; it resumes where it stopped"), m);
        blocker.rollback();
      }
      // The batch in flight was rolled back with its checkpoint: what is copied is exactly what is counted.
      long checkpoint = MigratorTestKit.scalar(db, "SELECT rows_done FROM crossfade_backfill WHERE step = 0");
      long copied = MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE hostname IS NOT NULL");
      assertEquals(checkpoint, copied, "no half batch: the checkpoint counts exactly the copied rows");
      assertTrue(copied > 0 && copied < 61, "cut in the batch that needed host 61, after earlier batches: " + copied);
      assertEquals(Phase.MIGRATING, migrator.status(shard).phase(V2));

      List<BackfillProgress> rerun = new CopyOnWriteArrayList<>();
      ShardStatus done = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(10, Duration.ofMillis(50), Duration.ZERO).withListener(rerun::add)).migrate(shard, V2);
      assertEquals(Phase.MIGRATED, done.phase(V2));
      assertEquals(copied + 10, rerun.get(0).rowsDone(), "the rerun continues at the checkpoint: " + rerun.get(0).line());
      MigratorTestKit.assertOldLayoutIntact(db, HOSTS);
      MigratorTestKit.assertNewLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aDdlStatementWhoseConnectionIsCutStopsWithTheRemedyAndTheRerunFinishesTheExpand(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.PENDING, HOSTS);
      Migrator migrator = MigratorTestKit.migrator();
      try (Connection blocker = db.connect()) {
        lockRow(blocker, "SELECT id FROM host WHERE id = 1 FOR UPDATE");
        Future<ShardStatus> expand = POOL.submit(() -> migrator.expand(shard, V2));
        long victim = Sessions.awaitLockWaiter(db, expand, Sessions.id(blocker, dialect));
        Sessions.kill(db, victim);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> expand.get(30, TimeUnit.SECONDS));
        String m = failed.getCause().getMessage();
        assertTrue(failed.getCause() instanceof ShardUnavailableException, failed.getCause().toString());
        assertTrue(m.startsWith("shard eu-1: release 2.0: lost the connection to the database during \""), m);
        assertTrue(m.contains("run the same command again; it resumes where it stopped"), m);
        blocker.rollback();
      }
      ShardStatus pending = migrator.status(shard);
      assertEquals(Phase.PENDING, pending.phase(V2), "an interrupted expand records no phase: " + pending.render());
      ShardStatus expanded = migrator.expand(shard, V2);
      assertEquals(Phase.EXPANDED, expanded.phase(V2));
      assertEquals(List.of(), expanded.drift(), "the rerun finished every statement: " + expanded.render());
      MigratorTestKit.assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aDualWriteWhoseConnectionIsCutRollsBackWholeAndIsRetryable(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.MIGRATED, 4);
      SampleCode c2 = SampleCode.v2();
      try (Crossfade server = c2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> hosts = c2.hosts(server, MigratorTestKit.SHARD);
        Map<String, Object> before = rawHost(db, 3);
        HostRow row = HostRow.of(3, 7, 4);
        try (Connection blocker = db.connect()) {
          // The dual write updates host, then host_network, then host_os: hold host_os's row, so the cut
          // comes after the writes to the other tables.
          lockRow(blocker, "SELECT host_id FROM host_os WHERE host_id = 3 FOR UPDATE");
          Future<Object> save = POOL.submit(() -> hosts.save(c2.host(row)));
          long victim = Sessions.awaitLockWaiter(db, save, Sessions.id(blocker, dialect));
          Sessions.kill(db, victim);
          ExecutionException failed = assertThrows(ExecutionException.class, () -> save.get(30, TimeUnit.SECONDS));
          assertTrue(failed.getCause() instanceof RepositoryException, failed.getCause().toString());
          RepositoryException e = (RepositoryException) failed.getCause();
          assertTrue(e.retryable(), "a cut connection is worth retrying: " + e.getMessage());
          assertEquals("eu-1", e.shard());
          assertTrue(e.getMessage().contains("on shard eu-1 (release 2.0)"), e.getMessage());
          blocker.rollback();
        }
        assertEquals(before, rawHost(db, 3), "the cut transaction left no trace in the old or the new layout");
        hosts.save(c2.host(row)); // the caller's retry
        Map<String, Object> after = rawHost(db, 3);
        assertEquals(row.name(), after.get("name"));
        assertEquals(row.name(), after.get("hostname"));
        assertEquals(row.ip(), after.get("ip"));
        assertEquals(row.ip(), after.get("ip_address"));
        assertEquals(row.osName(), after.get("os_name"));
        assertEquals(row.osName(), after.get("os"));
        assertEquals(c2.expected(row, false), c2.view(hosts.findById(3L).orElseThrow()));
      }
    }
  }

  private static void lockRow(Connection c, String selectForUpdate) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(selectForUpdate)) {
      assertTrue(rs.next(), selectForUpdate);
    }
  }

  /** Host {@code id} in both layouts, straight from the tables. */
  private static Map<String, Object> rawHost(TestDatabases.Fresh db, long id) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT h.name, h.hostname, h.ip, n.ip_address, h.os_name, o.name AS os, h.memory_mb, h.memory_bytes,"
            + " h.rack FROM host h LEFT JOIN host_network n ON n.host_id = h.id LEFT JOIN host_os o ON o.host_id = h.id"
            + " WHERE h.id = " + id)) {
      assertTrue(rs.next(), "host " + id);
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (String col : List.of("name", "hostname", "ip", "ip_address", "os_name", "os", "memory_mb", "memory_bytes",
          "rack")) {
        Object v = rs.getObject(col);
        out.put(col, v instanceof Number n ? n.longValue() : v);
      }
      assertFalse(rs.next());
      return out;
    }
  }
}
