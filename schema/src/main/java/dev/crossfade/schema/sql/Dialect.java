package dev.crossfade.schema.sql;

import java.util.Locale;
import java.util.Optional;
import org.jooq.SQLDialect;

/** The databases Crossfade writes SQL for; {@link #folder()} is the name under {@code META-INF/crossfade/}. */
public enum Dialect {
  POSTGRES("postgres", SQLDialect.POSTGRES),
  MARIADB("mariadb", SQLDialect.MARIADB),
  MYSQL("mysql", SQLDialect.MYSQL),
  H2("h2", SQLDialect.H2);

  private final String folder;
  private final SQLDialect jooq;

  Dialect(String folder, SQLDialect jooq) {
    this.folder = folder;
    this.jooq = jooq;
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
}
