package dev.crossfade.runtime;

import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bounds how long a session of the migrator waits for a lock someone else holds. A statement that waits for a
 * table lock makes every later statement on that table queue behind it (PostgreSQL's lock queue, MariaDB's
 * metadata locks), and a backfill batch that waits for one row keeps the rows it already locked: either way the
 * application waits as long as the migrator does. So every such wait is bounded, and the caller retries with
 * backoff; the application is then delayed by about one lock timeout, never by the transaction that blocks.
 *
 * <ul>
 *   <li>PostgreSQL: {@code lock_timeout} (table and row locks alike);
 *   <li>MariaDB and MySQL: {@code lock_wait_timeout} (metadata locks: DDL) and {@code innodb_lock_wait_timeout}
 *       (row locks: the backfill), both in whole seconds, rounded up;
 *   <li>H2: {@code LOCK_TIMEOUT}.
 * </ul>
 */
final class LockTimeout {
  /** The lock-timeout settings the reviewed scripts carry for a person running them by hand. */
  private static final Pattern SCRIPT_SETTING = Pattern.compile(
      "^SET\\s+(SESSION\\s+)?(lock_timeout|lock_wait_timeout|innodb_lock_wait_timeout|LOCK_TIMEOUT)\\b.*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private LockTimeout() {}

  /** Whether {@code sql} is a script's own lock-timeout setting, which the migrator replaces by its configured one. */
  static boolean isScriptSetting(String sql) {
    return SCRIPT_SETTING.matcher(sql.strip()).matches();
  }

  /** The timeout in whole seconds, rounded up, at least 1: MariaDB and MySQL know no finer one. */
  static long seconds(Duration timeout) {
    return Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  /** Sets the session's lock timeouts on {@code c} (the numbers are the migrator's options, never user text). */
  static void apply(Connection c, Dialect dialect, Duration timeout) throws SQLException {
    try (Statement s = c.createStatement()) {
      switch (dialect) {
        case POSTGRES -> s.execute("SET lock_timeout = '" + timeout.toMillis() + "ms'");
        case MARIADB, MYSQL -> s.execute("SET SESSION lock_wait_timeout = " + seconds(timeout)
            + ", innodb_lock_wait_timeout = " + seconds(timeout));
        case H2 -> s.execute("SET LOCK_TIMEOUT " + timeout.toMillis());
      }
    }
  }

  /**
   * Sets the session's lock timeouts for the duration of a piece of work on a connection that may go back to a
   * pool afterwards; {@link Restore#close()} puts the previous values back.
   */
  static Restore during(Connection c, Dialect dialect, Duration timeout) throws SQLException {
    List<String> restore = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      switch (dialect) {
        case POSTGRES -> {
          try (ResultSet rs = s.executeQuery("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'")) {
            rs.next();
            restore.add("SET lock_timeout = " + Long.parseLong(rs.getString(1))); // milliseconds, a number
          }
        }
        case MARIADB, MYSQL -> {
          try (ResultSet rs = s.executeQuery(
              "SELECT @@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout")) {
            rs.next();
            restore.add("SET SESSION lock_wait_timeout = " + rs.getLong(1) + ", innodb_lock_wait_timeout = "
                + rs.getLong(2));
          }
        }
        case H2 -> {
          try (ResultSet rs = s.executeQuery(
              "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'LOCK_TIMEOUT'")) {
            restore.add("SET LOCK_TIMEOUT " + (rs.next() ? Long.parseLong(rs.getString(1).strip()) : 1000));
          }
        }
      }
    }
    apply(c, dialect, timeout);
    return new Restore(c, restore);
  }

  /** Puts a session's previous lock timeouts back. */
  static final class Restore implements AutoCloseable {
    private final Connection c;
    private final List<String> statements;

    private Restore(Connection c, List<String> statements) {
      this.c = c;
      this.statements = statements;
    }

    @Override
    public void close() {
      try (Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      } catch (SQLException gone) {
        // The connection broke; its session, and so its setting, went with it.
      }
    }
  }
}
