package dev.crossfade.runtime;

import dev.crossfade.schema.sql.Dialect;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One database of the cluster: a name, a {@link DataSource} and its dialect.
 *
 * <pre>{@code
 * Shard eu = Shard.of("eu-1", "jdbc:postgresql://db-eu-1/inventory?user=app");
 * }</pre>
 */
public record Shard(String name, DataSource dataSource, Dialect dialect) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public Shard {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("shard name '" + name
          + "' is not valid; use 1 to 128 letters, digits, '_', '.' or '-'");
    }
  }

  /** A shard reached through a JDBC URL; the dialect comes from the URL. */
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
