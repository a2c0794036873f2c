package dev.crossfade.schema.plan;

import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Identifiers;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SchemaModel.Move;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Change.AddCheck;
import dev.crossfade.schema.plan.Change.AddColumn;
import dev.crossfade.schema.plan.Change.AddForeignKey;
import dev.crossfade.schema.plan.Change.CreateTableIndex;
import dev.crossfade.schema.plan.Change.CopyStep;
import dev.crossfade.schema.plan.Change.CreateIndex;
import dev.crossfade.schema.plan.Change.CreateTable;
import dev.crossfade.schema.plan.Change.DropColumn;
import dev.crossfade.schema.plan.Change.DropForeignKey;
import dev.crossfade.schema.plan.Change.DropNotNull;
import dev.crossfade.schema.plan.Change.DropTable;
import dev.crossfade.schema.plan.Change.ForeignKey;
import dev.crossfade.schema.plan.Change.SetNotNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out, per release, what expand adds, what the backfill copies and what contract drops. The order
 * inside each phase is fixed: tables before columns before relaxed constraints before indexes on expand; tightening before column
 * drops before table drops on contract; within each, tables by name and fields in declaration order.
 */
public final class MigrationPlanner {
  private final SchemaModel model;
  /**
   * {@link SchemaModel#movesIn} by release, worked out once: every new table asks for the moves of its release
   * (its parent key), and so does every contract, which made planning quadratic in the number of entities.
   */
  private final Map<Version, List<Move>> moves = new HashMap<>();

  public MigrationPlanner(SchemaModel model) {
    this.model = model;
  }

  /** The first move into each target column (table, NUL, field name), of the releases walked so far. */
  private final Map<String, Move> movedInto = new HashMap<>();
  private java.util.Iterator<Version> unwalked;

  private List<Move> movesIn(Version r) {
    return moves.computeIfAbsent(r, model::movesIn);
  }

  /**
   * {@link SchemaModel#moveInto}, answered from an index that grows release by release in the same walk (so it
   * finds the same move and fails on the same unresolved target), instead of a pass over every field per column.
   */
  private Optional<Move> moveInto(EntityDef target, FieldDef targetField) {
    String key = target.table() + "\u0000" + targetField.name();
    if (unwalked == null) {
      unwalked = model.releases().iterator();
    }
    while (!movedInto.containsKey(key) && unwalked.hasNext()) {
      for (Move m : movesIn(unwalked.next())) {
        if (m.keyed()) {
          continue; // as SchemaModel.moveInto: an extraction's target takes rows, not one datum
        }
        movedInto.putIfAbsent(m.target().table() + "\u0000" + m.targetField().name(), m);
      }
    }
    return Optional.ofNullable(movedInto.get(key));
  }

  /** One plan per release from the baseline to the code's release. */
  public List<ReleasePlan> plans() {
    List<ReleasePlan> plans = new ArrayList<>();
    for (Version r : model.releases()) {
      plans.add(plan(r));
    }
    return plans;
  }

  public ReleasePlan plan(Version r) {
    boolean baseline = r.equals(model.baseline());
    return new ReleasePlan(r, baseline, expand(r), backfill(r), contract(r), validate(r));
  }

  /**
   * The {@code @Index}, {@code @References} and {@code @Check} changes of release {@code r}'s expand, after its
   * tables and columns: indexes first (a foreign key's lookups use them), then foreign keys, then checks. On a
   * table that already existed they are online (and the constraints are checked by the migrate step).
   */
  private List<Change> constraints(Version r) {
    List<Change> indexes = new ArrayList<>();
    List<Change> keys = new ArrayList<>();
    List<Change> checks = new ArrayList<>();
    for (EntityDef e : model.entities()) {
      if (!model.sinceOf(e).isAfter(r) && (e.deprecatedIn() == null || e.deprecatedIn().isAfter(r))) {
        boolean existing = model.sinceOf(e).isBefore(r);
        for (IndexDef i : e.indexes()) {
          if (model.sinceOf(e, i).equals(r) && (i.deprecatedIn() == null || i.deprecatedIn().isAfter(r))) {
            indexes.add(new CreateTableIndex(e, i, existing, (i.unique() ? "add unique index " : "add index ")
                + i.name() + " on " + e.table() + " (" + String.join(", ", i.columns()) + ") (@Index"
                + (i.since() != null ? "(since = \"" + r + "\")" : "") + " on " + e.simpleName() + ")"));
          }
        }
        for (ForeignKeyDef k : e.foreignKeys()) {
          if (model.sinceOf(e, k).equals(r) && columnLives(e, k.column(), r)) {
            keys.add(new AddForeignKey(e, k, existing, "add foreign key " + k.name() + ": " + e.table() + "."
                + k.column() + " references " + k.targetTable() + "." + k.targetColumn()
                + onDelete(k) + " (@References on " + e.simpleName() + "." + k.field() + ")"));
          }
        }
        for (CheckDef c : e.checks()) {
          if (model.sinceOf(e, c).equals(r)) {
            checks.add(new AddCheck(e, c, existing, "add check " + c.name() + " on " + e.table() + ": "
                + c.expression() + " (@Check on " + e.simpleName() + ")"));
          }
        }
      }
    }
    List<Change> all = new ArrayList<>(indexes);
    all.addAll(keys);
    all.addAll(checks);
    return all;
  }

  private static String onDelete(ForeignKeyDef k) {
    return "NO_ACTION".equals(k.onDelete()) ? "" : " ON DELETE " + k.onDelete().replace('_', ' ');
  }

  /** Whether the column exists after release {@code r}'s expand and is not dropped by it. */
  private boolean columnLives(EntityDef e, String column, Version r) {
    return e.fields().stream().anyMatch(f -> f.column().equals(column) && !model.sinceOf(e, f).isAfter(r)
        && (model.deprecatedInOf(e, f) == null || model.deprecatedInOf(e, f).isAfter(r)));
  }

  /** The migrate step's checks of the constraints release {@code r}'s expand added online. */
  private List<Change.Validate> validate(Version r) {
    List<Change.Validate> out = new ArrayList<>();
    for (Change c : constraints(r)) {
      if (c instanceof AddForeignKey k && k.online()) {
        out.add(new Change.Validate(k.entity(), k.key(), null, "validate foreign key " + k.key().name()
            + ": every " + k.entity().table() + "." + k.key().column() + " has its " + k.key().targetTable() + " row"));
      } else if (c instanceof AddCheck k && k.online()) {
        out.add(new Change.Validate(k.entity(), null, k.check(), "validate check " + k.check().name() + ": every row"
            + " of " + k.entity().table() + " satisfies " + k.check().expression()));
      }
    }
    return out;
  }

  private List<Change> expand(Version r) {
    List<Change> tables = new ArrayList<>();
    List<Change> columns = new ArrayList<>();
    List<Change> relaxed = new ArrayList<>();
    List<Change> indexes = new ArrayList<>();
    for (EntityDef e : model.entities()) {
      for (FieldDef f : e.fields()) {
        if (relaxedIn(e, f, r)) {
          relaxed.add(new DropNotNull(e, f, Identifiers.derived(e.table() + "_" + f.column() + "_not_null"),
              "allow NULL in " + e.table() + "." + f.column() + " (@DeprecatedIn(\"" + r + "\") on "
                  + e.simpleName() + "." + f.name() + "): while CONTRACTING, " + r
                  + " servers insert rows without it; contract drops it"));
        }
      }
      if (model.sinceOf(e).equals(r)) {
        List<FieldDef> cols = e.fields().stream().filter(f -> model.sinceOf(e, f).equals(r)).toList();
        Optional<EntityDef> renamed = model.renamedFrom(e).filter(o -> r.equals(o.deprecatedIn()));
        tables.add(new CreateTable(e, cols, parentKey(e, r).orElse(null),
            "add table " + e.table() + (r.equals(model.baseline())
                ? " (baseline " + r + ", " + e.simpleName() + ")"
                : " (@Since(\"" + r + "\") on " + e.simpleName() + ")")
                + renamed.map(o -> ", the new name of table " + o.table() + " (@MovedTo on " + o.simpleName() + ")")
                    .orElse("")));
        for (FieldDef f : cols) {
          index(e, f, false).ifPresent(indexes::add);
        }
      } else if (model.sinceOf(e).isBefore(r)) {
        for (FieldDef f : e.fields()) {
          if (f.since() != null && model.sinceOf(e, f).equals(r)) {
            Optional<Move> into = moveInto(e, f);
            String why = into.map(m -> "add column " + e.table() + "." + f.column() + ", the new place of "
                    + m.source().table() + "." + m.field().column() + " (" + moveKind(m) + ")")
                .orElse("add column " + e.table() + "." + f.column() + " (@Since(\"" + r + "\") on "
                    + e.simpleName() + "." + f.name() + ")");
            columns.add(new AddColumn(e, f, into.isPresent(), why));
            index(e, f, true).ifPresent(indexes::add);
          }
        }
      }
    }
    List<Change> all = new ArrayList<>(tables);
    all.addAll(columns);
    all.addAll(relaxed);
    all.addAll(indexes);
    all.addAll(constraints(r));
    return all;
  }

  /**
   * Whether release {@code r}'s expand lets {@code f} hold NULL: {@code r} deprecates the field (not its
   * whole table), it existed before {@code r}, and it is {@code NOT NULL} without a default, so an insert
   * that leaves it out (release r's servers while CONTRACTING) would fail.
   */
  public static boolean relaxedIn(SchemaModel model, EntityDef e, FieldDef f, Version r) {
    return r.equals(f.deprecatedIn()) && !r.equals(e.deprecatedIn()) && !f.id() && !f.nullable()
        && !f.hasDefault() && model.sinceOf(e, f).isBefore(r);
  }

  private boolean relaxedIn(EntityDef e, FieldDef f, Version r) {
    return relaxedIn(model, e, f, r);
  }

  /** A split table gets a cascading foreign key to the one table all its moved-in fields come from. */
  private Optional<ForeignKey> parentKey(EntityDef table, Version r) {
    List<Move> into = movesIn(r).stream()
        .filter(m -> !m.sameTable() && m.target().table().equals(table.table()))
        .toList();
    if (into.isEmpty()) {
      return Optional.empty();
    }
    EntityDef parent = into.get(0).source();
    if (model.renamedTo(parent).filter(t -> t.table().equals(table.table())).isPresent()) {
      // A renamed table's new rows outlive the old table: from CONTRACTING on this release's servers insert new rows
      // only, which a key to the old table would refuse. Rows an older server deletes from the old table alone are
      // swept by the backfill instead (BackfillSql#sweep).
      return Optional.empty();
    }
    boolean oneParent = into.stream().allMatch(m -> m.source().table().equals(parent.table()));
    if (!oneParent) {
      return Optional.empty();
    }
    // Kept even when the parent is deprecated later (or in the same release): shards already have it, and
    // the parent's contract drops it before the parent (see contract()).
    // A 1:N child's first key field is the parent's key (SqlRenderer keys the constraint on it).
    return Optional.of(new ForeignKey(
        Identifiers.derived(table.table() + "_" + parent.table() + "_fk"), parent.table(), parent.id().column()));
  }

  private Optional<Change> index(EntityDef e, FieldDef f, boolean online) {
    if (!f.unique() && !f.indexed() || f.id()) {
      return Optional.empty();
    }
    String name = Identifiers.derived(e.table() + "_" + f.column() + (f.unique() ? "_key" : "_idx"));
    return Optional.of(new CreateIndex(e, f, name, f.unique(), online,
        (f.unique() ? "add unique index " : "add index ") + name + " on " + e.table() + "." + f.column()));
  }

  private List<CopyStep> backfill(Version r) {
    Map<String, List<Move>> groups = new LinkedHashMap<>();
    for (Move m : movesIn(r)) {
      // Each extracted column is a step of its own: one keyset walk over the parent per child row key.
      String key = m.source().table() + "\u0000" + m.target().table() + "\u0000" + (m.converter() != null)
          + (m.keyed() ? "\u0000" + m.field().name() : "");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }
    List<CopyStep> steps = new ArrayList<>();
    for (List<Move> moves : groups.values()) {
      Move first = moves.get(0);
      boolean converted = first.converter() != null;
      StringBuilder why = new StringBuilder("copy ");
      for (int i = 0; i < moves.size(); i++) {
        Move m = moves.get(i);
        why.append(i == 0 ? "" : ", ").append(m.source().table()).append('.').append(m.field().column())
            .append(" -> ").append(m.target().table()).append('.').append(m.targetField().column());
        if (m.keyed()) {
          why.append(" of the row ").append(m.target().ids().get(1).column()).append(" = ").append(m.key());
        }
      }
      why.append(" (").append(moveKind(first)).append(")");
      steps.add(new CopyStep(first.source(), first.target(), moves, converted, why.toString()));
    }
    return steps;
  }

  private List<Change> contract(Version r) {
    List<Change> tighten = new ArrayList<>();
    List<Change> dropKeys = new ArrayList<>();
    List<Change> dropColumns = new ArrayList<>();
    List<Change> dropTables = new ArrayList<>();
    for (Move m : movesIn(r)) {
      FieldDef target = m.targetField();
      boolean addedToExistingTable = model.sinceOf(m.target()).isBefore(model.sinceOf(m.target(), target));
      if (addedToExistingTable && !target.nullable()) {
        tighten.add(new SetNotNull(m.target(), target,
            Identifiers.derived(m.target().table() + "_" + target.column() + "_not_null"),
            "make " + m.target().table() + "." + target.column() + " NOT NULL now that the backfill filled it"
                + " and no older server inserts rows without it"));
      }
    }
    for (EntityDef e : model.entities()) {
      if (r.equals(e.deprecatedIn())) {
        for (EntityDef child : model.entities()) {
          if (child.deprecatedIn() == null || !child.deprecatedIn().equals(r)) {
            Version childSince = model.sinceOf(child);
            parentKeyOf(child, childSince).filter(fk -> fk.parentTable().equals(e.table())).ifPresent(fk ->
                dropKeys.add(new DropForeignKey(child, fk.name(),
                    "drop foreign key " + fk.name() + " of " + child.table() + " before its parent "
                        + e.table() + " is dropped")));
          }
        }
        dropTables.add(new DropTable(e, "drop table " + e.table() + " (@DeprecatedIn(\"" + r + "\") on "
            + e.simpleName() + ")" + model.renamedTo(e).map(t -> ", renamed to " + t.table()).orElse("")));
      } else {
        for (FieldDef f : e.fields()) {
          if (r.equals(f.deprecatedIn())) {
            String why = f.move() != null
                ? "drop column " + e.table() + "." + f.column() + ", moved to "
                    + model.entity(f.move().targetEntity()).map(EntityDef::table).orElse("?") + "."
                    + model.entity(f.move().targetEntity()).flatMap(t -> t.field(f.move().targetField()))
                        .map(FieldDef::column).orElse("?")
                    + (f.move().keyed() ? " of the row " + model.entity(f.move().targetEntity())
                        .map(t -> t.ids().get(t.ids().size() - 1).column()).orElse("?") + " = " + f.move().key() : "")
                : "drop column " + e.table() + "." + f.column() + " (@DeprecatedIn(\"" + r + "\") on "
                    + e.simpleName() + "." + f.name() + ")";
            dropColumns.add(new DropColumn(e, f, why));
          }
        }
      }
    }
    List<Change> dropIndexes = new ArrayList<>();
    for (EntityDef e : model.entities()) {
      if (e.deprecatedIn() != null && !e.deprecatedIn().isAfter(r)) {
        continue; // dropped with the table
      }
      java.util.Set<String> dropped = new java.util.HashSet<>();
      for (FieldDef f : e.fields()) {
        if (r.equals(f.deprecatedIn())) {
          dropped.add(f.column());
        }
      }
      for (IndexDef i : e.indexes()) {
        boolean live = i.deprecatedIn() == null || !i.deprecatedIn().isBefore(r);
        if (r.equals(i.deprecatedIn()) && model.sinceOf(e, i).isBefore(r)) {
          dropIndexes.add(new Change.DropIndex(e, i, "drop index " + i.name() + " on " + e.table()
              + " (@Index(deprecatedIn = \"" + r + "\") on " + e.simpleName() + ")"));
        } else if (live && model.sinceOf(e, i).isBefore(r) && i.columns().stream().anyMatch(dropped::contains)) {
          dropIndexes.add(new Change.DropIndex(e, i, "drop index " + i.name() + " on " + e.table()
              + " before its column is dropped (MariaDB would keep it over the other columns)"));
        }
      }
      for (ForeignKeyDef k : e.foreignKeys()) {
        if (dropped.contains(k.column()) && model.sinceOf(e, k).isBefore(r)) {
          dropKeys.add(new DropForeignKey(e, k.name(), "drop foreign key " + k.name() + " before its column "
              + e.table() + "." + k.column() + " is dropped"));
        }
      }
      for (CheckDef c : e.checks()) {
        if (model.sinceOf(e, c).isBefore(r)
            && dev.crossfade.schema.sql.CheckExpressions.columns(c.expression()).stream().anyMatch(dropped::contains)) {
          dropIndexes.add(new Change.DropCheck(e, c, "drop check " + c.name() + " before a column it names is"
              + " dropped (MariaDB refuses to drop the column)"));
        }
      }
    }
    List<Change> all = new ArrayList<>(tighten);
    // Foreign keys first: MariaDB refuses to drop an index a foreign key uses.
    all.addAll(dropKeys);
    all.addAll(dropIndexes);
    all.addAll(dropColumns);
    all.addAll(dropTables);
    return all;
  }

  private Optional<ForeignKey> parentKeyOf(EntityDef child, Version childSince) {
    return childSince.equals(model.baseline()) ? Optional.empty() : parentKey(child, childSince);
  }

  /** "rename", "split", "type change" or a mix, for reasons and the plan. */
  public static String moveKind(Move m) {
    if (m.converter() != null) {
      return "type change through " + m.converter().substring(m.converter().lastIndexOf('.') + 1);
    }
    if (m.keyed()) {
      return "extract into rows of " + m.target().table() + ", keyed by " + m.source().table() + "."
          + m.source().id().column() + " and " + m.target().ids().get(1).column();
    }
    if (m.sameTable()) {
      return "rename";
    }
    // A table rename (SchemaModel#renamedTo): the source is deprecated with its table, and every field moves.
    if (m.release().equals(m.source().deprecatedIn())
        && m.source().fields().stream().allMatch(f -> f.id() || f.move() != null
            && m.release().equals(f.deprecatedIn()) && f.move().targetEntity().equals(m.target().className()))) {
      return "table " + m.source().table() + " renamed to " + m.target().table() + ", keyed by "
          + m.source().table() + "." + m.source().id().column();
    }
    return "split into " + m.target().table() + ", keyed by " + m.source().table() + "."
        + m.source().id().column();
  }
}
