package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21, item 1: every verb of the migrator that takes a lock on the application's table (expand's, contract's
 * and rollback's DDL, the backfill's row locks) waits for it at most the configured lock timeout and then tries
 * again with backoff, so the application's reads and writes of that table, which queue behind a waiting
 * statement, are delayed by about one lock timeout and never by the transaction that blocks the migrator.
 *
 * <p>For each verb on PostgreSQL and MariaDB: a transaction holds a row of {@code host} (and with it, on MariaDB,
 * the table's metadata lock), the verb starts with a 1 s lock timeout, and plain JDBC reads and writes of other
 * hosts go on. The blocker is held until the verb gave up on its lock once and tried again, and for at least
 * {@link #BOUND} plus half a lock timeout after the verb first asked for the lock: an application statement queued
 * behind the blocker itself would by then have been waiting longer than the bound. The test fails as soon as any
 * application statement has been in flight for longer than {@link #BOUND} (three lock timeouts, generous against
 * a busy machine; a rollback without the lock timeout queued a read for 38.5 s in the issue). Once the blocker
 * ends, the verb completes and the shard has the layout of its new phase.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EveryVerbWaitsUnderItsLockTimeoutTest {
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
  /** The longest an application statement may wait: a few lock timeouts, far less than the blocker is held. */
  static final Duration BOUND = LOCK_TIMEOUT.multipliedBy(3);
  /** The last guard on any one event; only a broken migrator or database comes near it. */
  static final Duration CEILING = Duration.ofSeconds(60);
  static final int HOSTS = 200;
  /** The row the blocker holds: the backfill's first batch locks the hosts before it, then waits for it. */
  static final long BLOCKED = HOSTS / 2;
  /** Application reads and writes that must complete while the blocker is held, after the verb first waited. */
  static final int OPS_WHILE_BLOCKED = 6;

  /** A verb of the migrator, the phase of release 2.0 it starts from, and the phase it reaches. */
  enum Verb {
    EXPAND(Phase.PENDING, Phase.EXPANDED),
    MIGRATE(Phase.EXPANDED, Phase.MIGRATED),
    CONTRACT(Phase.CONTRACTING, Phase.CONTRACTED),
    ROLLBACK(Phase.EXPANDED, Phase.PENDING);

    final Phase from;
    final Phase to;

    Verb(Phase from, Phase to) {
      this.from = from;
      this.to = to;
    }

    ShardStatus run(Migrator migrator, Shard shard) {
      return switch (this) {
        case EXPAND -> migrator.expand(shard, V2);
        case MIGRATE -> migrator.migrate(shard, V2);
        case CONTRACT -> migrator.contract(shard, V2);
        case ROLLBACK -> migrator.rollback(shard, V2, false);
      };
    }
  }

  /** One application statement: read or write, when it started and how long it took. */
  record Op(boolean write, long startNanos, long nanos) {}

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  static Stream<Arguments> verbsAndDatabases() {
    List<Arguments> out = new ArrayList<>();
    for (Dialect d : new Dialect[] {Dialect.POSTGRES, Dialect.MARIADB}) {
      for (Verb v : Verb.values()) {
        out.add(Arguments.of(d, v));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("verbsAndDatabases")
  void applicationReadsAndWritesWaitAtMostAboutOneLockTimeoutWhileTheVerbRetriesBehindALongTransaction(
      Dialect dialect, Verb verb) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      MigratorTestKit.shardAt(db, verb.from, HOSTS);
      DdlAttempts recorder = new DdlAttempts(db.url());
      Shard shard = DdlAttempts.shard(MigratorTestKit.SHARD, db, recorder);
      Migrator migrator = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withLockTimeout(LOCK_TIMEOUT).withDdlRetries(100, Duration.ofMillis(100)));

      ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<AtomicLong> busySince = List.of(new AtomicLong(), new AtomicLong());
      ExecutorService pool = Executors.newFixedThreadPool(3);
      long firstWait;
      long released;
      ShardStatus done;
      try (Connection blocker = db.connect()) {
        List<Future<?>> lanes = new ArrayList<>();
        for (AtomicLong busy : busySince) {
          lanes.add(pool.submit(() -> traffic(db, stop, busy, ops, errors)));
        }
        hold(blocker);
        Future<ShardStatus> running = pool.submit(() -> verb.run(migrator, shard));
        await(verb + " gives up on its lock and retries while the application goes on").atMost(CEILING)
            .pollInterval(Duration.ofMillis(20))
            // One fail-fast assertion: Awaitility keeps only the last one given.
            .failFast(() -> {
              long queued = longestInFlight(busySince);
              assertTrue(queued <= BOUND.toNanos(), "an application statement has been queued for "
                  + queued / 1_000_000 + " ms, longer than " + BOUND.toMillis() + " ms: " + verb + " waits for the"
                  + " blocker instead of giving up after its lock timeout of " + LOCK_TIMEOUT.toMillis() + " ms");
              assertEquals(List.of(), new ArrayList<>(errors), "no application statement failed");
              assertTrue(!running.isDone(), verb + " ended while the blocker held host");
            })
            .until(() -> attempts(recorder, verb) >= 2
                && System.nanoTime() - firstAttempt(recorder, verb) > BOUND.plus(LOCK_TIMEOUT.dividedBy(2)).toNanos()
                && completedSince(ops, firstAttempt(recorder, verb), true) >= OPS_WHILE_BLOCKED
                && completedSince(ops, firstAttempt(recorder, verb), false) >= OPS_WHILE_BLOCKED);
        firstWait = firstAttempt(recorder, verb);
        assertTrue(!running.isDone(), verb + " waits while the transaction holds host");
        blocker.commit();
        released = System.nanoTime();
        done = running.get(CEILING.toSeconds(), TimeUnit.SECONDS);
        stop.set(true);
        for (Future<?> lane : lanes) {
          lane.get(CEILING.toSeconds(), TimeUnit.SECONDS);
        }
      } finally {
        stop.set(true);
        pool.shutdownNow();
      }

      assertEquals(List.of(), new ArrayList<>(errors), "no application statement failed");
      assertEquals(verb.to, done.phase(V2), done.render());
      assertEquals(List.of(), done.drift(), done.render());
      List<Op> during = ops.stream().filter(o -> o.startNanos() >= firstWait && o.startNanos() < released).toList();
      long slowest = during.stream().mapToLong(Op::nanos).max().orElseThrow() / 1_000_000;
      System.out.printf("%s %s: blocker held %,d ms after the first wait (%d attempts; %s); %d application"
          + " statements meanwhile, the slowest %,d ms (lock timeout %,d ms)%n", dialect, verb,
          (released - firstWait) / 1_000_000, attempts(recorder, verb), recorder.describe(), during.size(), slowest,
          LOCK_TIMEOUT.toMillis());
      assertTrue(slowest < BOUND.toMillis(), "an application statement waited " + slowest + " ms behind " + verb
          + ": at most about one lock timeout (" + LOCK_TIMEOUT.toMillis() + " ms), never the blocker ("
          + (released - firstWait) / 1_000_000 + " ms)");
    }
  }

  /** How often the verb asked for the lock the blocker holds: DDL attempts, or for the backfill its batch's. */
  private static int attempts(DdlAttempts recorder, Verb verb) {
    return verb == Verb.MIGRATE ? recorder.rowLockAttempts() : recorder.attempts();
  }

  private static long firstAttempt(DdlAttempts recorder, Verb verb) {
    return verb == Verb.MIGRATE ? recorder.rowLockNanos(1) : recorder.sentNanos(1);
  }

  /**
   * A transaction that locks host {@link #BLOCKED} and stays open: a row lock that every ALTER of host waits
   * for on PostgreSQL (and, on MariaDB, the table's metadata lock), and that the backfill's first batch meets
   * after it locked the hosts before it.
   */
  private static void hold(Connection blocker) throws Exception {
    blocker.setAutoCommit(false);
    try (PreparedStatement ps = blocker.prepareStatement("SELECT id FROM host WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, BLOCKED);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
      }
    }
  }

  /** The longest any lane's statement in flight has been waiting so far, in nanoseconds. */
  private static long longestInFlight(List<AtomicLong> busySince) {
    long now = System.nanoTime();
    long longest = 0;
    for (AtomicLong busy : busySince) {
      long since = busy.get();
      if (since != 0) {
        longest = Math.max(longest, now - since);
      }
    }
    return longest;
  }

  private static long completedSince(ConcurrentLinkedQueue<Op> ops, long nanos, boolean write) {
    return ops.stream().filter(o -> o.write() == write && o.startNanos() >= nanos).count();
  }

  /**
   * One lane of the application: reads and writes of hosts before the blocked one (the rows a waiting backfill
   * batch holds), each in autocommit, on one connection. Only {@code monitored} is touched, a column every phase
   * has and no step moves. The pause paces the lane; nothing waits on it.
   */
  private static Void traffic(TestDatabases.Fresh db, AtomicBoolean stop, AtomicLong busy,
      ConcurrentLinkedQueue<Op> ops, ConcurrentLinkedQueue<Throwable> errors) {
    try (Connection c = db.connect();
        PreparedStatement read = c.prepareStatement("SELECT monitored FROM host WHERE id = ?");
        PreparedStatement write = c.prepareStatement("UPDATE host SET monitored = ? WHERE id = ?")) {
      while (!stop.get()) {
        long t0 = System.nanoTime();
        busy.set(t0);
        read.setLong(1, ThreadLocalRandom.current().nextLong(1, BLOCKED));
        try (ResultSet rs = read.executeQuery()) {
          assertTrue(rs.next());
        }
        long t1 = System.nanoTime();
        ops.add(new Op(false, t0, t1 - t0));
        busy.set(t1);
        write.setBoolean(1, ThreadLocalRandom.current().nextBoolean());
        write.setLong(2, ThreadLocalRandom.current().nextLong(1, BLOCKED));
        assertEquals(1, write.executeUpdate());
        ops.add(new Op(true, t1, System.nanoTime() - t1));
        busy.set(0);
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | AssertionError e) {
      busy.set(0);
      errors.add(e);
    }
    return null;
  }
}
