package dev.crossfade.schema.sql;

import java.util.Locale;
import java.util.Optional;
import org.jooq.SQLDialect;

/** The databases Crossfade writes SQL for; {@link #folder()} is the name under {@code META-INF/crossfade/}. */
public enum Dialect {
  POSTGRES("postgres", SQLDialect.POSTGRES, "PostgreSQL", 63),
  MARIADB("mariadb", SQLDialect.MARIADB, "MariaDB", 64),
  MYSQL("mysql", SQLDialect.MYSQL, "MySQL", 64),
  /** H2 has no practical limit; 256 is its default {@code MAX_IDENTIFIER_LENGTH}. */
  H2("h2", SQLDialect.H2, "H2", 256);

  private final String folder;
  private final SQLDialect jooq;
  private final String displayName;
  private final int maxIdentifierLength;

  Dialect(String folder, SQLDialect jooq, String displayName, int maxIdentifierLength) {
    this.folder = folder;
    this.jooq = jooq;
    this.displayName = displayName;
    this.maxIdentifierLength = maxIdentifierLength;
  }

  /** The product's name, for messages: {@code PostgreSQL}, {@code MariaDB}, {@code MySQL}, {@code H2}. */
  public String displayName() {
    return displayName;
  }

  /**
   * The longest table or column name the database keeps as written: PostgreSQL silently truncates longer
   * names to 63 bytes (so two long names can collide), MariaDB and MySQL refuse names over 64 characters.
   */
  public int maxIdentifierLength() {
    return maxIdentifierLength;
  }

  /** Whether the database reserves the word, so that unquoted SQL cannot use it as a table or column name. */
  public boolean isReserved(String identifier) {
    return ReservedWords.of(this).contains(identifier.toUpperCase(Locale.ROOT));
  }

  public String folder() {
    return folder;
  }

  public SQLDialect jooq() {
    return jooq;
  }

  public boolean isMySqlFamily() {
    return this == MARIADB || this == MYSQL;
  }

  /** {@code postgres}, {@code mariadb}, {@code mysql} or {@code h2}, case-insensitive. */
  public static Optional<Dialect> forName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Dialect d : values()) {
      if (d.folder.equals(n)) {
        return Optional.of(d);
      }
    }
    return n.equals("postgresql") ? Optional.of(POSTGRES) : Optional.empty();
  }

  /** The dialect of a JDBC URL ({@code jdbc:postgresql:…}, {@code jdbc:mariadb:…}, {@code jdbc:mysql:…}, {@code jdbc:h2:…}). */
  public static Optional<Dialect> forJdbcUrl(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRES);
    } else if (u.startsWith("jdbc:mariadb:")) {
      return Optional.of(MARIADB);
    } else if (u.startsWith("jdbc:mysql:")) {
      return Optional.of(MYSQL);
    } else if (u.startsWith("jdbc:h2:")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }

  /**
   * The dialect of a database as its JDBC driver names it ({@code DatabaseMetaData.getDatabaseProductName()} and
   * {@code getDatabaseProductVersion()}): {@code PostgreSQL}, {@code MariaDB}, {@code MySQL}, {@code H2}. A MariaDB
   * server reached through MySQL's driver calls itself MySQL and says MariaDB only in its version
   * ({@code 5.5.5-10.11.6-MariaDB}), so the version is read too.
   *
   * <pre>{@code
   * Dialect d = Dialect.forProduct("MySQL", "5.5.5-10.11.6-MariaDB").orElseThrow(); // MARIADB
   * }</pre>
   */
  public static Optional<Dialect> forProduct(String productName, String productVersion) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    String v = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return Optional.of(POSTGRES);
    } else if (p.contains("mariadb") || (p.contains("mysql") && v.contains("mariadb"))) {
      return Optional.of(MARIADB);
    } else if (p.contains("mysql")) {
      return Optional.of(MYSQL);
    } else if (p.equals("h2")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }
}
