package dev.crossfade.runtime.internal;

import dev.crossfade.schema.sql.Dialect;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a database error means, per dialect: SQLSTATE on PostgreSQL, vendor error codes on MariaDB, MySQL
 * and H2. The one classification the migrator (retry a DDL statement, resume a step) and the repositories
 * (refresh a stale layout, tell the caller to retry) share, so that they never disagree about an error.
 * Not part of the public API.
 */
public final class SqlErrors {
  private SqlErrors() {}

  /** The statement waited too long for a lock: retry later. */
  public static boolean lockTimeout(Dialect d, SQLException e) {
    for (SQLException s : chain(e)) {
      boolean timeout = switch (d) {
        case POSTGRES -> "55P03".equals(s.getSQLState());
        case MARIADB, MYSQL -> s.getErrorCode() == 1205 || s.getErrorCode() == 3572;
        case H2 -> s.getErrorCode() == 50200;
      };
      if (timeout) {
        return true;
      }
    }
    return false;
  }

  /**
   * The session is gone: the server terminated it ({@code pg_terminate_backend}, {@code KILL}), restarted, or
   * the network dropped it. Whatever the statement did was rolled back by the server with its transaction.
   */
  public static boolean connectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
            || state.equals("57P03"))) {
          return true;
        }
        // MariaDB/MySQL: the connection was killed (1927), the server has gone away (2006), lost mid-query (2013).
        if (s.getErrorCode() == 1927 || s.getErrorCode() == 2006 || s.getErrorCode() == 2013) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Connecting found the server but not the database the URL names: PostgreSQL 3D000, MariaDB/MySQL 1049
   * ("Unknown database"), H2 90146 (a file that does not exist, opened with {@code IFEXISTS=TRUE}) and 90013.
   * Running the same command again cannot help; the URL or the server's databases must change.
   */
  public static boolean missingDatabase(SQLException e) {
    for (SQLException s : chain(e)) {
      if ("3D000".equals(s.getSQLState()) || s.getErrorCode() == 1049 || s.getErrorCode() == 90146
          || s.getErrorCode() == 90013) {
        return true;
      }
    }
    return false;
  }

  /**
   * The server refused the credentials: SQLSTATE class 28 (PostgreSQL 28P01 and 28000, H2 28000), MariaDB/MySQL
   * 1045 and 1044 (no access to that database).
   */
  public static boolean accessDenied(SQLException e) {
    for (SQLException s : chain(e)) {
      String state = s.getSQLState();
      if ((state != null && state.startsWith("28")) || s.getErrorCode() == 1045 || s.getErrorCode() == 1044) {
        return true;
      }
    }
    return false;
  }

  /** The transaction lost a deadlock or a serialization conflict and was rolled back: run it again. */
  public static boolean conflict(Dialect d, SQLException e) {
    for (SQLException s : chain(e)) {
      String state = s.getSQLState();
      if (state != null && state.startsWith("40")) {
        return true;
      }
      boolean vendor = switch (d) {
        case POSTGRES -> false;
        case MARIADB, MYSQL -> s.getErrorCode() == 1213;
        // H2: a concurrent update of the same row in another transaction.
        case H2 -> s.getErrorCode() == 40001 || s.getErrorCode() == 90131;
      };
      if (vendor) {
        return true;
      }
    }
    return false;
  }

  /**
   * Worth retrying by the caller: the connection was lost, a deadlock or serialization failure, a lock or
   * query timeout; anything the driver itself calls transient.
   */
  public static boolean retryable(Dialect d, SQLException e) {
    if (connectionLost(e) || lockTimeout(d, e) || conflict(d, e)) {
      return true;
    }
    for (SQLException s : chain(e)) {
      if (s instanceof SQLTransientException || "HYT00".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The statement named a table or column the database does not have: for a repository, its cached phases
   * may be stale.
   */
  public static boolean missingTableOrColumn(Dialect d, SQLException e) {
    return switch (d) {
      case POSTGRES -> state(e, "42P01", "42703");
      case MARIADB, MYSQL -> Set.of(1146, 1054).contains(e.getErrorCode());
      case H2 -> Set.of(42102, 42103, 42104, 42122).contains(e.getErrorCode());
    };
  }

  /**
   * The database user may not do this: PostgreSQL's SQLSTATE 42501, MariaDB's and MySQL's "command denied" and
   * "access denied" errors, H2's "not enough rights". A server's user has the rights to read and write rows only.
   */
  public static boolean permissionDenied(Dialect d, SQLException e) {
    for (SQLException s : chain(e)) {
      boolean denied = switch (d) {
        case POSTGRES -> "42501".equals(s.getSQLState());
        case MARIADB, MYSQL -> Set.of(1142, 1143, 1044, 1227, 1370).contains(s.getErrorCode());
        case H2 -> s.getErrorCode() == 90096;
      };
      if (denied) {
        return true;
      }
    }
    return false;
  }

  /** A unique constraint or primary key refused the row: its key (or unique value) is taken. */
  public static boolean duplicateKey(Dialect d, SQLException e) {
    for (SQLException s : chain(e)) {
      boolean hit = switch (d) {
        case POSTGRES, H2 -> "23505".equals(s.getSQLState());
        case MARIADB, MYSQL -> s.getErrorCode() == 1062;
      };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** The object the statement creates is already there: a resumed step already ran it. */
  public static boolean alreadyThere(Dialect d, SQLException e) {
    return switch (d) {
      case POSTGRES -> state(e, "42P07", "42701", "42710");
      case MARIADB, MYSQL -> Set.of(1050, 1060, 1061, 1826).contains(e.getErrorCode());
      case H2 -> Set.of(42101, 42121, 42111, 90045).contains(e.getErrorCode());
    };
  }

  /** The object the statement drops is gone: a resumed step already ran it. */
  public static boolean alreadyGone(Dialect d, SQLException e) {
    if (missingTableOrColumn(d, e)) {
      return true;
    }
    return switch (d) {
      case POSTGRES -> "42704".equals(e.getSQLState());
      case MARIADB, MYSQL -> Set.of(1051, 1091).contains(e.getErrorCode());
      case H2 -> Set.of(90057, 42112).contains(e.getErrorCode());
    };
  }

  /** Whether the SQLSTATE is one of {@code states}; drivers may report none ({@code Set.contains(null)} throws). */
  private static boolean state(SQLException e, String... states) {
    return e.getSQLState() != null && Set.of(states).contains(e.getSQLState());
  }

  /** The exception and its causes and chained exceptions that are SQL exceptions, outermost first. */
  private static java.util.List<SQLException> chain(SQLException e) {
    java.util.List<SQLException> out = new java.util.ArrayList<>();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException s) {
        out.add(s);
      }
    }
    return out;
  }
}
