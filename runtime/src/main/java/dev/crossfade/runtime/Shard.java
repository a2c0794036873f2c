package dev.crossfade.runtime;

import dev.crossfade.schema.sql.Dialect;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One database of the cluster: a name, a {@link DataSource} and its dialect.
 *
 * <p>An application passes its connection pool, and the dialect is read from the database itself:
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource();
 * pool.setJdbcUrl("jdbc:postgresql://db-eu-1/inventory?user=app");
 * Shard eu = Shard.of("eu-1", pool);
 * }</pre>
 *
 * <p>{@link #of(String, String)} takes a JDBC URL and opens a new connection for every call: enough for the
 * migrator's command line, far too slow for an application's traffic.
 */
public record Shard(String name, DataSource dataSource, Dialect dialect) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public Shard {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("shard name '" + name
          + "' is not valid; use 1 to 128 letters, digits, '_', '.' or '-'");
    }
  }

  /**
   * A shard reached through the application's {@link DataSource} (a pool such as HikariCP); the dialect is read
   * from the connection's metadata, so this borrows one connection and gives it back. To build a shard while
   * its database may be down, name the dialect: {@code new Shard(name, dataSource, Dialect.POSTGRES)}.
   *
   * @throws ShardUnavailableException when no connection can be had (the message names the shard)
   * @throws IllegalArgumentException when the database is none of PostgreSQL, MariaDB, MySQL and H2
   */
  public static Shard of(String name, DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException("shard " + name + ": the DataSource is null");
    }
    String product;
    String version;
    try (java.sql.Connection c = dataSource.getConnection()) {
      java.sql.DatabaseMetaData meta = c.getMetaData();
      product = meta.getDatabaseProductName();
      version = meta.getDatabaseProductVersion();
    } catch (java.sql.SQLException e) {
      throw new ShardUnavailableException("shard " + name + ": could not connect to read which database it is ("
          + e.getMessage() + "); check that it runs and the DataSource's settings, or name the dialect with"
          + " new Shard(name, dataSource, dialect)", e);
    }
    String seen = product;
    Dialect dialect = Dialect.forProduct(product, version).orElseThrow(() -> new IllegalArgumentException(
        "shard " + name + ": Crossfade does not support the database '" + seen
            + "'; use PostgreSQL, MariaDB, MySQL or H2"));
    return new Shard(name, dataSource, dialect);
  }

  /**
   * A shard reached through a JDBC URL, with a new connection per call (for the command line and tests; an
   * application passes its pool to {@link #of(String, DataSource)}); the dialect comes from the URL.
   */
  public static Shard of(String name, String jdbcUrl) {
    // Only the URL's scheme is quoted: an unknown kind of URL may hold a password in a form redact() misses.
    Dialect dialect = Dialect.forJdbcUrl(jdbcUrl).orElseThrow(() -> new IllegalArgumentException(
        "shard " + name + ": cannot tell the database from a URL starting '" + scheme(jdbcUrl)
            + "'; use a jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: or jdbc:h2: URL"));
    return new Shard(name, new JdbcUrlDataSource(jdbcUrl), dialect);
  }

  /** {@code jdbc:oracle:} of {@code jdbc:oracle:thin:scott/tiger@host}: what a message may quote of an unknown URL. */
  private static String scheme(String jdbcUrl) {
    java.util.regex.Matcher m = Pattern.compile("^[A-Za-z0-9]{1,16}:([A-Za-z0-9_-]{1,32}:)?").matcher(jdbcUrl);
    return m.find() ? m.group() : "";
  }

  /** Parses the command line's {@code NAME=JDBC_URL}. */
  public static Shard parse(String nameEqualsUrl) {
    if (nameEqualsUrl.regionMatches(true, 0, "jdbc:", 0, 5)) {
      // A URL's own '=' (?user=app) would otherwise make "jdbc:postgresql://host/db?user" the shard's name.
      throw new IllegalArgumentException("--shard takes NAME=JDBC_URL and this one has no NAME= in front: write"
          + " --shard eu-1=" + scheme(nameEqualsUrl) + "… (the name the shard is known by)");
    }
    int eq = nameEqualsUrl.indexOf('=');
    if (eq <= 0 || eq == nameEqualsUrl.length() - 1) {
      throw new IllegalArgumentException("--shard takes NAME=JDBC_URL, for example eu-1=jdbc:postgresql://host/db;"
          + " got '" + JdbcUrlDataSource.redact(nameEqualsUrl) + "'");
    }
    return of(nameEqualsUrl.substring(0, eq), nameEqualsUrl.substring(eq + 1));
  }

  @Override
  public String toString() {
    return name + " (" + dialect.folder() + ")";
  }
}
