package dev.crossfade.runtime;

import static dev.crossfade.runtime.HostRows.V1;
import static dev.crossfade.runtime.HostRows.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Expand's DDL against a table another transaction holds: each reviewed script sets a 5 s lock timeout
 * (PostgreSQL {@code lock_timeout}, MariaDB {@code lock_wait_timeout}, H2 {@code LOCK_TIMEOUT}), so a
 * statement waiting for the lock gives up after 5 s and the migrator retries with backoff. The blocker
 * here is held until the migrator has given up on the lock and retried three times, so expand can only
 * succeed by retrying; meanwhile the application's reads of that table, which queue behind a waiting ALTER,
 * keep completing and are delayed by at most about one lock timeout, never by the whole blocking
 * transaction. The test waits for these events (the DDL attempts are counted, not timed), with generous
 * ceilings only as the last guard. When the blocker outlasts every attempt, expand
 * is refused naming the remedy and stays PENDING; and on PostgreSQL, a {@code CREATE INDEX CONCURRENTLY}
 * whose wait timed out is retried into a valid index, not skipped over its invalid leftover.
 */
class DdlLockContentionTest {
  /**
   * How many DDL attempts the blocker outlasts: three lock timeouts of 5 s and their backoffs, so it is held
   * for over 16 s.
   */
  static final int ATTEMPTS_BLOCKED = 4;
  /** The bound on a read's latency while expand waits: one lock timeout plus generous slack, well below the blocker. */
  static final Duration READ_BOUND = Duration.ofSeconds(12);
  /** The longest the test waits for any one event; only a broken migrator or database comes near it. */
  static final Duration CEILING = Duration.ofSeconds(90);
  /** Reads that must complete after the first DDL attempt started and before the blocker ends. */
  static final int READS_WHILE_BLOCKED = 20;

  static final java.util.concurrent.atomic.AtomicLong H2_READS_RACING_ALTER = new java.util.concurrent.atomic.AtomicLong();

  /** One application read of host: when it started and how long it took. */
  record Read(long startNanos, long nanos) {}

  @BeforeAll
  static void compile() {
    HostRows.plan();
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void expandRetriesPastALongTransactionOnHostWhileReadsOfHostStayBoundedByTheLockTimeout(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      DdlAttempts ddl = new DdlAttempts(db.url());
      Shard shard = DdlAttempts.shard("eu-1", db, ddl);
      Migrator migrator = new Migrator(HostRows.plan(), MigratorOptions.defaults()
          .withDdlRetries(10, Duration.ofMillis(200)));
      migrator.expand(shard, V1);
      try (Connection c = db.connect()) {
        HostRows.insert(c, 1, 1000);
      }

      ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> readers = new ArrayList<>();
      long expandStart;
      long released;
      long expandEnd;
      ShardStatus expanded;
      try (Connection blocker = db.connect()) {
        for (int i = 0; i < 2; i++) {
          readers.add(pool.submit(() -> {
            read(db, stop, reads);
            return null;
          }));
        }
        lockHostRow(blocker, dialect);
        ddl.reset(); // expand 1.0's statements
        expandStart = System.nanoTime();
        Future<ShardStatus> expand = pool.submit(() -> migrator.expand(shard, V2));
        await("expand retries behind the blocker while reads of host go on").atMost(CEILING)
            .pollInterval(Duration.ofMillis(20)).failFast("expand ended while the blocker held host", expand::isDone)
            .until(() -> ddl.attempts() >= ATTEMPTS_BLOCKED
                && reads.stream().filter(r -> r.startNanos() >= expandStart).count() >= READS_WHILE_BLOCKED);
        assertTrue(!expand.isDone(), "expand waits while the transaction holds host: " + (expand.isDone()
            ? expand.get().phases() : ""));
        blocker.commit();
        released = System.nanoTime();
        expanded = expand.get(CEILING.toSeconds(), TimeUnit.SECONDS);
        expandEnd = System.nanoTime();
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      for (Future<?> f : readers) {
        f.get(CEILING.toSeconds(), TimeUnit.SECONDS);
      }

      assertEquals(Phase.EXPANDED, expanded.phase(V2));
      assertEquals(List.of(), expanded.drift());
      assertTrue(ddl.attempts() >= ATTEMPTS_BLOCKED, "expand outlasted the blocker although each attempt gives up"
          + " after 5 s: it retried: " + ddl.describe());
      List<Read> whileWaiting = reads.stream()
          .filter(r -> r.startNanos() >= expandStart && r.startNanos() < released).toList();
      long maxMillis = whileWaiting.stream().mapToLong(Read::nanos).max().orElse(0) / 1_000_000;
      System.out.printf("%s: expand took %,d ms behind a %,d ms blocker (DDL sent: %s); %d reads of host while it"
          + " waited, the slowest %,d ms (H2 reads that raced its ALTER so far: %d)%n", dialect,
          (expandEnd - expandStart) / 1_000_000, (released - expandStart) / 1_000_000, ddl.describe(),
          whileWaiting.size(), maxMillis, H2_READS_RACING_ALTER.get());
      assertTrue(released - expandStart > READ_BOUND.toNanos(), "the blocker outlasted the bound on a read: "
          + ddl.describe());
      assertTrue(maxMillis < READ_BOUND.toMillis(), "a read of host waited " + maxMillis + " ms: reads queue behind"
          + " a waiting ALTER for at most about one lock timeout (5 s), not the whole blocker ("
          + (released - expandStart) / 1_000_000 + " ms)");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void expandIsRefusedNamingTheRemedyAndStaysPendingWhenTheBlockerOutlastsEveryAttempt(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      Migrator migrator = new Migrator(HostRows.plan(), MigratorOptions.defaults()
          .withDdlRetries(2, Duration.ofMillis(100)));
      migrator.expand(shard, V1);
      try (Connection c = db.connect()) {
        HostRows.insert(c, 1, 100);
      }
      try (Connection blocker = db.connect()) {
        lockHostRow(blocker, dialect);
        long start = System.nanoTime();
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
            () -> migrator.expand(shard, V2));
        long waited = (System.nanoTime() - start) / 1_000_000;
        String m = refused.getMessage();
        assertTrue(m.startsWith("shard eu-1, release 2.0: could not get the table lock for "), m);
        assertTrue(m.contains("in 2 attempts: a long transaction holds it"), m);
        assertTrue(m.contains("end that transaction") && m.contains("run the same command again"), m);
        assertTrue(waited >= 9_000, "two attempts of 5 s each: " + waited + " ms");
        assertEquals(Phase.PENDING, migrator.status(shard).phase(V2), "a refused expand stays PENDING");
        blocker.commit();
      }
      ShardStatus expanded = migrator.expand(shard, V2);
      assertEquals(Phase.EXPANDED, expanded.phase(V2), "the same command, once the transaction ended, finishes");
      assertEquals(List.of(), expanded.drift());
    }
  }

  @org.junit.jupiter.api.Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void onPostgresAConcurrentIndexBuildThatTimedOutIsRetriedIntoAValidIndex() throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(Dialect.POSTGRES)) {
      DdlAttempts ddl = new DdlAttempts(db.url());
      Shard shard = DdlAttempts.shard("eu-1", db, ddl);
      Migrator migrator = new Migrator(HostRows.plan(), MigratorOptions.defaults()
          .withDdlRetries(10, Duration.ofMillis(200)));
      migrator.expand(shard, V1);
      try (Connection c = db.connect()) {
        HostRows.insert(c, 1, 1000);
      }
      ShardStatus expanded;
      try (Connection blocker = db.connect()) {
        // A transaction that never touches host but holds an old snapshot: CREATE INDEX CONCURRENTLY waits
        // for it after it has already created the (not yet valid) index, and its lock timeout ends that wait.
        blocker.setAutoCommit(false);
        blocker.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        assertEquals(0, HostRows.count(blocker, "SELECT count(*) FROM audit_entry"));
        ddl.reset(); // expand 1.0's statements
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<ShardStatus> expand = pool.submit(() -> migrator.expand(shard, V2));
        // Until the index build has hit its lock timeout at least once and was tried again.
        await("CREATE INDEX CONCURRENTLY times out behind the old snapshot and is retried").atMost(CEILING)
            .pollInterval(Duration.ofMillis(20)).failFast("expand ended while the snapshot was held", expand::isDone)
            .until(() -> ddl.attemptsOf("CREATE INDEX CONCURRENTLY") >= 2);
        blocker.commit();
        expanded = expand.get(CEILING.toSeconds(), TimeUnit.SECONDS);
        pool.shutdown();
      }
      assertEquals(Phase.EXPANDED, expanded.phase(V2));
      try (Connection c = db.connect()) {
        assertEquals(List.of(), invalidIndexes(c), "expand left no invalid index behind");
        assertEquals(1, HostRows.count(c, "SELECT count(*) FROM pg_indexes WHERE indexname = 'host_hostname_idx'"));
      }
    }
  }

  private static List<String> invalidIndexes(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT i.indexrelid::regclass::text FROM pg_index i WHERE NOT i.indisvalid OR NOT i.indisready")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * Opens a transaction that locks host's row 1 and keeps it open: {@code SELECT … FOR UPDATE} on the
   * servers; an UPDATE on H2, whose row locks from {@code FOR UPDATE} do not conflict with its DDL.
   */
  private static void lockHostRow(Connection c, Dialect dialect) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      if (dialect == Dialect.H2) {
        assertEquals(1, s.executeUpdate("UPDATE host SET rack = rack WHERE id = 1"));
        return;
      }
      try (ResultSet rs = s.executeQuery("SELECT id, name FROM host WHERE id = 1 FOR UPDATE")) {
        assertTrue(rs.next());
      }
    }
  }

  /** The application: simple reads of host by id, each on its own connection, every 20 ms. */
  private static void read(TestDatabases.Fresh db, AtomicBoolean stop, ConcurrentLinkedQueue<Read> reads)
      throws Exception {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT name FROM host WHERE id = ?")) {
      while (!stop.get()) {
        long t0 = System.nanoTime();
        ps.setLong(1, ThreadLocalRandom.current().nextLong(1, 1001));
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
        } catch (SQLException e) {
          // H2 only: its ALTER TABLE rebuilds the table, and a read racing that moment sees it missing
          // (42102 "Table not found", or 42103 with candidates); the application retries. Any other failure fails
          // the test.
          if (db.dialect() != Dialect.H2 || (e.getErrorCode() != 42102 && e.getErrorCode() != 42103)) {
            throw e;
          }
          H2_READS_RACING_ALTER.incrementAndGet();
          continue;
        }
        reads.add(new Read(t0, System.nanoTime() - t0));
        Thread.sleep(20);
      }
    }
  }
}
