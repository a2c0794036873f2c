package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static dev.crossfade.runtime.MigratorTestKit.assertNewLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.migrator;
import static dev.crossfade.runtime.MigratorTestKit.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.processor.TestSizes;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One migrator per shard at a time, on real PostgreSQL, MariaDB and H2: while a slow backfill runs, a second
 * migrator is refused for every verb but {@code status}, which still reports the backfill's progress; the
 * first finishes undisturbed. And the lock is free as soon as a verb has returned.
 */
@Tag(TestSizes.TAG)
class MigratorConcurrencyGateTest {
  /** Hosts of the slow backfill (2,000 under {@code -Pfull}): many batches of 20 rows either way. */
  static final int HOSTS = TestSizes.of(500, 2_000);
  /** How often the lock is taken and given back in a row (3,000 under {@code -Pfull}). */
  static final int LOCK_ROUNDS = TestSizes.of(300, 3_000);

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aSecondMigratorIsRefusedWhileABackfillRunsButStatusWorksAndTheFirstFinishes(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, HOSTS);
      CountDownLatch backfilling = new CountDownLatch(1);
      CountDownLatch checked = new CountDownLatch(1);
      AtomicInteger batches = new AtomicInteger();
      Migrator slow = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(20, Duration.ofMillis(1), Duration.ofMillis(5))
          .withListener(p -> {
            if (batches.incrementAndGet() == 3) {
              backfilling.countDown();
              try {
                // hold the backfill (and its lock) here until the main thread has tried its verbs
                checked.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }));
      CompletableFuture<ShardStatus> first = CompletableFuture.supplyAsync(() -> slow.migrate(shard, V2));
      try {
        assertTrue(backfilling.await(60, TimeUnit.SECONDS), "the backfill started");
        Migrator second = migrator();
        List<Supplier<ShardStatus>> verbs = List.of(() -> second.expand(shard, V2), () -> second.migrate(shard, V2),
            () -> second.contract(shard, V2), () -> second.rollback(shard, V2, false),
            () -> second.rollback(shard, V2, true));
        for (Supplier<ShardStatus> verb : verbs) {
          MigrationRefusedException e = assertThrows(MigrationRefusedException.class, verb::get);
          assertTrue(e.getMessage().startsWith("shard eu-1, release 2.0: another migrator is working on this shard; "),
              "every refusal names the shard and the release: " + e.getMessage());
          assertTrue(e.getMessage().contains("another migrator is working on this shard"), e.getMessage());
          assertTrue(e.getMessage().contains("wait for it to finish, then run this command again"), e.getMessage());
        }
        ShardStatus during = second.status(shard);
        assertEquals(Phase.MIGRATING, during.phase(V2), during.render());
        assertEquals(V2, during.minWriterRelease(), during.render());
        long copied = during.backfillRows().getOrDefault(V2, 0L);
        assertTrue(copied > 0 && copied < 4L * HOSTS, "status shows the backfill under way: " + during.render());
        org.junit.jupiter.api.Assertions.assertFalse(first.isDone(), "the first migrator is still working");
      } finally {
        checked.countDown();
      }

      ShardStatus done = first.get(120, TimeUnit.SECONDS);
      assertEquals(Phase.MIGRATED, done.phase(V2), done.render());
      assertEquals(4L * HOSTS, done.backfillRows().get(V2), "every row of every step copied once: " + done.render());
      assertTrue(batches.get() > 4 * 10, "small batches: " + batches.get());
      assertEquals(List.of(), done.drift(), done.render());
      assertNewLayoutIntact(db, HOSTS);
      assertEquals(Phase.MIGRATED, snapshot(shard).phases().get(V2));
      assertEquals(Phase.CONTRACTED, migrator().contract(shard, V2).phase(V2), "the lock is free again");
    }
  }

  /**
   * A verb holds the lock only while it runs: a migrator started the moment the previous one returned is
   * never told that another migrator is working. The lock is taken and given back 300 times in a row (3,000
   * under {@code -Pfull}) on plain connections, as the command line opens them (each verb takes it exactly this way).
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theLockIsFreeTheMomentTheMigratorHoldingItHasReleasedIt(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      try (java.sql.Connection c = shard.dataSource().getConnection()) {
        new StateStore(shard).ensure(c); // the state tables, H2's lock row among them (status only reads)
      }
      List<String> refused = new ArrayList<>();
      for (int i = 0; i < LOCK_ROUNDS; i++) {
        try (MigratorLock lock = MigratorLock.acquire(shard)) {
          // a verb's work
        } catch (MigrationRefusedException e) {
          refused.add("attempt " + i + ": " + e.getMessage());
        }
      }
      assertEquals(List.of(), refused, "no migrator found the lock of the one before it");
    }
  }

  /**
   * Applications hand their pooled {@link DataSource} to {@link Shard}; a pool keeps connections open when
   * they are "closed". The migrator's lock must not outlive the verb on such a connection, or the next verb
   * (given that pooled connection for its work and another for its lock) finds the shard locked forever.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aShardOnAPooledDataSourceIsNotLeftLockedAfterAVerb(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); Pool pool = new Pool(db)) {
      Shard shard = new Shard("eu-1", pool, dialect);
      Migrator migrator = migrator();
      assertEquals(Phase.CONTRACTED, migrator.expand(shard, MigratorTestKit.V1).phase(MigratorTestKit.V1));
      assertEquals(Phase.EXPANDED, migrator.expand(shard, V2).phase(V2));
      assertEquals(Phase.MIGRATED, migrator.migrate(shard, V2).phase(V2));
      assertEquals(Phase.CONTRACTED, migrator.contract(shard, V2).phase(V2));
    }
  }

  /**
   * A minimal pool: a closed connection goes back to the end of the queue (rolled back and in autocommit, as
   * HikariCP resets it) instead of closing; a request takes the oldest idle one.
   */
  static final class Pool implements DataSource, AutoCloseable {
    private final TestDatabases.Fresh db;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();

    Pool(TestDatabases.Fresh db) {
      this.db = db;
    }

    @Override
    public synchronized Connection getConnection() throws SQLException {
      Connection physical = idle.isEmpty() ? newPhysical() : idle.pollFirst();
      return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, new java.lang.reflect.InvocationHandler() {
            boolean closed;

            @Override
            public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] a) throws Throwable {
              if (m.getName().equals("close")) {
                if (!closed) {
                  closed = true;
                  if (!physical.getAutoCommit()) {
                    physical.rollback();
                    physical.setAutoCommit(true);
                  }
                  synchronized (Pool.this) {
                    idle.addLast(physical);
                  }
                }
                return null;
              }
              if (m.getName().equals("isClosed")) {
                return closed;
              }
              try {
                return m.invoke(physical, a);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            }
          });
    }

    private Connection newPhysical() throws SQLException {
      Connection c = db.connect();
      all.add(c);
      return c;
    }

    @Override
    public synchronized void close() throws SQLException {
      for (Connection c : all) {
        c.close();
      }
    }

    @Override
    public Connection getConnection(String user, String password) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
