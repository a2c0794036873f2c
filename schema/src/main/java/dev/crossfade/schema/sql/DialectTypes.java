package dev.crossfade.schema.sql;

import dev.crossfade.schema.SqlType;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;
import org.jooq.util.mariadb.MariaDBDataType;
import org.jooq.util.mysql.MySQLDataType;

/**
 * The column type each dialect gets. jOOQ's defaults are kept except where they are wrong for a schema
 * that must live for years: MariaDB/MySQL {@code TIMESTAMP} ends in 2038 and auto-updates, so
 * {@code LocalDateTime} and {@code Instant} become {@code DATETIME(6)} there (an {@code Instant} is stored
 * as UTC); {@code byte[]} is {@code bytea}, {@code LONGBLOB} and {@code VARBINARY}.
 */
public final class DialectTypes {
  private DialectTypes() {}

  public static DataType<?> of(Dialect dialect, SqlType type) {
    return switch (type.kind()) {
      case VARCHAR -> SQLDataType.VARCHAR(type.length());
      case INTEGER -> SQLDataType.INTEGER;
      case BIGINT -> SQLDataType.BIGINT;
      case BOOLEAN -> SQLDataType.BOOLEAN;
      case DOUBLE -> SQLDataType.DOUBLE;
      case DECIMAL -> SQLDataType.DECIMAL(type.precision(), type.scale());
      case DATE -> SQLDataType.LOCALDATE;
      case TIMESTAMP -> dialect.isMySqlFamily() ? datetime(dialect) : SQLDataType.LOCALDATETIME(6);
      case TIMESTAMP_TZ -> dialect.isMySqlFamily() ? datetime(dialect) : SQLDataType.OFFSETDATETIME(6);
      case UUID -> dialect.isMySqlFamily() ? SQLDataType.CHAR(36) : SQLDataType.UUID;
      case BINARY -> switch (dialect) {
        case POSTGRES -> SQLDataType.BLOB;
        case MARIADB, MYSQL -> SQLDataType.BLOB;
        case H2 -> SQLDataType.VARBINARY;
      };
    };
  }

  /**
   * jOOQ's typed constants, not a lookup by name: {@code DefaultDataType.getDataType(dialect, "datetime")}
   * upper-cases with the default locale and fails under a Turkish one ({@code DATETİME}).
   */
  @SuppressWarnings("deprecation")
  private static DataType<?> datetime(Dialect dialect) {
    return (dialect == Dialect.MARIADB ? MariaDBDataType.DATETIME : MySQLDataType.DATETIME).precision(6);
  }
}
