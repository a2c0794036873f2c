package dev.crossfade.runtime.repository;

import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.sql.Dialect;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Binds and reads one value of a Java kind, the way each database stores it (see docs/decisions.md,
 * "Types"): {@code Instant} is a time stamp with time zone except on MariaDB/MySQL, where it is a
 * {@code DATETIME(6)} in UTC; {@code UUID} is native except on MariaDB/MySQL ({@code CHAR(36)}); enums are
 * their constant names. The repositories and the migrator's converted backfill bind and read through it, so a
 * value is stored the same way whoever writes it. Not part of the public API.
 */
public final class JdbcValues {
  private JdbcValues() {}

  /** Binds a value of the given kind as the dialect stores it (Instant, UUID, enums, booleans differ). */
  public static void bind(PreparedStatement ps, int index, JavaKind kind, Dialect dialect, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlType(kind, dialect));
      return;
    }
    switch (kind) {
      case STRING, ENUM -> ps.setString(index, value instanceof Enum<?> e ? e.name() : (String) value);
      case INT, INTEGER -> ps.setInt(index, ((Number) value).intValue());
      case LONG_PRIMITIVE, LONG -> ps.setLong(index, ((Number) value).longValue());
      case BOOLEAN_PRIMITIVE, BOOLEAN -> ps.setBoolean(index, (Boolean) value);
      case DOUBLE_PRIMITIVE, DOUBLE -> ps.setDouble(index, ((Number) value).doubleValue());
      case BIG_DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
      case LOCAL_DATE -> ps.setObject(index, value);
      case LOCAL_DATE_TIME -> ps.setObject(index, value);
      case INSTANT -> {
        Instant i = (Instant) value;
        if (dialect == Dialect.MARIADB || dialect == Dialect.MYSQL) {
          ps.setObject(index, LocalDateTime.ofInstant(i, ZoneOffset.UTC));
        } else {
          ps.setObject(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
        }
      }
      case UUID -> {
        if (dialect == Dialect.MARIADB || dialect == Dialect.MYSQL) {
          ps.setString(index, value.toString());
        } else {
          ps.setObject(index, value);
        }
      }
      case BYTES -> ps.setBytes(index, (byte[]) value);
    }
  }

  /** Reads a value of the given kind as the dialect stored it; the inverse of {@link #bind}. */
  public static Object read(ResultSet rs, int index, JavaKind kind, Dialect dialect) throws SQLException {
    Object v = switch (kind) {
      case STRING, ENUM -> rs.getString(index);
      case INT, INTEGER -> {
        int i = rs.getInt(index);
        yield rs.wasNull() ? null : i;
      }
      case LONG_PRIMITIVE, LONG -> {
        long l = rs.getLong(index);
        yield rs.wasNull() ? null : l;
      }
      case BOOLEAN_PRIMITIVE, BOOLEAN -> {
        boolean b = rs.getBoolean(index);
        yield rs.wasNull() ? null : b;
      }
      case DOUBLE_PRIMITIVE, DOUBLE -> {
        double d = rs.getDouble(index);
        yield rs.wasNull() ? null : d;
      }
      case BIG_DECIMAL -> rs.getBigDecimal(index);
      case LOCAL_DATE -> rs.getObject(index, LocalDate.class);
      case LOCAL_DATE_TIME -> rs.getObject(index, LocalDateTime.class);
      case INSTANT -> {
        if (dialect == Dialect.MARIADB || dialect == Dialect.MYSQL) {
          LocalDateTime t = rs.getObject(index, LocalDateTime.class);
          yield t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        yield t == null ? null : t.toInstant();
      }
      case UUID -> {
        if (dialect == Dialect.MARIADB || dialect == Dialect.MYSQL) {
          String s = rs.getString(index);
          yield s == null ? null : UUID.fromString(s);
        }
        yield rs.getObject(index, UUID.class);
      }
      case BYTES -> rs.getBytes(index);
    };
    return v;
  }

  private static int sqlType(JavaKind kind, Dialect dialect) {
    return switch (kind) {
      case STRING, ENUM -> Types.VARCHAR;
      case INT, INTEGER -> Types.INTEGER;
      case LONG_PRIMITIVE, LONG -> Types.BIGINT;
      case BOOLEAN_PRIMITIVE, BOOLEAN -> Types.BOOLEAN;
      case DOUBLE_PRIMITIVE, DOUBLE -> Types.DOUBLE;
      case BIG_DECIMAL -> Types.DECIMAL;
      case LOCAL_DATE -> Types.DATE;
      case LOCAL_DATE_TIME -> Types.TIMESTAMP;
      case INSTANT -> dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? Types.TIMESTAMP
          : Types.TIMESTAMP_WITH_TIMEZONE;
      case UUID -> dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? Types.CHAR : Types.OTHER;
      case BYTES -> Types.VARBINARY;
    };
  }
}
