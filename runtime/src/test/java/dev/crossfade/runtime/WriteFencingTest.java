package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fencing: a write commits only while the state it was planned under holds. A release 1.0 server writes
 * through a TCP proxy; the network freezes in the middle of its save (the proxy holds the statement that binds
 * the host's name). Its lease runs out, {@code migrate} passes its gate and takes the shard to MIGRATED; then
 * the network comes back and the held statements reach the database. Without fencing that save committed into
 * a MIGRATED shard (a host with no {@code hostname} and no {@code host_network} row). With it, the save's
 * commit-time check finds the state changed, rolls back, and the caller is refused naming the minimum writer
 * release; the shard is consistent (every verify query 0, nothing missing in the new layout).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriteFencingTest {
  static final Duration LEASE = Duration.ofSeconds(2);
  private static final ExecutorService POOL = Executors.newCachedThreadPool();

  @BeforeAll
  static void compile() {
    SampleCode.v1();
    MigratorTestKit.plan();
  }

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aSaveFrozenInFlightDoesNotCommitAfterMigratePassedItsGateAndTheShardStaysConsistent(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect);
        TcpProxy proxy = TcpProxy.to(db.url())) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      SampleCode c1 = SampleCode.v1();
      try (PooledDataSource pool = new PooledDataSource(proxy.url(db.url()));
          Crossfade server = Crossfade.builder().shards(new Shard(shard.name(), pool, dialect)).serverId("app-1.0")
              .classLoader(c1.loader).lease(LEASE).heartbeat(Duration.ofMillis(200)).start()) {
        CrossfadeRepository<Object, Object> hosts = c1.hosts(server, MigratorTestKit.SHARD);
        // Before the freeze: a write that commits (and leaves an open connection in the pool for the next one).
        hosts.save(c1.host(HostRow.of(100, 1, 1)));
        HostRow frozen = HostRow.of(101, 1, 1);
        proxy.freezeOnClientBytes(frozen.name());
        Future<Object> save = POOL.submit(() -> hosts.save(c1.host(frozen)));
        assertTrue(proxy.awaitFrozenOnClientBytes(Duration.ofSeconds(30)), "the save's statement reached the proxy");

        // The 1.0 server's beats cannot get through; once its lease has run out the gate passes.
        AtomicReference<ShardStatus> migrated = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .ignoreException(MigrationRefusedException.class)
            .until(() -> {
              migrated.set(MigratorTestKit.migrator().migrate(shard, V2));
              return true;
            });
        assertEquals(Phase.MIGRATED, migrated.get().phase(V2), migrated.get().render());

        proxy.resume();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> save.get(60, TimeUnit.SECONDS));
        ShardRefusedException refused = assertInstanceOf(ShardRefusedException.class, failed.getCause());
        assertTrue(refused.getMessage().contains("only release 2.0 or later may write"), refused.getMessage());

        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 101"),
            "the frozen save did not commit");
        assertConsistent(db, shard, dialect);
      }
    }
  }

  /**
   * A write that holds its fencing check's share lock (it is between the check and its commit) makes the state
   * change wait; the migrator refuses after its lock timeout with the remedy, and changes nothing.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aStateChangeWaitsForAWriteBetweenItsCheckAndItsCommitThenIsRefusedWithTheRemedy(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      try (Connection writer = db.connect()) {
        writer.setAutoCommit(false);
        String reason = FleetRegistry.fence(writer, shard, "nobody", "none",
            MigratorTestKit.migrator().status(shard).stateVersion());
        assertTrue(reason.contains("registration there is gone"), "checked, and the share lock is held: " + reason);
        // The state change waits the migrator's lock timeout per attempt and retries with backoff, like its DDL.
        Migrator bounded = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
            .withLockTimeout(Duration.ofSeconds(1)).withDdlRetries(2, Duration.ofMillis(100)));
        MigrationRefusedException e = MigratorTestKit.assertRefusedUnchanged(shard, MigratorTestKit.PREFIX,
            () -> bounded.migrate(shard, V2), "held the shard's state row",
            "run the same command again");
        writer.rollback();
        assertTrue(e.getMessage().contains("write transaction held the shard's state row for longer than the lock"
            + " timeout of 1000 ms in each of 2 attempts"), e.getMessage());
      }
      assertEquals(Phase.MIGRATED, MigratorTestKit.migrator().migrate(shard, V2).phase(V2),
          "once the write ended, the same command goes through");
    }
  }

  /** MIGRATED and consistent: every verify query 0, every host has its new places, no drift. */
  static void assertConsistent(TestDatabases.Fresh db, Shard shard, Dialect dialect) throws Exception {
    ShardStatus status = MigratorTestKit.migrator().status(shard);
    assertEquals(Phase.MIGRATED, status.phase(V2), status.render());
    assertEquals(List.of(), status.drift(), status.render());
    List<BackfillSql> steps = MigratorTestKit.plan().backfill(dialect, V2);
    for (BackfillSql step : steps) {
      assertEquals(0, MigratorTestKit.scalar(db, step.verify()), "verify of \"" + step.step().reason() + "\"");
    }
    assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE hostname IS NULL"));
    assertEquals(MigratorTestKit.scalar(db, "SELECT count(*) FROM host"),
        MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network"), "every host has its host_network row");
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT 1"); // the shard still answers directly
    }
  }
}
