package dev.crossfade.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh databases on the local servers, one per benchmark, dropped afterwards. The URLs come from the same
 * environment variables as the tests ({@code CROSSFADE_PG_URL}, {@code CROSSFADE_MARIADB_URL}).
 */
final class Databases {
  static final String PG_URL = env("CROSSFADE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String MARIADB_URL = env("CROSSFADE_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

  private Databases() {}

  /** The server is not there: the harness says so, the smoke tests skip (or fail when CI=true). */
  static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Dialect dialect;

    Unreachable(Dialect dialect, String url, SQLException cause) {
      super(dialect + " is not reachable at " + url + " (" + cause.getMessage() + "); start it or set CROSSFADE_"
          + (dialect == Dialect.POSTGRES ? "PG" : "MARIADB") + "_URL", cause);
      this.dialect = dialect;
    }
  }

  static Dialect dialect(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "postgres", "pg", "postgresql" -> Dialect.POSTGRES;
      case "mariadb", "maria" -> Dialect.MARIADB;
      default -> throw new IllegalArgumentException("--db takes postgres, mariadb or both; got " + name);
    };
  }

  static String adminUrl(Dialect dialect) {
    return dialect == Dialect.POSTGRES ? PG_URL : MARIADB_URL;
  }

  /** Fails with {@link Unreachable} when the server cannot be reached. */
  static void requireReachable(Dialect dialect) {
    try (Connection c = DriverManager.getConnection(adminUrl(dialect))) {
      c.isValid(2);
    } catch (SQLException e) {
      throw new Unreachable(dialect, adminUrl(dialect), e);
    }
  }

  static Fresh create(Dialect dialect) {
    String admin = adminUrl(dialect);
    String name = "cfbench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url = dialect == Dialect.POSTGRES
        ? admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name)
        : admin.replaceFirst("(jdbc:(mariadb|mysql)://[^/]+/)[^?]*", "$1" + name);
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        throw new Unreachable(dialect, admin, e);
      }
      throw new IllegalStateException("cannot create a database on " + dialect + ": " + e.getMessage(), e);
    }
    return new Fresh(dialect, url, admin, name);
  }

  /** A database made for one benchmark; {@link #close()} drops it. */
  record Fresh(Dialect dialect, String url, String adminUrl, String name) implements AutoCloseable {
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }

    /** A pool, as an application would give its shard. */
    HikariDataSource pool(int size) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(size);
      config.setMinimumIdle(size);
      config.setPoolName(name);
      return new HikariDataSource(config);
    }

    @Override
    public void close() {
      try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE " + name + (dialect == Dialect.POSTGRES ? " WITH (FORCE)" : ""));
      } catch (SQLException e) {
        System.err.println("could not drop benchmark database " + name + ": " + e.getMessage());
      }
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
