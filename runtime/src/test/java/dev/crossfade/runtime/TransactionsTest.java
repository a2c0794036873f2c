package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.SHARD;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.RepositoryException;
import dev.crossfade.runtime.repository.StalePhaseException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transactions over many repository calls (issue 16 item 1): {@code Crossfade.inTransaction} and a caller's own
 * transaction joined through a {@link TransactionBinding}, on an EXPANDED shard of release 2.0 (every host write
 * goes to both layouts, so one save is several statements), on PostgreSQL, MariaDB and H2.
 */
class TransactionsTest {
  @BeforeAll
  static void compile() {
    SampleCode.v2();
  }

  static List<Dialect> dialects() {
    return MigratorVerbMatrixTest.DIALECTS;
  }

  /** A server whose heartbeat does not refresh its phases during a test (only the repositories do). */
  private static final Duration QUIET = Duration.ofMinutes(10);

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aHostAndItsAuditEntryCommitTogetherAndRollBackTogether(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 2);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        CrossfadeRepository<Object, Object> audits = c.audits(cf, SHARD);

        String result = cf.inTransaction(SHARD, tx -> {
          hosts.save(c.host(HostRow.of(10, 1, 2)));
          tx.repositoryOf(auditType(c)).save(c.audit(10, 10, "created"));
          // Read back inside the transaction, on its connection; not yet visible to anyone else.
          assertTrue(hosts.findById(10L).isPresent(), "the transaction reads its own write");
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 10"),
              "nothing is committed before the transaction ends");
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 10"));
          return "done";
        });
        assertEquals("done", result);
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 10"));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = 10"),
            "both layouts of the host were written");
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 10"));

        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> cf.runInTransaction(SHARD, tx -> {
          hosts.save(c.host(HostRow.of(11, 1, 2)));
          audits.save(c.audit(11, 11, "created"));
          hosts.save(c.host(HostRow.of(10, 2, 2)));
          throw new IllegalStateException("the caller changed its mind");
        }));
        assertEquals("the caller changed its mind", boom.getMessage());
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 11"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = 11"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 11"));
        assertEquals(c.expected(HostRow.of(10, 1, 2), false), c.view(hosts.findById(10L).orElseThrow()),
            "the update of host 10 was rolled back with the rest");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aNestedInTransactionJoinsTheOuterOne(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 2);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        assertThrows(IllegalStateException.class, () -> cf.runInTransaction(SHARD, outer -> {
          cf.runInTransaction(SHARD, inner -> {
            assertSame(outer.connection(), inner.connection(), "the inner transaction is the outer one");
            assertTrue(inner.joined());
            hosts.save(c.host(HostRow.of(12, 1, 2)));
          });
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 12"),
              "the inner call did not commit");
          throw new IllegalStateException("roll back");
        }));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 12"));
      }
    }
  }

  /** A plain JDBC caller's binding: the connection this thread holds, counting what the repositories take back. */
  static final class ThreadBinding implements TransactionBinding {
    final ThreadLocal<Connection> held = new ThreadLocal<>();
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    @Override
    public Connection current(DataSource dataSource) {
      Connection c = held.get();
      if (c != null) {
        taken.incrementAndGet();
      }
      return c;
    }

    @Override
    public void release(Connection connection, DataSource dataSource) {
      assertSame(held.get(), connection);
      released.incrementAndGet();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aPlainJdbcInsertOnTheBoundConnectionRollsBackWithARepositorySave(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 2);
      SampleCode c = SampleCode.v2();
      ThreadBinding binding = new ThreadBinding();
      try (Crossfade cf = c.start("tx-1", binding, QUIET, shard); Connection own = shard.dataSource().getConnection()) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        own.setAutoCommit(false);
        binding.held.set(own);
        try {
          try (PreparedStatement ps = own.prepareStatement(
              "INSERT INTO audit_entry (id, host_id, action, at) VALUES (20, 20, 'jdbc', TIMESTAMP '2026-01-01 00:00:00')")) {
            ps.executeUpdate();
          }
          hosts.save(c.host(HostRow.of(20, 1, 2)));
          assertFalse(own.isClosed(), "the repository does not close the caller's connection");
          assertFalse(own.getAutoCommit(), "nor switch it to auto-commit");
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 20"),
              "nor commit it");
          // Every statement runs on the bound connection, streams and scans included.
          try (Stream<Object> all = hosts.streamAll()) {
            assertEquals(3, all.count(), "the stream reads the uncommitted host in the caller's transaction");
          }
          assertEquals(binding.taken.get(), binding.released.get(), "the stream gave the connection back on close");
          SampleCode.HostRow twenty = HostRow.of(20, 1, 2);
          @SuppressWarnings("unchecked")
          List<Object> big = (List<Object>) c.callSearch(c.search(cf, SHARD),
              "findByMemoryBytesGreaterThanOrderByMemoryBytesDesc", (twenty.memoryMb() - 1) * SampleCode.MB);
          assertEquals(1, big.size(), "the finder reads the uncommitted host in the caller's transaction");
          assertFalse(own.isClosed());
          assertFalse(own.getAutoCommit());
          assertEquals(1, MigratorTestKit.scalar(db, "SELECT 1"));
          assertEquals(3, binding.taken.get(), "every call (save, stream, finder) took the bound connection: " + binding.taken.get());
          assertEquals(binding.taken.get(), binding.released.get(), "and gave it back");
          own.rollback();
        } finally {
          binding.held.remove();
        }
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 20"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = 20"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 20"));

        binding.held.set(own);
        try {
          try (PreparedStatement ps = own.prepareStatement(
              "INSERT INTO audit_entry (id, host_id, action, at) VALUES (21, 21, 'jdbc', TIMESTAMP '2026-01-01 00:00:00')")) {
            ps.executeUpdate();
          }
          hosts.save(c.host(HostRow.of(21, 1, 2)));
          own.commit();
        } finally {
          binding.held.remove();
        }
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 21"));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 21"));
        // Without a bound connection, each call is its own transaction again.
        hosts.save(c.host(HostRow.of(22, 1, 2)));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 22"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aStreamAndAScanInsideInTransactionLeaveItsConnectionOpenAndItsWritesInPlace(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 2);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        HostRow row = HostRow.of(30, 1, 2);
        cf.runInTransaction(SHARD, tx -> {
          hosts.save(c.host(row));
          try (Stream<Object> all = hosts.streamAll()) {
            assertEquals(3, all.count());
          }
          @SuppressWarnings("unchecked")
          List<Object> big = (List<Object>) c.callSearch(c.search(cf, SHARD),
              "findByMemoryBytesGreaterThanOrderByMemoryBytesDesc", (row.memoryMb() - 1) * SampleCode.MB);
          assertEquals(1, big.size());
          assertFalse(tx.connection().isClosed());
          assertFalse(tx.connection().getAutoCommit());
          assertTrue(hosts.findById(30L).isPresent(), "the save is still in the transaction");
        });
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 30"));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = 30"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aPhaseChangeInsideATransactionThrowsARetryableExceptionNamingTheShardAndTheRetrySucceeds(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        CrossfadeRepository<Object, Object> audits = c.audits(cf, SHARD);
        HostRow row = HostRow.of(1, 7, 2);
        AtomicInteger attempts = new AtomicInteger();
        StalePhaseException stale = assertThrows(StalePhaseException.class, () -> cf.runInTransaction(SHARD, tx -> {
          attempts.incrementAndGet();
          Optional<Object> before = hosts.findById(1L);
          assertTrue(before.isPresent());
          // Between two statements of the transaction the migrator moves the shard: EXPANDED -> MIGRATED.
          MigratorTestKit.migrator().migrate(shard, V2);
          audits.save(c.audit(40, 1, "renamed"));
          hosts.save(c.host(row));
        }));
        assertEquals(1, attempts.get(), "the repository did not retry inside the caller's transaction");
        assertTrue(stale.retryable());
        assertEquals(SHARD, stale.shard());
        assertTrue(stale.getMessage().contains("shard " + SHARD), stale.getMessage());
        assertTrue(stale.getMessage().contains("release 2.0"), stale.getMessage());
        assertTrue(stale.getMessage().contains("retry the transaction"), stale.getMessage());
        assertTrue(stale.currentStateVersion() > stale.plannedStateVersion(), stale.getMessage());
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 40"),
            "the first attempt was rolled back whole");
        assertEquals(Phase.MIGRATED, cf.phases().state(shard).phase(V2), "the phases were read again");

        // The caller's retry: the same transaction, planned under the new phases.
        cf.runInTransaction(SHARD, tx -> {
          assertTrue(hosts.findById(1L).isPresent());
          audits.save(c.audit(40, 1, "renamed"));
          hosts.save(c.host(row));
        });
        assertEquals(c.expected(row, false), c.view(hosts.findById(1L).orElseThrow()));
        assertEquals(row.name(), MigratorTestKit.scalarText(db, "SELECT hostname FROM host WHERE id = 1"));
        assertEquals(row.ip(), MigratorTestKit.scalarText(db, "SELECT ip_address FROM host_network WHERE host_id = 1"));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 40"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aStatementMeetingAContractedLayoutInsideATransactionThrowsStalePhaseAndTheRetryReadsTheNewLayout(
      Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.MIGRATED, 4);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        AtomicInteger attempts = new AtomicInteger();
        StalePhaseException stale = assertThrows(StalePhaseException.class, () -> cf.runInTransaction(SHARD, tx -> {
          attempts.incrementAndGet();
          try (var st = tx.connection().createStatement(); var rs = st.executeQuery("SELECT count(*) FROM host_os")) {
            assertTrue(rs.next());
          }
          // Between two statements the migrator contracts 2.0 (dropping host.rack, which 2.0 reads until then);
          // this server acknowledges by hand, so its own phase cache stays at MIGRATED.
          contractAcknowledgedByHand(cf, shard);
          hosts.findById(1L);
        }));
        assertEquals(1, attempts.get(), "no statement-by-statement retry inside the transaction");
        assertEquals(SHARD, stale.shard());
        assertTrue(stale.retryable());
        assertTrue(stale.getMessage().contains("shard " + SHARD) && stale.getMessage().contains("retry the transaction")
            && stale.getMessage().contains("release 2.0"), stale.getMessage());
        assertTrue(stale.getCause() instanceof SQLException, "the missing column's error is the cause");
        assertEquals(Phase.CONTRACTED, cf.phases().state(shard).phase(V2), "the phases were read again");

        Object read = cf.inTransaction(SHARD, tx -> hosts.findById(1L).orElseThrow());
        assertNull(c.view(read).get("rack"), "the retry reads the contracted layout");
        assertEquals(MigratorTestKit.name(1), c.view(read).get("hostname"));
      }
    }
  }

  /** Contracts release 2.0 while the server's heartbeat is quiet, acknowledging each state for it by hand. */
  private static void contractAcknowledgedByHand(Crossfade cf, Shard shard) throws SQLException {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ShardStatus> contract = pool.submit(() -> new Migrator(MigratorTestKit.plan(),
          MigratorOptions.defaults().withAckWait(Duration.ofSeconds(60))).contract(shard, V2));
      while (true) {
        cf.fleet().beat(shard, cf.serverId(), cf.token(), V2, MigratorTestKit.migrator().status(shard).stateVersion());
        try {
          assertEquals(Phase.CONTRACTED, contract.get(100, TimeUnit.MILLISECONDS).phase(V2));
          return;
        } catch (java.util.concurrent.TimeoutException waiting) {
          // Not yet acknowledged (or still dropping): beat again with the state now recorded.
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new AssertionError("contract failed", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aStateChangeWaitsForATransactionThatWroteThroughCrossfadeUntilItEnds(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, QUIET, shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        CrossfadeRepository<Object, Object> audits = c.audits(cf, SHARD);
        cf.runInTransaction(SHARD, tx -> {
          hosts.save(c.host(HostRow.of(1, 5, 2)));
          // The save's fencing check holds the state row until this transaction ends: migrate waits for it, runs
          // out of its lock timeout and is refused with nothing changed.
          MigratorTestKit.assertRefusedUnchanged(shard, MigratorTestKit.PREFIX,
              () -> new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
                  .withBatches(2, java.time.Duration.ofMillis(50), java.time.Duration.ZERO)
                  .withLockTimeout(java.time.Duration.ofSeconds(1))
                  .withDdlRetries(2, java.time.Duration.ofMillis(100))).migrate(shard, V2), "held the shard's state row",
              "run the same command again");
          audits.save(c.audit(50, 1, "still planned under the same state"));
        });
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM audit_entry WHERE id = 50"));
        assertEquals(Phase.MIGRATED, MigratorTestKit.migrator().migrate(shard, V2).phase(V2),
            "once the transaction committed, the same command goes through");
        assertEquals(HostRow.of(1, 5, 2).ip(),
            MigratorTestKit.scalarText(db, "SELECT ip_address FROM host_network WHERE host_id = 1"));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void writesInsideTransactionsWhileMigrateRunsLoseNothingAndLeaveNothingHalfWritten(Dialect dialect)
      throws Exception {
    int n = 12;
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, n);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("tx-1", TransactionBinding.NONE, Duration.ofMillis(200), shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        CrossfadeRepository<Object, Object> audits = c.audits(cf, SHARD);
        Map<Long, HostRow> committed = new ConcurrentHashMap<>();
        AtomicInteger auditsCommitted = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch writing = new CountDownLatch(3);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          Future<?> writer = pool.submit(() -> {
            for (int round = 1; !done.get() || round < 4; round++) {
              for (long id = 1; id <= n; id++) {
                HostRow row = HostRow.of(id, round, 2);
                long auditId = round * 1000L + id;
                for (int attempt = 0; ; attempt++) {
                  try {
                    cf.runInTransaction(SHARD, tx -> {
                      hosts.save(c.host(row));
                      audits.save(c.audit(auditId, row.id(), "round"));
                    });
                    committed.put(id, row);
                    auditsCommitted.incrementAndGet();
                    break;
                  } catch (RepositoryException e) {
                    if (!e.retryable() || attempt > 20) {
                      throw e;
                    }
                    if (e instanceof StalePhaseException) {
                      stale.incrementAndGet();
                    }
                  }
                }
              }
              writing.countDown();
            }
            return null;
          });
          assertTrue(writing.await(5, TimeUnit.MINUTES) || writer.isDone(), "the writer is writing");
          if (writer.isDone()) {
            writer.get();
          }
          for (int attempt = 0; ; attempt++) {
            try {
              MigratorTestKit.migrator().migrate(shard, V2);
              break;
            } catch (MigrationRefusedException e) {
              // A state change that waited out its lock timeout behind the writes changes nothing; run it again.
              if (attempt > 10) {
                throw e;
              }
            }
          }
          done.set(true);
          writer.get(5, TimeUnit.MINUTES);
        } finally {
          done.set(true);
          pool.shutdownNow();
        }
        assertEquals(Phase.MIGRATED, MigratorTestKit.migrator().status(shard).phase(V2));
        for (long id = 1; id <= n; id++) {
          HostRow row = committed.get(id);
          assertEquals(row.name(), MigratorTestKit.scalarText(db, "SELECT hostname FROM host WHERE id = " + id),
              "host " + id + ": the last committed write is in the new layout");
          assertEquals(row.ip(), MigratorTestKit.scalarText(db, "SELECT ip_address FROM host_network WHERE host_id = "
              + id), "host " + id + ": and in its split-off table");
          assertEquals(c.expected(row, false), c.view(hosts.findById(id).orElseThrow()), "host " + id);
        }
        assertEquals(auditsCommitted.get(), MigratorTestKit.scalar(db,
            "SELECT count(*) FROM audit_entry WHERE id >= 1000"), "every committed transaction's audit entry, no other");
      }
    }
  }

  private static Class<Object> auditType(SampleCode c) {
    try {
      @SuppressWarnings("unchecked")
      Class<Object> t = (Class<Object>) c.loader.loadClass("dev.crossfade.sample.domain.AuditEntry");
      return t;
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
