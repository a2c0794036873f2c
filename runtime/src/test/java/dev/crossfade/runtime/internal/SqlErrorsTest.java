package dev.crossfade.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One classification of database errors for the migrator and the repositories. The real servers produce
 * each kind of error; the catalogue pins the codes no test can provoke on demand (a server starting up or
 * crashing, older drivers' codes) — several of which the repositories' former copy called not retryable
 * while the migrator's called them a lost connection.
 */
class SqlErrorsTest {
  /** What one error is, in every category. */
  record Kind(boolean missing, boolean alreadyThere, boolean lockTimeout, boolean lost, boolean retryable) {
    static Kind of(Dialect d, SQLException e) {
      return new Kind(SqlErrors.missingTableOrColumn(d, e), SqlErrors.alreadyThere(d, e), SqlErrors.lockTimeout(d, e),
          SqlErrors.connectionLost(e), SqlErrors.retryable(d, e));
    }
  }

  static final Kind MISSING = new Kind(true, false, false, false, false);
  static final Kind THERE = new Kind(false, true, false, false, false);
  static final Kind LOCK_TIMEOUT = new Kind(false, false, true, false, true);
  static final Kind LOST = new Kind(false, false, false, true, true);

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void eachServersErrorsAreClassifiedAlike(Dialect d) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(d); Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      s.execute("INSERT INTO t (id, v) VALUES (1, 0)");
      assertEquals(MISSING, Kind.of(d, failing(s, "SELECT * FROM nope")), "missing table");
      assertEquals(MISSING, Kind.of(d, failing(s, "SELECT nope FROM t")), "missing column");
      assertTrue(SqlErrors.alreadyGone(d, failing(s, "DROP TABLE nope")), "dropping a missing table");
      assertEquals(THERE, Kind.of(d, failing(s, "CREATE TABLE t (id INT)")), "existing table");
      assertEquals(THERE, Kind.of(d, failing(s, "ALTER TABLE t ADD COLUMN v INT")), "existing column");

      try (Connection holder = db.connect(); Statement h = holder.createStatement()) {
        holder.setAutoCommit(false);
        h.executeUpdate("UPDATE t SET v = 1 WHERE id = 1");
        try (Connection waiter = db.connect(); Statement w = waiter.createStatement()) {
          w.execute(switch (d) {
            case POSTGRES -> "SET lock_timeout = '200ms'";
            case MARIADB, MYSQL -> "SET SESSION innodb_lock_wait_timeout = 1";
            case H2 -> "SET LOCK_TIMEOUT 200";
          });
          assertEquals(LOCK_TIMEOUT, Kind.of(d, failing(w, "UPDATE t SET v = 2 WHERE id = 1")), "lock timeout");
        }
        holder.rollback();
      }

      if (d != Dialect.H2) { // an in-memory H2 has no session to kill
        try (Connection victim = db.connect()) {
          long id = scalar(victim, d == Dialect.POSTGRES ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()");
          s.execute(d == Dialect.POSTGRES ? "SELECT pg_terminate_backend(" + id + ")" : "KILL " + id);
          try (Statement v = victim.createStatement()) {
            assertEquals(LOST, Kind.of(d, failing(v, "SELECT 1")), "killed session");
          }
        }
      }
    }
  }

  @Test
  void codesNoTestCanProvokeOnDemandAreClassifiedAsTheirServersDocumentThem() {
    for (SQLException e : List.of(
        new SQLException("terminating connection due to administrator command", "57P01"),
        new SQLException("terminating connection due to crash of another server process", "57P02"),
        new SQLException("the database system is starting up", "57P03"),
        new SQLException("Connection refused", "08001"),
        new SQLNonTransientConnectionException("socket closed"),
        new SQLException("Connection was killed", "70100", 1927),
        new SQLException("MySQL server has gone away", "HY000", 2006),
        new SQLException("Lost connection to MySQL server during query", "HY000", 2013),
        new SQLException("wrapped", new SQLException("Connection reset", "08006")))) {
      for (Dialect d : List.of(Dialect.POSTGRES, Dialect.MARIADB)) {
        assertEquals(LOST, Kind.of(d, e), d + ": " + e.getMessage());
      }
    }
    assertEquals(LOCK_TIMEOUT, Kind.of(Dialect.MARIADB, new SQLException("Statement aborted because lock(s) could"
        + " not be acquired immediately and NOWAIT is set", "HY000", 3572)));
    for (SQLException conflict : List.of(new SQLException("deadlock detected", "40P01"),
        new SQLException("could not serialize access", "40001"))) {
      assertTrue(SqlErrors.retryable(Dialect.POSTGRES, conflict), conflict.getMessage());
    }
    assertTrue(SqlErrors.retryable(Dialect.MARIADB, new SQLException("Deadlock found", "40001", 1213)));
    assertTrue(SqlErrors.retryable(Dialect.H2, new SQLException("Concurrent update", "90131", 90131)));
  }

  private static SQLException failing(Statement s, String sql) {
    return assertThrows(SQLException.class, () -> s.execute(sql), sql);
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
