package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.ConstraintLayout;
import dev.crossfade.schema.plan.ConstraintLayout.Kind;
import dev.crossfade.schema.plan.ConstraintLayout.Structure;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The drift check of indexes, foreign keys and CHECK constraints: reads, per table the {@link ConstraintLayout}
 * names, the live index names (JDBC metadata) and constraint names ({@code information_schema.table_constraints},
 * which PostgreSQL, MariaDB and H2 all have), and reports each structure the phases imply that is missing and each
 * the phases say is gone that is there. Structures Crossfade does not manage (a primary key, an index someone made
 * by hand, the index MariaDB creates for a foreign key) are not its business and not reported.
 */
public final class LiveConstraints {
  private LiveConstraints() {}

  /** Every difference, one line each; empty when the live structures are what the phases imply. */
  public static List<String> diff(Connection c, Dialect dialect, ConstraintLayout expected) throws SQLException {
    List<String> out = new ArrayList<>();
    Set<String> tables = new java.util.TreeSet<>(expected.present().keySet());
    tables.addAll(expected.absent().keySet());
    for (String table : tables) {
      Map<Kind, Set<String>> live = read(c, dialect, table);
      for (Structure s : expected.present().getOrDefault(table, List.of())) {
        if (!live.get(s.kind()).contains(s.name())) {
          out.add("missing " + s.kind().words() + " " + s.name() + " on " + table + " (" + s.why() + ")");
        }
      }
      for (Structure s : expected.absent().getOrDefault(table, List.of())) {
        if (live.get(s.kind()).contains(s.name())) {
          out.add("unexpected " + s.kind().words() + " " + s.name() + " on " + table + " (" + s.why() + ")");
        }
      }
    }
    return out;
  }

  private static Map<Kind, Set<String>> read(Connection c, Dialect dialect, String table) throws SQLException {
    Map<Kind, Set<String>> live = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      live.put(k, new HashSet<>());
    }
    DatabaseMetaData meta = c.getMetaData();
    String catalog = c.getCatalog();
    String schema = dialect.isMySqlFamily() ? null : c.getSchema();
    try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        if (name != null) {
          live.get(Kind.INDEX).add(name);
        }
      }
    }
    // Unquoted names: information_schema's are upper case on H2 and lower case elsewhere, and fold alike.
    try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name, constraint_type"
        + " FROM information_schema.table_constraints WHERE table_schema = ? AND table_name = ?"
        + " AND constraint_type IN ('FOREIGN KEY', 'CHECK')")) {
      ps.setString(1, dialect.isMySqlFamily() ? catalog : schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          live.get("CHECK".equals(rs.getString(2)) ? Kind.CHECK : Kind.FOREIGN_KEY).add(rs.getString(1));
        }
      }
    }
    return live;
  }
}
