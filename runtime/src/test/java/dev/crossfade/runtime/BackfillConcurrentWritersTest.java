package dev.crossfade.runtime;

import static dev.crossfade.runtime.HostRows.MB;
import static dev.crossfade.runtime.HostRows.V1;
import static dev.crossfade.runtime.HostRows.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.processor.TestSizes;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backfill never loses a concurrent write. Release 2.0 writers updating hosts throughout the backfill
 * (dual-writing old and new places in one transaction, as 2.0 does while MIGRATING), aimed at the rows
 * around the backfill's cursor, leave the last value each wrote in the new layout; and release 1.0 writers
 * that wrote only the old columns while the shard was EXPANDED, over new places 2.0 had already written,
 * get their values copied by the backfill. The race is made certain rather than hoped for: the backfill
 * starts once writers are under way and, after each batch, goes on only once writers have committed five more
 * writes, so there are at least five writes per batch during the backfill, on a fast machine or a slow one.
 */
@Tag(TestSizes.TAG)
class BackfillConcurrentWritersTest {
  static final int WRITERS = 4;
  /** The longest the backfill waits for a writer: a stuck writer, not a slow one. */
  static final Duration CEILING = Duration.ofSeconds(60);
  /** Writes committed during the backfill for each of its batches, at least. */
  static final int WRITES_PER_BATCH = 5;

  /** The last committed value of one host, as its only writer thread wrote it. */
  record Written(String name, String ip, int memoryMb) {}

  @BeforeAll
  static void compile() {
    HostRows.plan();
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void writesOfRelease2DuringTheBackfillAreNeverLostOrOverwrittenByTheCopy(Dialect dialect) throws Exception {
    // The sample's converter has an SQL equivalent: every step is one statement per batch inside the database.
    raceTheBackfill(dialect, HostRows.plan());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void writesOfRelease2DuringABackfillThatConvertsInJavaAreNeverLostOrOverwritten(Dialect dialect) throws Exception {
    // Without it the memory step reads its batch FOR UPDATE, converts in Java and writes back.
    raceTheBackfill(dialect, MigratorTestKit.planConvertingInJava());
  }

  private static void raceTheBackfill(Dialect dialect, GeneratedPlan plan) throws Exception {
    int rows = TestSizes.of(5_000, 20_000);
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      prepare(db, shard, rows);

      AtomicLong cursor = new AtomicLong(1); // the key the backfill's next batch starts at, about
      AtomicLong batches = new AtomicLong();
      AtomicLong writesDuringBackfill = new AtomicLong();
      List<Integer> steps = java.util.Collections.synchronizedList(new ArrayList<>());
      Migrator migrator = new Migrator(plan, MigratorOptions.defaults()
          .withBatches(50, Duration.ofMillis(10), Duration.ofMillis(5))
          .withListener(p -> {
            steps.add(p.step());
            cursor.set(p.rowsDone() >= p.rowsTotal() ? 1 : p.rowsDone() + 1);
            long batch = batches.incrementAndGet();
            // the next batch only once the writers have kept up: at least five writes per batch so far
            await("writers race the backfill").atMost(CEILING).pollInterval(Duration.ofMillis(1))
                .until(() -> writesDuringBackfill.get() >= WRITES_PER_BATCH * batch);
          }));
      Map<Long, Written> last = new ConcurrentHashMap<>();
      AtomicBoolean migrating = new AtomicBoolean();
      AtomicLong writesTotal = new AtomicLong();
      AtomicLong retries = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<?>> writers = new ArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      for (int t = 0; t < WRITERS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          write2(db, dialect, thread, rows, cursor, stop, last, migrating, writesDuringBackfill, writesTotal, retries);
          return null;
        }));
      }
      ShardStatus migrated;
      try {
        // writers are under way before the backfill starts
        await("writers are under way").atMost(CEILING).failFast("a writer failed", () -> anyDone(writers))
            .until(() -> writesTotal.get() >= 20);
        migrating.set(true);
        migrated = migrator.migrate(shard, V2);
        migrating.set(false);
        long after = writesTotal.get();
        // and go on a little after it
        await("writers go on after the backfill").atMost(CEILING).failFast("a writer failed", () -> anyDone(writers))
            .until(() -> writesTotal.get() >= after + 20);
      } finally {
        migrating.set(false);
        stop.set(true);
        pool.shutdown();
      }
      for (Future<?> f : writers) {
        f.get(30, TimeUnit.SECONDS); // a writer's failure fails the test
      }
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

      assertEquals(Phase.MIGRATED, migrated.phase(V2));
      assertTrue(batches.get() >= 4 * 10, "the backfill took many small batches: " + batches.get());
      assertTrue(writesDuringBackfill.get() >= Math.max(200, WRITES_PER_BATCH * batches.get()),
          "writers raced the backfill: "
          + writesDuringBackfill.get() + " writes during its " + batches.get() + " batches");
      // A write lost by a batch would leave its row differing after the backfill, and the migrator repairs that by
      // copying the step again: that would hide the loss from the check below, so no step may have been copied twice.
      List<Integer> seen = List.copyOf(steps);
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i) >= seen.get(i - 1), "step " + seen.get(i) + " was copied again after step "
            + seen.get(i - 1) + ": rows differed after its backfill, a write was lost");
      }
      assertNewLayoutHoldsTheLastWrites(db, dialect, rows, last);
      System.out.printf("%s: %,d batches, %,d writes during the backfill (%,d retried), %,d rows written%n", dialect,
          batches.get(), writesDuringBackfill.get(), retries.get(), last.size());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void writesOfRelease1WhileExpandedAreCopiedByTheBackfillOverStaleNewPlaces(Dialect dialect) throws Exception {
    int rows = TestSizes.of(2_000, 5_000);
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      prepare(db, shard, rows);
      assertEquals(Phase.EXPANDED, new Migrator(HostRows.plan(), MigratorOptions.defaults()).status(shard).phase(V2));
      Map<Long, Written> last = new ConcurrentHashMap<>();

      // A 2.0 server dual-writes the first half (old and new places) while EXPANDED ...
      try (Connection c = db.connect()) {
        c.setAutoCommit(false);
        for (long id = 1; id <= rows / 2; id++) {
          Written w = new Written("v2-" + id, "172.16." + (id >> 8 & 255) + "." + (id & 255), 4096 + (int) id);
          dualWrite(c, dialect, id, w);
          last.put(id, w);
        }
        c.commit();
      }
      // ... then 1.0 servers write only the old columns, over many of those rows too.
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<Long>> writers = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        int thread = t;
        writers.add(pool.submit(() -> write1(db, thread, rows, 600, last)));
      }
      long written = 0;
      for (Future<Long> f : writers) {
        written += f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      try (Connection c = db.connect()) {
        assertTrue(HostRows.rowsWhereNewDiffersFromOld(c) > 0, "the new places are stale before the backfill");
      }

      Migrator migrator = new Migrator(HostRows.plan(), MigratorOptions.defaults()
          .withBatches(100, Duration.ofMillis(20), Duration.ZERO));
      assertEquals(Phase.MIGRATED, migrator.migrate(shard, V2).phase(V2));
      assertNewLayoutHoldsTheLastWrites(db, dialect, rows, last);
      System.out.printf("%s: %,d writes of 1.0 while EXPANDED copied%n", dialect, written);
    }
  }

  private static boolean anyDone(List<Future<?>> writers) {
    return writers.stream().anyMatch(Future::isDone);
  }

  private static void prepare(TestDatabases.Fresh db, Shard shard, int rows) throws SQLException {
    Migrator setup = new Migrator(HostRows.plan(), MigratorOptions.defaults());
    setup.expand(shard, V1);
    try (Connection c = db.connect()) {
      HostRows.insert(c, 1, rows);
    }
    setup.expand(shard, V2);
  }

  /**
   * A 2.0 writer: thread {@code t} owns the hosts whose id is {@code t} modulo {@link #WRITERS}, so the last
   * value it commits for a host is that host's last value. Half its writes go just ahead of the backfill's
   * cursor, where the copy races them.
   */
  private static void write2(TestDatabases.Fresh db, Dialect dialect, int t, int rows, AtomicLong cursor,
      AtomicBoolean stop, Map<Long, Written> last, AtomicBoolean migrating, AtomicLong during, AtomicLong total,
      AtomicLong retries)
      throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      long seq = 0;
      while (!stop.get()) {
        long id = random.nextBoolean() ? cursor.get() + random.nextInt(-20, 400) : random.nextLong(1, rows + 1);
        id = Math.max(1, Math.min(rows, id));
        id = id - Math.floorMod(id, WRITERS) + t;
        if (id < 1 || id > rows) {
          continue;
        }
        seq++;
        Written w = new Written("w" + t + "-" + seq, "192.168." + (seq >> 8 & 255) + "." + (seq & 255),
            1 + random.nextInt(1_000_000));
        for (int attempt = 1; ; attempt++) {
          try {
            dualWrite(c, dialect, id, w);
            c.commit();
            break;
          } catch (SQLException e) {
            c.rollback(); // a deadlock or lock timeout: the application retries its transaction
            retries.incrementAndGet();
            if (attempt == 20) {
              throw e;
            }
          }
        }
        last.put(id, w);
        total.incrementAndGet();
        if (migrating.get()) {
          during.incrementAndGet();
        }
      }
    }
  }

  /** What release 2.0 writes in one transaction: the old row and every new place of what it moved. */
  private static void dualWrite(Connection c, Dialect dialect, long id, Written w) throws SQLException {
    try (PreparedStatement host = c.prepareStatement(
        "UPDATE host SET name = ?, ip = ?, memory_mb = ?, hostname = ?, memory_bytes = ? WHERE id = ?");
        PreparedStatement network = c.prepareStatement(HostRows.upsertIp(dialect))) {
      host.setString(1, w.name());
      host.setString(2, w.ip());
      host.setInt(3, w.memoryMb());
      host.setString(4, w.name());
      host.setLong(5, w.memoryMb() * MB);
      host.setLong(6, id);
      assertEquals(1, host.executeUpdate());
      network.setLong(1, id);
      network.setString(2, w.ip());
      network.executeUpdate();
    }
  }

  /** A 1.0 writer: only the old columns, {@code count} autocommitted updates of its own hosts. */
  private static long write1(TestDatabases.Fresh db, int t, int rows, int count, Map<Long, Written> last)
      throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE host SET name = ?, ip = ?, memory_mb = ? WHERE id = ?")) {
      for (int seq = 1; seq <= count; seq++) {
        long id = random.nextLong(1, rows + 1);
        id = id - Math.floorMod(id, WRITERS) + t;
        id = id < 1 ? id + WRITERS : id > rows ? id - WRITERS : id;
        Written w = new Written("v1-" + t + "-" + seq, seq % 5 == 0 ? null : "10.99." + t + "." + (seq & 255),
            1 + random.nextInt(100_000));
        ps.setString(1, w.name());
        ps.setString(2, w.ip());
        ps.setInt(3, w.memoryMb());
        ps.setLong(4, id);
        assertEquals(1, ps.executeUpdate());
        last.put(id, w);
      }
    }
    return count;
  }

  /** For every host: the new places hold the last value written (or the inserted one), and nothing differs. */
  private static void assertNewLayoutHoldsTheLastWrites(TestDatabases.Fresh db, Dialect dialect, int rows,
      Map<Long, Written> last) throws SQLException {
    try (Connection c = db.connect()) {
      List<String> wrong = new ArrayList<>();
      long lost = 0;
      long seen = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT h.id, h.hostname, n.ip_address, h.memory_bytes"
          + " FROM host h LEFT JOIN host_network n ON n.host_id = h.id ORDER BY h.id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen++;
          long id = rs.getLong(1);
          Written w = last.getOrDefault(id, new Written(HostRows.name(id), HostRows.ip(id), HostRows.memoryMb(id)));
          String hostname = rs.getString(2);
          String ip = rs.getString(3);
          long bytes = rs.getLong(4);
          if (!w.name().equals(hostname) || !Objects.equals(w.ip(), ip) || bytes != w.memoryMb() * MB) {
            if (++lost <= 10) {
              wrong.add("host " + id + ": last written " + w + ", new layout has " + hostname + ", " + ip + ", " + bytes
                  + " bytes");
            }
          }
        }
      }
      assertEquals(rows, seen);
      assertEquals(0, lost, lost + " hosts lost a write, for example " + wrong);
      assertEquals(List.of(0L, 0L, 0L, 0L), HostRows.verifyCounts(c, dialect));
      assertEquals(0, HostRows.rowsWhereNewDiffersFromOld(c));
    }
  }
}
