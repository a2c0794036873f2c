package dev.crossfade.schema.sql;

import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.plan.Layout;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a live database's tables and columns through JDBC metadata and says how they differ from a
 * {@link Layout}: missing or extra tables and columns, nullability, and type family (and VARCHAR length,
 * DECIMAL precision and scale). The drift check and the tests use it; tables named {@code crossfade_*}
 * (the runtime's own state) are left out.
 */
public final class LiveSchema {
  /** A live column as JDBC metadata describes it. */
  public record LiveColumn(String typeName, int size, int digits, boolean nullable) {}

  private LiveSchema() {}

  public static SortedMap<String, SortedMap<String, LiveColumn>> read(Connection c, Dialect dialect) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String catalog = c.getCatalog();
    String schema = dialect.isMySqlFamily() ? null : c.getSchema();
    SortedMap<String, SortedMap<String, LiveColumn>> tables = new TreeMap<>();
    try (ResultSet t = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "BASE TABLE"})) {
      while (t.next()) {
        String name = t.getString("TABLE_NAME");
        if (!name.startsWith("crossfade_")) {
          tables.put(name, new TreeMap<>());
        }
      }
    }
    for (Map.Entry<String, SortedMap<String, LiveColumn>> e : tables.entrySet()) {
      try (ResultSet col = meta.getColumns(catalog, schema, e.getKey(), "%")) {
        while (col.next()) {
          e.getValue().put(col.getString("COLUMN_NAME"), new LiveColumn(
              col.getString("TYPE_NAME").toLowerCase(Locale.ROOT), col.getInt("COLUMN_SIZE"),
              col.getInt("DECIMAL_DIGITS"), col.getInt("NULLABLE") == DatabaseMetaData.columnNullable));
        }
      }
    }
    return tables;
  }

  /** Every difference, one line each; empty when the live schema is the layout. */
  public static List<String> diff(Layout expected, SortedMap<String, SortedMap<String, LiveColumn>> live, Dialect dialect) {
    List<String> out = new ArrayList<>();
    for (String table : expected.tables().keySet()) {
      if (!live.containsKey(table)) {
        out.add("missing table " + table);
      }
    }
    for (String table : live.keySet()) {
      if (!expected.tables().containsKey(table)) {
        out.add("unexpected table " + table);
      }
    }
    for (Map.Entry<String, SortedMap<String, Layout.Column>> t : expected.tables().entrySet()) {
      SortedMap<String, LiveColumn> cols = live.get(t.getKey());
      if (cols == null) {
        continue;
      }
      for (Map.Entry<String, Layout.Column> c : t.getValue().entrySet()) {
        LiveColumn l = cols.get(c.getKey());
        String where = t.getKey() + "." + c.getKey();
        if (l == null) {
          out.add("missing column " + where);
          continue;
        }
        if (l.nullable() != c.getValue().nullable()) {
          out.add(where + " is " + (l.nullable() ? "nullable" : "NOT NULL") + " but the layout says "
              + (c.getValue().nullable() ? "nullable" : "NOT NULL"));
        }
        SqlType type = c.getValue().type();
        if (!family(dialect, l.typeName()).contains(type.kind())) {
          out.add(where + " has type " + l.typeName() + " but the layout says " + type);
        } else if (type.kind() == SqlType.Kind.VARCHAR && l.size() != type.length()) {
          out.add(where + " has length " + l.size() + " but the layout says " + type);
        } else if (type.kind() == SqlType.Kind.DECIMAL && (l.size() != type.precision() || l.digits() != type.scale())) {
          out.add(where + " is DECIMAL(" + l.size() + "," + l.digits() + ") but the layout says " + type);
        }
      }
      for (String column : cols.keySet()) {
        if (!t.getValue().containsKey(column)) {
          out.add("unexpected column " + t.getKey() + "." + column);
        }
      }
    }
    return out;
  }

  /** The layout kinds a live type name can stand for on a dialect. */
  private static List<SqlType.Kind> family(Dialect dialect, String typeName) {
    boolean mysql = dialect.isMySqlFamily();
    return switch (typeName) {
      case "varchar", "character varying" -> List.of(SqlType.Kind.VARCHAR);
      case "char" -> mysql ? List.of(SqlType.Kind.UUID) : List.of();
      case "int", "int4", "integer" -> List.of(SqlType.Kind.INTEGER);
      case "bigint", "int8" -> List.of(SqlType.Kind.BIGINT);
      case "bool", "boolean", "tinyint", "bit" -> List.of(SqlType.Kind.BOOLEAN);
      case "float8", "double", "double precision" -> List.of(SqlType.Kind.DOUBLE);
      case "numeric", "decimal" -> List.of(SqlType.Kind.DECIMAL);
      case "date" -> List.of(SqlType.Kind.DATE);
      case "timestamp" -> List.of(SqlType.Kind.TIMESTAMP);
      case "datetime" -> mysql ? List.of(SqlType.Kind.TIMESTAMP, SqlType.Kind.TIMESTAMP_TZ) : List.of();
      case "timestamptz", "timestamp with time zone" -> List.of(SqlType.Kind.TIMESTAMP_TZ);
      case "uuid" -> List.of(SqlType.Kind.UUID);
      case "bytea", "longblob", "binary varying", "varbinary", "blob" -> List.of(SqlType.Kind.BINARY);
      default -> List.of();
    };
  }
}
