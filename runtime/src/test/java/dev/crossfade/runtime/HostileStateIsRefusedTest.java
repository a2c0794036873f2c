package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21, item 4: state tables changed by hand, by a partial restore or by an attacker are refused by the
 * migrator and by servers alike, with a message naming the shard (and the release, where one is at fault), the
 * value at fault (quoted, shortened, control characters escaped) and the remedy; and nothing is written: the state
 * tables, the fleet registry and the application's rows are what they were. Hostile server ids (quotes,
 * semicolons, very long, non-ASCII) are refused before anything is registered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileStateIsRefusedTest {
  static final String CORRUPT = "refusing to act on corrupted state: ";
  static final String REMEDY = "restore the state tables (crossfade_shard, crossfade_release, crossfade_backfill,"
      + " crossfade_server) from the backup";

  @BeforeAll
  static void compile() {
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void corruptedStateIsRefusedByMigratorAndServersNamingShardValueAndRemedyAndNothingIsWritten(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 3);
      String release = quoted(db, "release");

      String at2 = release + " = '2.0'";
      // An unknown phase, hostile or merely misspelt.
      for (String phase : List.of("expanded", "'; DROP TABLE x", "X\nY")) {
        corrupted(db, shard, "crossfade_release", "phase", at2, phase,
            "shard eu-1, release 2.0: " + CORRUPT + "its phase is " + StateStore.quote(phase) + ", which is none of");
      }
      // A release that is no release number.
      corrupted(db, shard, "crossfade_release", release, at2, "2.0'; DELETE FROM host; --",
          "shard eu-1: " + CORRUPT + "it records a release '2.0'; DELETE FROM host; --'");
      // A negative state version, and a phase set by a version the shard has not reached.
      corrupted(db, shard, "crossfade_shard", "state_version", "id = 1", -5L,
          "shard eu-1: " + CORRUPT + "its state version is -5, below 0");
      corrupted(db, shard, "crossfade_release", "state_version", at2, 999L,
          "shard eu-1, release 2.0: " + CORRUPT + "its phase was set by state version 999, but the shard's state");
      // A release number this code's history (1.0, 2.0) should have if it were real: another line's, or an edit.
      corrupted(db, shard, "crossfade_release", release, at2, "1.5",
          "shard eu-1, release 1.5: " + CORRUPT + "it records release 1.5, which is not in this code's history (1.0,"
              + " 2.0) although it lies between them");
      // A minimum writer release that is no release number.
      corrupted(db, shard, "crossfade_shard", "min_writer_release", "id = 1", "2.0;--",
          "shard eu-1: " + CORRUPT + "its minimum writer release is '2.0;--'");
      // A hostile, very long shard name recorded in the state: the message shows 40 characters of it, escaped.
      String hostileName = "eu-1'; DROP TABLE host; --\u0007" + "ü".repeat(90);
      assertTrue(StateStore.quote(hostileName).endsWith("--\\u0007üüüüüüüüüüüüü…' (117 characters)"),
          StateStore.quote(hostileName));
      corrupted(db, shard, "crossfade_shard", "shard_name", "id = 1", hostileName,
          "shard eu-1: the database behind this URL is shard " + StateStore.quote(hostileName) + ", not 'eu-1'");
      // The release row of a dropped crossfade_release would come back empty: every release PENDING again.
      List<List<String>> before = dump(db);
      MigratorTestKit.execute(db, "DROP TABLE crossfade_release");
      List<List<String>> dropped = dump(db);
      for (Executable verb : verbs(shard)) {
        MigrationRefusedException e = assertThrows(MigrationRefusedException.class, verb);
        assertTrue(e.getMessage().replace(", release 2.0", "").startsWith("shard eu-1: " + CORRUPT
            + "its state table crossfade_release is missing while crossfade_backfill, crossfade_server, crossfade_shard"
            + " exist"), e.getMessage());
        assertTrue(e.getMessage().contains(REMEDY), e.getMessage());
        assertEquals(dropped, dump(db), "a refused verb or start wrote nothing and created no table");
      }
      assertTrue(!before.equals(dropped));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aStateVersionThatGoesBackWhileAServerRunsIsRefusedAndItsWritesRollBack(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 3);
      SampleCode c2 = SampleCode.v2();
      try (Crossfade server = c2.start("app-1", shard)) {
        long seen = server.phases().state(shard).stateVersion();
        assertTrue(seen > 0);
        // A restore of an older backup of the state tables, under the running server.
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
            "UPDATE crossfade_shard SET state_version = ? WHERE id = 1")) {
          ps.setLong(1, 0);
          ps.executeUpdate();
          MigratorTestKit.execute(db, "UPDATE crossfade_release SET state_version = 0");
        }
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
            () -> server.phases().refresh(shard));
        assertTrue(refused.getMessage().startsWith("shard eu-1: " + CORRUPT + "its state version went back from "
            + seen + " to 0 while this server ran"), refused.getMessage());
        long hosts = MigratorTestKit.scalar(db, "SELECT count(*) FROM host");
        RuntimeException write = assertThrows(RuntimeException.class,
            () -> c2.hosts(server, MigratorTestKit.SHARD).save(c2.host(HostRow.of(100, 1, 1))));
        assertTrue(String.valueOf(write.getMessage()).contains("went back from " + seen + " to 0"),
            String.valueOf(write.getMessage()));
        assertEquals(hosts, MigratorTestKit.scalar(db, "SELECT count(*) FROM host"), "the write was not committed");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void hostileServerIdsAreRefusedAtStartAndNothingIsRegistered(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 1);
      List<List<String>> before = dump(db);
      for (String id : List.of("app'1", "app-1; DROP TABLE host", "app\"1", "café-1", "app-\u0000", "app 1",
          "\u202eapp-1", "😀", "x".repeat(10_000))) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SampleCode.v2().start(id, shard), id);
        assertTrue(e.getMessage().startsWith("server id " + StateStore.quote(id)), e.getMessage());
        assertTrue(e.getMessage().endsWith(id.length() > 128 ? "give this server a shorter id"
            : "give this server such an id"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the message stays one short line: " + e.getMessage());
        assertEquals(before, dump(db), "nothing was registered for " + StateStore.quote(id));
      }
      assertThrows(IllegalArgumentException.class, () -> Shard.of("eu-1'; --", db.url()));
      assertThrows(IllegalArgumentException.class, () -> Shard.of("ü".repeat(10), db.url()));
    }
  }

  /**
   * Corrupts one value of the state tables (bound, never spliced), then: {@code status} and {@code rollback}
   * (forced) of the migrator and a 2.0 server's start are each refused with {@code expected} at the start
   * of the message (a verb may name its release after the shard) and the remedy in it, and nothing is written;
   * then the value is put back.
   */
  private static void corrupted(TestDatabases.Fresh db, Shard shard, String table, String column, String where,
      Object value, String expected) throws Exception {
    List<List<String>> clean = dump(db);
    Object old;
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE " + where)) {
      assertTrue(rs.next(), where);
      old = rs.getObject(1);
    }
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
        "UPDATE " + table + " SET " + column + " = ? WHERE " + where)) {
      ps.setObject(1, value);
      assertEquals(1, ps.executeUpdate(), where);
    }
    List<List<String>> corrupt = dump(db);
    for (Executable verb : verbs(shard)) {
      MigrationRefusedException e = assertThrows(MigrationRefusedException.class, verb, expected);
      String m = e.getMessage().replace("shard eu-1, release 2.0: ", expected.startsWith("shard eu-1, release 2.0: ")
          ? "shard eu-1, release 2.0: " : "shard eu-1: ");
      assertTrue(m.startsWith(expected), "expected '" + expected + "…', got: " + e.getMessage());
      assertTrue(m.contains(expected.contains("this URL") ? "check the --shard NAME=JDBC_URL pairs" : REMEDY), m);
      assertTrue(!m.contains("\n") && !m.contains("\u0007"), "one line, no control character: " + m);
      assertEquals(corrupt, dump(db), "a refused verb or start wrote nothing: " + e.getMessage());
    }
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
        "UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?")) {
      ps.setObject(1, old);
      ps.setObject(2, value);
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(clean, dump(db));
  }

  /** The migrator's verbs and a server's start, each of which must refuse the state. */
  private static List<Executable> verbs(Shard shard) {
    Migrator migrator = MigratorTestKit.migrator();
    return List.of(() -> migrator.status(shard), () -> migrator.rollback(shard, V2, true),
        () -> SampleCode.v2().start("app-1", shard).close());
  }

  /**
   * Every row of the state tables there are, and every host: what a refusal must leave as it was. One connection
   * for all of them: on a loaded machine a PostgreSQL connection costs far more than these reads.
   */
  private static List<List<String>> dump(TestDatabases.Fresh db) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Connection c = db.connect()) {
      for (String table : List.of("crossfade_shard", "crossfade_release", "crossfade_backfill", "crossfade_server",
          "host")) {
        out.add(List.of("-- " + table));
        // Table names from this list, never user input.
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              row.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT) + "=" + rs.getString(i));
            }
            out.add(row);
          }
        } catch (SQLException missing) {
          out.add(List.of("(missing)"));
        }
      }
    }
    return out;
  }

  private static String quoted(TestDatabases.Fresh db, String identifier) throws SQLException {
    try (Connection c = db.connect()) {
      return quoted(c, identifier);
    }
  }

  private static String quoted(Connection c, String identifier) throws SQLException {
    return HostRows.quoted(c, identifier);
  }
}
