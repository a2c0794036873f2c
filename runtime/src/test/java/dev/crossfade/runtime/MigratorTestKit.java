package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.function.Executable;

/**
 * Shared set-up for the migrator's verb, gate, rollback and concurrency tests: the sample domain's plan
 * (compiled once), shards brought to any phase of release 2.0 on a fresh database, hosts written the way
 * release 1.0 writes them, and checks that the data is where each layout keeps it.
 */
final class MigratorTestKit {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final String SHARD = "eu-1";
  static final String PREFIX = "shard eu-1, release 2.0: ";

  private static GeneratedPlan plan;

  private MigratorTestKit() {}

  static synchronized GeneratedPlan plan() {
    if (plan == null) {
      plan = GeneratedPlan.load(CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader());
    }
    return plan;
  }

  private static final Map<String, GeneratedPlan> VARIANTS = new HashMap<>();

  /**
   * The sample domain's release 2.0 plan with the {@code @SqlEquivalent} of its converter removed, so its backfill
   * reads, converts in Java and writes back (compiled once per JVM).
   */
  static GeneratedPlan planConvertingInJava() {
    return planWithSqlEquivalent(null);
  }

  /**
   * The sample domain's release 2.0 plan with another {@code @SqlEquivalent} expression on its converter (null:
   * none), compiled once per JVM and expression.
   */
  static synchronized GeneratedPlan planWithSqlEquivalent(String toNew) {
    return VARIANTS.computeIfAbsent(String.valueOf(toNew), k -> {
      List<JavaFileObject> sources = new ArrayList<>();
      for (JavaFileObject f : CompiledDomain.sources(CompiledDomain.RELEASE_2_0)) {
        if (!f.getName().endsWith("MegabytesToBytes.java")) {
          sources.add(f);
          continue;
        }
        try {
          String text = f.getCharContent(true).toString();
          String changed = text.replaceFirst("(?m)^@SqlEquivalent\\(.*\\)\\R", toNew == null ? ""
              : Matcher.quoteReplacement("@SqlEquivalent(toNew = \"" + toNew + "\")\n"));
          if (changed.equals(text)) {
            throw new IllegalStateException("the sample's MegabytesToBytes has no @SqlEquivalent line to change");
          }
          sources.add(JavaFileObjects.forSourceString("dev.crossfade.sample.domain.MegabytesToBytes", changed));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return GeneratedPlan.load(CompiledDomain.compile(sources).classLoader());
    });
  }

  /** A migrator with small batches, so that a handful of rows already takes several batches. */
  static Migrator migrator() {
    return new Migrator(plan(), MigratorOptions.defaults().withBatches(2, Duration.ofMillis(50), Duration.ZERO));
  }

  /** Thrown by a listener to stop a backfill after its first batch. */
  static final class StopBackfill extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopBackfill() {
      super("stopped by the test after the first batch");
    }
  }

  /** The shard {@code eu-1} on a fresh database, as users make it: {@link Shard#of}. */
  static Shard shard(TestDatabases.Fresh db) {
    return Shard.of(SHARD, db.url());
  }

  /** The baseline 1.0 expanded and {@code hosts} hosts written as release 1.0 writes them. */
  static Shard baseline(TestDatabases.Fresh db, int hosts) throws SQLException {
    Shard shard = shard(db);
    assertEquals(Phase.CONTRACTED, migrator().expand(shard, V1).phase(V1));
    insertHosts(db, 1, hosts);
    return shard;
  }

  /**
   * Brings a shard with {@code hosts} hosts to {@code phase} of release 2.0 with an empty fleet. MIGRATING
   * is a backfill stopped after its first batch; CONTRACTING is a contract refused because a server had not
   * acknowledged it, after which that server left.
   */
  static Shard shardAt(TestDatabases.Fresh db, Phase phase, int hosts) throws SQLException {
    Shard shard = baseline(db, hosts);
    Migrator migrator = migrator();
    if (phase == Phase.PENDING) {
      return checkedAt(migrator, shard, phase);
    }
    migrator.expand(shard, V2);
    if (phase == Phase.EXPANDED) {
      return checkedAt(migrator, shard, phase);
    }
    if (phase == Phase.MIGRATING) {
      Migrator stopping = new Migrator(plan(), MigratorOptions.defaults()
          .withBatches(2, Duration.ofMillis(50), Duration.ZERO).withListener(p -> {
            throw new StopBackfill();
          }));
      assertThrows(StopBackfill.class, () -> stopping.migrate(shard, V2));
      ShardStatus s = migrator.status(shard);
      assertEquals(Long.valueOf(2), s.backfillRows().get(V2), "one batch of 2 rows was copied: " + s.render());
      return checkedAt(migrator, shard, phase);
    }
    migrator.migrate(shard, V2);
    if (phase == Phase.MIGRATED) {
      return checkedAt(migrator, shard, phase);
    }
    FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
    fleet.beat(shard, "lagging-1", V2, migrator.status(shard).stateVersion());
    MigrationRefusedException notAcked = assertThrows(MigrationRefusedException.class,
        () -> migrator.contract(shard, V2));
    assertTrue(notAcked.getMessage().contains("lagging-1"), notAcked.getMessage());
    fleet.leave(shard, "lagging-1");
    if (phase == Phase.CONTRACTING) {
      return checkedAt(migrator, shard, phase);
    }
    migrator.contract(shard, V2);
    return checkedAt(migrator, shard, Phase.CONTRACTED);
  }

  private static Shard checkedAt(Migrator migrator, Shard shard, Phase phase) {
    ShardStatus s = migrator.status(shard);
    assertEquals(phase, s.phase(V2), s.render());
    assertEquals(List.of(), s.drift(), s.render());
    return shard;
  }

  /** What a refused step must leave unchanged. */
  record Snapshot(SortedMap<Version, Phase> phases, long stateVersion, Version minWriterRelease, List<String> drift,
      Long backfillRows) {
    static Snapshot of(ShardStatus s) {
      return new Snapshot(new TreeMap<>(s.phases()), s.stateVersion(), s.minWriterRelease(), s.drift(),
          s.backfillRows().get(V2));
    }
  }

  static Snapshot snapshot(Shard shard) {
    return snapshot(migrator(), shard);
  }

  /** The same, as a migrator of another plan (another domain, or another release's jar) sees the shard. */
  static Snapshot snapshot(Migrator migrator, Shard shard) {
    return Snapshot.of(migrator.status(shard));
  }

  /**
   * Runs a step that must be refused: the message starts with {@code prefix} and contains every one of
   * {@code parts}, and the shard's phases, state version, min writer release, backfill progress and live
   * schema are what they were.
   */
  static MigrationRefusedException assertRefusedUnchanged(Shard stateOf, String prefix, Executable step,
      String... parts) {
    return assertRefusedUnchanged(migrator(), stateOf, prefix, step, parts);
  }

  /** The same, the shard's state read by {@code migrator}. */
  static MigrationRefusedException assertRefusedUnchanged(Migrator migrator, Shard stateOf, String prefix,
      Executable step, String... parts) {
    Snapshot before = snapshot(migrator, stateOf);
    MigrationRefusedException e = assertThrows(MigrationRefusedException.class, step);
    assertTrue(e.getMessage().startsWith(prefix), "message starts with '" + prefix + "': " + e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message names '" + part + "': " + e.getMessage());
    }
    assertEquals(before, snapshot(migrator, stateOf), "a refused step changes nothing; refused with: "
        + e.getMessage());
    return e;
  }

  // ---------------------------------------------------------------------------------------------- data

  static String name(long id) {
    return "h" + id;
  }

  static String ip(long id) {
    return "10.0." + (id / 256) + "." + (id % 256);
  }

  static int memoryMb(long id) {
    return 64 * (int) id;
  }

  /** Hosts {@code from..to} written as release 1.0 writes them (plain JDBC batches). */
  static void insertHosts(TestDatabases.Fresh db, long from, long to) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO host (id, name, ip, mac, os_name, os_version,"
          + " memory_mb, rack, monitored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (long id = from; id <= to; id++) {
          ps.setLong(1, id);
          ps.setString(2, name(id));
          ps.setString(3, ip(id));
          ps.setString(4, "02:00:00:00:00:" + String.format("%02x", id % 256));
          ps.setString(5, "linux");
          ps.setString(6, "6." + id);
          ps.setInt(7, memoryMb(id));
          ps.setString(8, "r" + (id % 7));
          ps.setBoolean(9, id % 2 == 0);
          ps.addBatch();
          if ((id - from) % 500 == 499) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  static long scalar(TestDatabases.Fresh db, String sql) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    }
  }

  static String scalarText(TestDatabases.Fresh db, String sql) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getString(1);
    }
  }

  static void execute(TestDatabases.Fresh db, String sql) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Every host 1..n still has its release 1.0 values in the old layout. */
  static void assertOldLayoutIntact(TestDatabases.Fresh db, int n) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name, ip, os_name, memory_mb, rack FROM host ORDER BY id")) {
      for (long id = 1; id <= n; id++) {
        assertTrue(rs.next(), "host " + id + " is still there");
        assertEquals(id, rs.getLong(1));
        assertEquals(name(id), rs.getString(2), "host.name of " + id);
        assertEquals(ip(id), rs.getString(3), "host.ip of " + id);
        assertEquals("linux", rs.getString(4), "host.os_name of " + id);
        assertEquals(memoryMb(id), rs.getInt(5), "host.memory_mb of " + id);
        assertEquals("r" + (id % 7), rs.getString(6), "host.rack of " + id);
      }
      assertTrue(!rs.next(), "no other hosts");
    }
  }

  /** Every host 1..n has its values in release 2.0's places (the backfill's copy). */
  static void assertNewLayoutIntact(TestDatabases.Fresh db, int n) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT h.id, h.hostname, h.memory_bytes, n.ip_address, o.name, o.version"
            + " FROM host h LEFT JOIN host_network n ON n.host_id = h.id LEFT JOIN host_os o ON o.host_id = h.id"
            + " ORDER BY h.id")) {
      for (long id = 1; id <= n; id++) {
        assertTrue(rs.next(), "host " + id + " is still there");
        assertEquals(id, rs.getLong(1));
        assertEquals(name(id), rs.getString(2), "host.hostname of " + id);
        assertEquals(memoryMb(id) * 1_048_576L, rs.getLong(3), "host.memory_bytes of " + id);
        assertEquals(ip(id), rs.getString(4), "host_network.ip_address of " + id);
        assertEquals("linux", rs.getString(5), "host_os.name of " + id);
        assertEquals("6." + id, rs.getString(6), "host_os.version of " + id);
      }
      assertTrue(!rs.next(), "no other hosts");
    }
  }

  // ---------------------------------------------------------------------------------------------- clock

  /** The database's clock, as a fraction of its current second (0 <= f < 1). */
  static double dbSecondFraction(TestDatabases.Fresh db) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP(6)")) {
      rs.next();
      Timestamp t = rs.getTimestamp(1);
      return t.getNanos() / 1e9;
    }
  }

  /** Waits until the database's clock is within [from, to) of a second, so that a beat lands there. */
  static void awaitDbSecondFraction(TestDatabases.Fresh db, double from, double to) throws Exception {
    for (int i = 0; i < 50; i++) {
      double f = dbSecondFraction(db);
      if (f >= from && f < to) {
        return;
      }
      double wait = f < from ? from - f : 1 - f + from;
      Thread.sleep(Math.max(1, (long) (wait * 1000) + 5));
    }
    throw new AssertionError("could not align with the database's clock");
  }
}
