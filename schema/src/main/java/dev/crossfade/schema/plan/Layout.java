package dev.crossfade.schema.plan;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.Version;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The physical tables and columns a shard has for given phases of each release: what the drift check
 * compares with the live database, and what the repositories map entities onto.
 *
 * @param tables table name to column name to shape, both sorted
 */
public record Layout(SortedMap<String, SortedMap<String, Column>> tables) {

  /** A column's shape as the layout implies it. */
  public record Column(SqlType type, boolean nullable) {}

  public Layout {
    SortedMap<String, SortedMap<String, Column>> copy = new TreeMap<>();
    tables.forEach((t, cols) -> copy.put(t, Collections.unmodifiableSortedMap(new TreeMap<>(cols))));
    tables = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * The layout of a shard where {@code release} is in {@code phase}, every earlier release is CONTRACTED
   * and every later one PENDING.
   */
  public static Layout at(SchemaModel model, Version release, Phase phase) {
    return of(model, v -> v.isBefore(release) ? Phase.CONTRACTED : v.equals(release) ? phase : Phase.PENDING);
  }

  /** The layout for any mix of phases, as a shard's state tables record them. */
  public static Layout of(SchemaModel model, Function<Version, Phase> phaseOf) {
    SortedMap<String, SortedMap<String, Column>> tables = new TreeMap<>();
    for (EntityDef e : model.entities()) {
      if (!tableExists(model, e, phaseOf)) {
        continue;
      }
      SortedMap<String, Column> cols = new TreeMap<>();
      for (FieldDef f : e.fields()) {
        Version since = model.sinceOf(e, f);
        if (columnExists(model, e, f, phaseOf)) {
          boolean addedLater = model.sinceOf(e).isBefore(since);
          boolean filledByBackfill = addedLater && model.moveInto(e, f).isPresent();
          Version dep = f.deprecatedIn();
          boolean relaxed = dep != null && MigrationPlanner.relaxedIn(model, e, f, dep)
              && phaseOf.apply(dep).atLeast(Phase.EXPANDED);
          boolean nullable = f.nullable() || relaxed
              || filledByBackfill && phaseOf.apply(since) != Phase.CONTRACTED;
          cols.put(f.column(), new Column(f.sqlType(), nullable));
        }
      }
      tables.put(e.table(), cols);
    }
    return new Layout(tables);
  }

  /** Whether the entity's table is on a shard with these phases: created (EXPANDED) and not dropped (CONTRACTED). */
  static boolean tableExists(SchemaModel model, EntityDef e, Function<Version, Phase> phaseOf) {
    return exists(model.sinceOf(e), e.deprecatedIn(), phaseOf);
  }

  /** Whether the field's column is on a shard with these phases: the one rule the drift check and placement share. */
  static boolean columnExists(SchemaModel model, EntityDef e, FieldDef f, Function<Version, Phase> phaseOf) {
    return tableExists(model, e, phaseOf) && exists(model.sinceOf(e, f), model.deprecatedInOf(e, f), phaseOf);
  }

  private static boolean exists(Version since, Version deprecatedIn, Function<Version, Phase> phaseOf) {
    if (!phaseOf.apply(since).atLeast(Phase.EXPANDED)) {
      return false;
    }
    return deprecatedIn == null || phaseOf.apply(deprecatedIn) != Phase.CONTRACTED;
  }

  public Map<String, Column> columns(String table) {
    return tables.getOrDefault(table, Collections.emptySortedMap());
  }
}
