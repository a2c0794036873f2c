package dev.crossfade.sample.demo;

import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Shard;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.sql.SqlRenderer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code --reset}: drops the demo's tables and Crossfade's state tables from a shard, so the demo can run again. */
public final class Reset {
  private Reset() {}

  public static void dropDemoTables(Shard shard, PrintStream out) {
    List<String> tables = new ArrayList<>();
    // Split tables first: they hold foreign keys to host.
    GeneratedPlan.load(Reset.class.getClassLoader()).model().entities().stream().map(EntityDef::table)
        .sorted((a, b) -> Integer.compare(b.length(), a.length())).forEach(tables::add);
    SqlRenderer sql = new SqlRenderer(shard.dialect());
    try (Connection c = shard.dataSource().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String t = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
          if (t.startsWith("crossfade_") && t.matches("[a-z_]+") && !tables.contains(t)) {
            tables.add(t);
          }
        }
      }
      for (String t : tables) {
        // Names come from the generated plan or match [a-z_]+, and are quoted by the dialect: no user input.
        s.execute("DROP TABLE IF EXISTS " + sql.quote(t));
      }
      out.println("reset " + shard.name() + ": dropped the demo's tables and Crossfade's state");
    } catch (SQLException e) {
      throw new IllegalStateException("could not reset shard " + shard.name() + ": " + e.getMessage(), e);
    }
  }
}
