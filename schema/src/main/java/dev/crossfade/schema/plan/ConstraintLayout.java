package dev.crossfade.schema.plan;

import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.CheckExpressions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code @Index}, {@code @References} and {@code @Check} structures a shard has for given phases of each
 * release, next to {@link Layout}'s tables and columns: what the drift check compares with the live database.
 * {@code present} are those the phases imply; {@code absent} are those the model knows but the phases say are not
 * there (not expanded yet, rolled back, or dropped by a contract), which the drift check reports if found.
 *
 * @param present by table, the structures that must be there
 * @param absent by table, the structures that must not be there
 */
public record ConstraintLayout(SortedMap<String, List<Structure>> present, SortedMap<String, List<Structure>> absent) {

  /** What a structure is, for the drift check's words and the catalogue it is read from. */
  public enum Kind {
    INDEX("index"), FOREIGN_KEY("foreign key"), CHECK("check");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** One index or constraint by name; {@code why} says which release and annotation it comes from. */
  public record Structure(Kind kind, String name, String why) {}

  public ConstraintLayout {
    present = Collections.unmodifiableSortedMap(new TreeMap<>(present));
    absent = Collections.unmodifiableSortedMap(new TreeMap<>(absent));
  }

  /** The structures for any mix of phases, as a shard's state tables record them. */
  public static ConstraintLayout of(SchemaModel model, Function<Version, Phase> phaseOf) {
    SortedMap<String, List<Structure>> present = new TreeMap<>();
    SortedMap<String, List<Structure>> absent = new TreeMap<>();
    for (EntityDef e : model.entities()) {
      if (!Layout.tableExists(model, e, phaseOf)) {
        continue;
      }
      for (IndexDef i : e.indexes()) {
        Version since = model.sinceOf(e, i);
        boolean there = phaseOf.apply(since).atLeast(Phase.EXPANDED) && columnsExist(model, e, i.columns(), phaseOf)
            && (i.deprecatedIn() == null || phaseOf.apply(i.deprecatedIn()) != Phase.CONTRACTED);
        add(there ? present : absent, e.table(), new Structure(Kind.INDEX, i.name(), there
            ? "created by " + since + "'s expand"
            : i.deprecatedIn() != null && phaseOf.apply(i.deprecatedIn()) == Phase.CONTRACTED
                ? "dropped by " + i.deprecatedIn() + "'s contract" : "created only by " + since + "'s expand"));
      }
      for (ForeignKeyDef k : e.foreignKeys()) {
        Version since = model.sinceOf(e, k);
        if (!columnsExist(model, e, List.of(k.column()), phaseOf)) {
          continue;
        }
        boolean there = phaseOf.apply(since).atLeast(Phase.EXPANDED);
        add(there ? present : absent, e.table(), new Structure(Kind.FOREIGN_KEY, k.name(),
            (there ? "added by " : "added only by ") + since + "'s expand"));
      }
      for (CheckDef c : e.checks()) {
        Version since = model.sinceOf(e, c);
        if (!columnsExist(model, e, List.copyOf(CheckExpressions.columns(c.expression())), phaseOf)) {
          continue;
        }
        boolean there = phaseOf.apply(since).atLeast(Phase.EXPANDED);
        add(there ? present : absent, e.table(), new Structure(Kind.CHECK, c.name(),
            (there ? "added by " : "added only by ") + since + "'s expand"));
      }
    }
    return new ConstraintLayout(present, absent);
  }

  private static boolean columnsExist(SchemaModel model, EntityDef e, List<String> columns,
      Function<Version, Phase> phaseOf) {
    for (String c : columns) {
      FieldDef f = e.fields().stream().filter(x -> x.column().equals(c)).findFirst().orElse(null);
      if (f == null || !Layout.columnExists(model, e, f, phaseOf)) {
        return false;
      }
    }
    return true;
  }

  private static void add(SortedMap<String, List<Structure>> to, String table, Structure s) {
    to.computeIfAbsent(table, t -> new ArrayList<>()).add(s);
  }
}
