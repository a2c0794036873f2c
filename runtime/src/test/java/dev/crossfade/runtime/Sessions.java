package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fault tests' hand on the server: find the session of a test database that waits for a lock, and cut
 * it ({@code pg_terminate_backend}, MariaDB {@code KILL}). Only sessions of the test's own fresh database
 * are ever looked at, so no other test's (or engineer's) session on the shared servers is touched.
 */
final class Sessions {
  private Sessions() {}

  /** This connection's server-side id (PostgreSQL backend pid, MariaDB connection id). */
  static long id(Connection c, Dialect dialect) throws SQLException {
    String sql = dialect == Dialect.POSTGRES ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Waits (up to 30 s) until a session of the test database other than {@code ignore} waits for a lock,
   * a row lock or, on MariaDB, a table's metadata lock; returns its id. Fails at once if {@code step}, the
   * work expected to wait, ends first.
   */
  static long awaitLockWaiter(TestDatabases.Fresh db, java.util.concurrent.Future<?> step, long... ignore)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = db.connect()) {
      long self = id(c, db.dialect());
      while (System.nanoTime() < deadline) {
        if (step.isDone()) {
          fail("the step ended before it waited for the lock: " + outcome(step));
        }
        for (long id : lockWaiters(c, db.dialect())) {
          if (id != self && !contains(ignore, id)) {
            return id;
          }
        }
        Thread.sleep(10);
      }
    }
    fail("no session of " + db + " started waiting for a lock within 30 s; sessions: " + dump(db));
    return -1;
  }

  private static String dump(TestDatabases.Fresh db) throws SQLException {
    String sql = db.dialect() == Dialect.POSTGRES
        ? "SELECT pid, state, wait_event_type, wait_event, query FROM pg_stat_activity WHERE datname = current_database()"
        : "SELECT p.ID, p.STATE, p.COMMAND, t.trx_state, p.INFO FROM information_schema.PROCESSLIST p LEFT JOIN"
            + " information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID WHERE p.DB = DATABASE()";
    StringBuilder b = new StringBuilder();
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        b.append("\n  ");
        for (int i = 1; i <= 5; i++) {
          b.append(rs.getString(i)).append(" | ");
        }
      }
    }
    return b.toString();
  }

  private static String outcome(java.util.concurrent.Future<?> step) {
    try {
      return String.valueOf(step.get());
    } catch (java.util.concurrent.ExecutionException e) {
      java.io.StringWriter w = new java.io.StringWriter();
      e.getCause().printStackTrace(new java.io.PrintWriter(w));
      return w.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static List<Long> lockWaiters(Connection c, Dialect dialect) throws SQLException {
    String sql = dialect == Dialect.POSTGRES
        ? "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        // INNODB_TRX lags behind (it is a cache refreshed now and then), so a row lock wait is recognised as a
        // statement of the test database running for over 300 ms while the only other transaction sleeps.
        : "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()"
            + " AND (STATE LIKE 'Waiting for%lock' OR (COMMAND = 'Query' AND TIME_MS > 300))";
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** Cuts one session of the test database, as an operator or a failing network would. */
  static void kill(TestDatabases.Fresh db, long id) throws SQLException {
    try (Connection c = db.connect()) {
      if (db.dialect() == Dialect.POSTGRES) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE pid = ? AND datname = current_database()")) {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
              fail("could not terminate backend " + id + " of " + db);
            }
          }
        }
      } else {
        try (Statement s = c.createStatement()) {
          s.execute("KILL CONNECTION " + id); // an id read from the server, never user input
        }
      }
    }
  }

  private static boolean contains(long[] ids, long id) {
    for (long i : ids) {
      if (i == id) {
        return true;
      }
    }
    return false;
  }
}
