package dev.crossfade.runtime;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Layout;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.LiveSchema;
import dev.crossfade.schema.sql.SqlFragment;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The drift check's part for the escape hatch: the structures the reviewed SQL fragments declare
 * ({@code -- crossfade:creates index|column <name> on <table>}), expected once the step that runs them has run on
 * the shard — expand's from EXPANDED, the backfill's from MIGRATED, contract's once CONTRACTED — for as long as their
 * table is in the layout. A declared column is not "unexpected"; a missing declared column or index is drift.
 */
final class DeclaredStructures {
  private DeclaredStructures() {}

  static List<String> drift(GeneratedPlan plan, Dialect dialect, Function<Version, Phase> phases, Layout expected,
      SortedMap<String, SortedMap<String, LiveSchema.LiveColumn>> live, List<String> drift, Connection c)
      throws SQLException {
    List<String> out = new ArrayList<>(drift);
    for (Version v : plan.model().releases()) {
      Phase p = phases.apply(v);
      if (p == null || !p.atLeast(Phase.EXPANDED)) {
        continue;
      }
      List<SqlFragment.Creates> declared = new ArrayList<>(plan.declared(dialect, v, "expand.sql"));
      if (p.atLeast(Phase.MIGRATED)) {
        declared.addAll(plan.declared(dialect, v, "backfill.sql"));
      }
      if (p == Phase.CONTRACTED) {
        declared.addAll(plan.declared(dialect, v, "contract.sql"));
      }
      for (SqlFragment.Creates d : declared) {
        if (!expected.tables().containsKey(d.table())) {
          continue; // its table is gone (or not there yet), and the structure with it
        }
        String by = " (declared by a reviewed SQL fragment of release " + v + ")";
        if (d.kind().equals("column")) {
          out.remove("unexpected column " + d.table() + "." + d.name());
          SortedMap<String, LiveSchema.LiveColumn> cols = live.get(d.table());
          if (cols != null && !cols.containsKey(d.name())) {
            out.add("missing column " + d.table() + "." + d.name() + by);
          }
        } else if (live.containsKey(d.table()) && !hasIndex(c, dialect, d.table(), d.name())) {
          out.add("missing index " + d.name() + " on " + d.table() + by);
        }
      }
    }
    return out;
  }

  private static boolean hasIndex(Connection c, Dialect dialect, String table, String index) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String schema = dialect.isMySqlFamily() ? null : c.getSchema();
    try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), schema, table, false, true)) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        if (name != null && name.toLowerCase(Locale.ROOT).equals(index)) {
          return true;
        }
      }
    }
    return false;
  }
}
