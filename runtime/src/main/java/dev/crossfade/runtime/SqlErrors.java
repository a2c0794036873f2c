package dev.crossfade.runtime;

import dev.crossfade.schema.sql.Dialect;
import java.sql.SQLException;
import java.util.Set;

/** What a database error means for the migrator, per dialect (SQLSTATE on PostgreSQL, error codes elsewhere). */
final class SqlErrors {
  private SqlErrors() {}

  /** The statement waited too long for a lock: retry later. */
  static boolean isLockTimeout(Dialect d, SQLException e) {
    return switch (d) {
      case POSTGRES -> "55P03".equals(e.getSQLState());
      case MARIADB, MYSQL -> e.getErrorCode() == 1205 || e.getErrorCode() == 3572;
      case H2 -> e.getErrorCode() == 50200;
    };
  }

  /**
   * The session is gone: the server terminated it ({@code pg_terminate_backend}, {@code KILL}), restarted, or
   * the network dropped it. Whatever the statement did was rolled back by the server with its transaction.
   */
  static boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLRecoverableException || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03"))) {
          return true;
        }
        if (s.getErrorCode() == 1927 || s.getErrorCode() == 2006 || s.getErrorCode() == 2013) {
          return true;
        }
      }
    }
    return false;
  }

  /** The object the statement creates is already there: a resumed step already ran it. */
  static boolean isAlreadyThere(Dialect d, SQLException e) {
    return switch (d) {
      case POSTGRES -> Set.of("42P07", "42701", "42710").contains(e.getSQLState());
      case MARIADB, MYSQL -> Set.of(1050, 1060, 1061, 1826).contains(e.getErrorCode());
      case H2 -> Set.of(42101, 42121, 42111, 90045).contains(e.getErrorCode());
    };
  }

  /** The object the statement drops is gone: a resumed step already ran it. */
  static boolean isAlreadyGone(Dialect d, SQLException e) {
    return switch (d) {
      case POSTGRES -> Set.of("42P01", "42703", "42704").contains(e.getSQLState());
      case MARIADB, MYSQL -> Set.of(1051, 1091, 1146).contains(e.getErrorCode());
      case H2 -> Set.of(42102, 42122, 90057, 42112).contains(e.getErrorCode());
    };
  }
}
