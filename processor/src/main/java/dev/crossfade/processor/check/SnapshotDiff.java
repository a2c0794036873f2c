package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Identifiers;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Change;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * The code of release R against what earlier releases shipped: the snapshot of the last release before R
 * (L), and the rule that code R still serves shards where L is not yet contracted. Everything L's snapshot
 * holds must still be in the code, with the same name, type, key and history, unless L's snapshot already
 * deprecated it in a release whose contract is done before R runs; everything the code adds after L must say
 * so with {@code @Since}. A later snapshot than R means the build went back in time.
 *
 * <p>Warnings: a backfill or an online index over a table whose snapshot estimates it at
 * {@link #LARGE_TABLE_ROWS} rows or more.
 */
public final class SnapshotDiff {
  /** From this estimate on, a table is large: a backfill or index over it takes long enough to plan. */
  public static final long LARGE_TABLE_ROWS = 1_000_000L;

  /** Where the code's release is declared, for the errors whose culprit is no longer in the code. */
  public record ReleaseSite(Element element, AnnotationMirror annotation, AnnotationValue value) {}

  private final Diagnostics diagnostics;
  private final SchemaModel model;
  private final List<ReadEntity> entities;
  private final SortedMap<Version, Snapshot> snapshots;
  private final ReleaseSite site;
  private final Version release;

  public SnapshotDiff(Diagnostics diagnostics, SchemaModel model, List<ReadEntity> entities,
      SortedMap<Version, Snapshot> snapshots, ReleaseSite site) {
    this.diagnostics = diagnostics;
    this.model = model;
    this.entities = entities;
    this.snapshots = snapshots;
    this.site = site == null ? new ReleaseSite(null, null, null) : site;
    this.release = model.release();
  }

  public void run() {
    Optional<Snapshot> ahead = snapshots.values().stream().filter(s -> s.release().isAfter(release))
        .reduce((a, b) -> b);
    if (ahead.isPresent()) {
      Version later = ahead.get().release();
      atSite(Message.RELEASE_BEHIND_SNAPSHOT, release, later, release, next(later));
      return;
    }
    SortedMap<Version, Snapshot> earlier = snapshots.headMap(release);
    if (earlier.isEmpty()) {
      return;
    }
    Snapshot last = earlier.get(earlier.lastKey());
    new Against(last).run();
    warnings(last, snapshots.get(release));
  }

  /** The diff against one snapshot, L. */
  private final class Against {
    private final Snapshot last;
    private final Version l;
    private final Map<String, ReadEntity> byTable = new HashMap<>();
    private final Map<String, ReadEntity> byClass = new HashMap<>();

    Against(Snapshot last) {
      this.last = last;
      this.l = last.release();
      for (ReadEntity e : entities) {
        byTable.put(e.def().table(), e);
        byClass.put(e.def().className(), e);
      }
    }

    void run() {
      Set<String> renamed = new HashSet<>();
      last.tables().forEach((name, table) -> {
        ReadEntity e = byTable.get(name);
        if (e != null) {
          table(e, table);
          return;
        }
        ReadEntity sameClass = byClass.get(table.entity());
        if (sameClass != null && !last.tables().containsKey(sameClass.def().table())) {
          renamed.add(sameClass.def().className());
          Element type = sameClass.element();
          AnnotationMirror mirror = Annotations.find(type, Annotations.TABLE)
              .or(() -> Annotations.find(type, Annotations.JPA_TABLE)).orElse(null);
          diagnostics.error(type, mirror, valueOf(mirror, "value", "name"), Message.TABLE_RENAMED_IN_PLACE,
              type.getSimpleName(), sameClass.def().table(), name, l, l, name, type.getSimpleName(), release,
              renamedClass(type.getSimpleName().toString(), sameClass.def().table()), sameClass.def().table(), release,
              renamedClass(type.getSimpleName().toString(), sameClass.def().table()));
        } else if (table.deprecatedIn() == null) {
          atSite(Message.TABLE_REMOVED, name, table.simpleEntity(), l, release, l, table.simpleEntity(), release,
              name);
        } else if (!table.deprecatedIn().isBefore(l)) {
          atSite(Message.TABLE_DELETED_BEFORE_CONTRACT, table.simpleEntity(), name, table.deprecatedIn(), l, release,
              table.deprecatedIn(), release, table.deprecatedIn(), name);
        }
      });
      for (ReadEntity e : entities) {
        if (!last.tables().containsKey(e.def().table()) && !renamed.contains(e.def().className())) {
          newEntity(e);
        }
      }
    }

    /**
     * {@code @Version} against the shipped table: a version added to a table that shipped without one would be
     * checked against rows L's servers write without bumping it; one removed would stop bumping a version L's
     * servers still check. Both are refused.
     */
    private void version(ReadEntity e, Snapshot.Table table) {
      EntityDef def = e.def();
      Optional<FieldDef> version = def.version();
      if (version.isPresent()) {
        Snapshot.Column shipped = table.columns().get(version.get().column());
        if (shipped == null || !shipped.versionColumn()) {
          Element field = e.field(version.get().name());
          diagnostics.error(field, Annotations.find(field, Annotations.VERSION).orElse(null),
              Message.VERSION_ADDED_TO_SHIPPED, e.label(version.get().name()), def.table(), l);
        }
      }
      table.columns().forEach((column, old) -> {
        if (old.versionColumn() && (version.isEmpty() || !version.get().column().equals(column))) {
          Element at = def.fields().stream().filter(f -> f.column().equals(column)).findFirst()
              .map(f -> e.field(f.name())).orElse(e.element());
          diagnostics.error(at, Message.VERSION_REMOVED, e.element().getSimpleName() + "." + old.field(), def.table(),
              l, old.field());
        }
      });
    }

    private void newEntity(ReadEntity e) {
      EntityDef def = e.def();
      if (def.deprecatedIn() != null && def.deprecatedIn().isBefore(l) || model.sinceOf(def).isAfter(l)) {
        return;
      }
      String label = e.element().getSimpleName().toString();
      if (def.since() == null) {
        diagnostics.error(e.element(), Message.ADDED_WITHOUT_SINCE, label, l, release, model.sinceOf(def), release);
      } else {
        AnnotationMirror since = mirror(e.element(), Annotations.SINCE);
        diagnostics.error(e.element(), since, valueOf(since, "value"), Message.SINCE_BEFORE_SNAPSHOT, label,
            def.since(), l, release);
      }
    }

    private void table(ReadEntity e, Snapshot.Table table) {
      EntityDef def = e.def();
      String simple = e.element().getSimpleName().toString();
      if (model.sinceOf(def).isAfter(l)) {
        sinceAfterSnapshot(e.element(), simple, def.since(), table.since());
        return;
      }
      history(e.element(), simple, table.deprecatedIn(), def.deprecatedIn());
      version(e, table);

      // A composite key is recorded as its columns in order, "customer_id, position"; its columns' types are
      // compared column by column below.
      FieldDef id = def.ids().get(0);
      String keyNow = String.join(", ", def.keyColumns());
      Snapshot.Column oldKey = table.columns().get(table.key());
      boolean keyChanged = !keyNow.equals(table.key())
          || !def.composite() && oldKey != null && retyped(oldKey, id);
      if (keyChanged) {
        diagnostics.error(e.field(id.name()), Message.PRIMARY_KEY_CHANGED, def.table(),
            def.ids().stream().map(f -> e.label(f.name())).collect(java.util.stream.Collectors.joining(", ")),
            def.ids().stream().map(f -> f.sqlType().toString()).collect(java.util.stream.Collectors.joining(", ")),
            table.key(), oldKey == null ? "?" : oldKey.type(), l, table.key(), release);
      }
      Set<String> renamedFields = new HashSet<>();
      table.columns().forEach((column, old) -> {
        if (keyChanged && column.equals(table.key())) {
          return;
        }
        Optional<FieldDef> now = def.fields().stream().filter(f -> f.column().equals(column)).findFirst();
        if (now.isPresent()) {
          if (!(keyChanged && now.get().id())) {
            column(e, now.get(), column, old);
          }
          return;
        }
        Optional<FieldDef> sameField = def.field(old.field());
        if (sameField.isPresent() && !table.columns().containsKey(sameField.get().column())
            && !(keyChanged && sameField.get().id())) {
          FieldDef f = sameField.get();
          renamedFields.add(f.name());
          Element field = e.field(f.name());
          AnnotationMirror col = Annotations.find(field, Annotations.COLUMN)
              .or(() -> Annotations.find(field, Annotations.JPA_COLUMN)).orElse(null);
          diagnostics.error(field, col, valueOf(col, "name"), Message.COLUMN_RENAMED_IN_PLACE, e.label(f.name()),
              f.column(), column, l, l, column, release, release, simple);
          return;
        }
        String declaration = (Identifiers.snakeCase(old.field()).equals(column) ? ""
            : "@Column(name = \"" + column + "\") ") + simpleType(old.javaType());
        if (old.deprecatedIn() == null) {
          diagnostics.error(e.element(), Message.COLUMN_REMOVED, def.table(), column, simple + "." + old.field(), l,
              simple, l, release, declaration, old.field());
        } else if (!old.deprecatedIn().isBefore(l)) {
          diagnostics.error(e.element(), Message.FIELD_DELETED_BEFORE_CONTRACT, simple + "." + old.field(),
              def.table(), column, old.deprecatedIn(), l, release, old.deprecatedIn(), release, old.deprecatedIn(),
              declaration, old.field());
        }
      });
      for (FieldDef f : def.fields()) {
        if (table.columns().containsKey(f.column()) || renamedFields.contains(f.name()) || keyChanged && f.id()
            || f.deprecatedIn() != null && f.deprecatedIn().isBefore(l) || model.sinceOf(def, f).isAfter(l)) {
          continue;
        }
        Element field = e.field(f.name());
        if (f.since() == null) {
          diagnostics.error(field, Message.ADDED_WITHOUT_SINCE, e.label(f.name()), l, release,
              model.sinceOf(def, f), release);
        } else {
          AnnotationMirror since = mirror(field, Annotations.SINCE);
          diagnostics.error(field, since, valueOf(since, "value"), Message.SINCE_BEFORE_SNAPSHOT, e.label(f.name()),
              f.since(), l, release);
        }
      }
    }

    private void column(ReadEntity e, FieldDef f, String column, Snapshot.Column old) {
      Element field = e.field(f.name());
      String label = e.label(f.name());
      String simple = e.element().getSimpleName().toString();
      if (f.javaKind() == JavaKind.ENUM && JavaKind.forJavaName(old.javaType()) == null
          && !old.javaType().equals(f.javaType())) {
        String was = simpleType(old.javaType());
        diagnostics.error(field, Message.ENUM_TYPE_CHANGED, label, simpleType(f.javaType()), e.def().table(), column,
            was, l, was, l, was, f.name(), release, release, simple);
        return;
      }
      if (retyped(old, f)) {
        boolean javaChanged = !normalised(old.javaType()).equals(normalised(f.javaType()));
        String keep = javaChanged ? simpleType(old.javaType()) + " " + f.name() : "its SQL type " + old.type();
        diagnostics.error(field, Message.COLUMN_RETYPED_IN_PLACE, label, simpleType(f.javaType()), f.sqlType(),
            e.def().table(), column, simpleType(old.javaType()), old.type(), l, l, keep, release, release, simple);
        return;
      }
      if (model.sinceOf(e.def(), f).isAfter(l)) {
        sinceAfterSnapshot(field, label, f.since(), old.since());
        return;
      }
      history(field, label, old.deprecatedIn(), f.deprecatedIn());
      constants(e, f, column, old);
      AnnotationMirror col = mirror(field, Annotations.COLUMN);
      if (old.nullable() && !f.nullable()) {
        String keep = f.javaKind().isPrimitive()
            ? "declare it as " + simpleType(f.javaKind().boxed().javaName()) + " again"
            : "@Column(nullable = Column.Nullability.NULLABLE)";
        diagnostics.error(field, col, valueOf(col, "nullable"), Message.NOT_NULL_ADDED, label, e.def().table(),
            column, l, l, keep, release);
      }
      relaxed(e, f, column, old, col);
      moveChanged(e, f, old);
      if (f.unique() && !old.unique()) {
        diagnostics.error(field, col, valueOf(col, "unique"), Message.INDEX_ADDED_IN_PLACE, "unique", label,
            "a unique index", e.def().table(), column, old.since(), " and fails on duplicates", "unique", "UNIQUE ",
            release, "unique", release, simple);
      } else if (f.indexed() && !old.indexed() && !old.unique()) {
        diagnostics.error(field, col, valueOf(col, "indexed"), Message.INDEX_ADDED_IN_PLACE, "indexed", label,
            "an index", e.def().table(), column, old.since(), "", "indexed", "", release, "indexed", release, simple);
      }
    }

    /**
     * An enum column's constants against what release L shipped: rows may hold every shipped constant, so none
     * may go; a constant L did not have reaches servers of L (which read the column) only if they can read it, so
     * it must say {@code @Since} of a release after L, and the runtime writes it once that release is CONTRACTED
     * (Placement); a shipped constant's {@code @Since} stays as shipped. A snapshot that predates recorded
     * constants ({@code constants} absent) cannot tell what shipped: nothing is compared then but the enum type.
     */
    private void constants(ReadEntity e, FieldDef f, String column, Snapshot.Column old) {
      if (f.javaKind() != JavaKind.ENUM || old.constants() == null) {
        return;
      }
      Element field = e.field(f.name());
      String type = simpleType(f.javaType());
      for (dev.crossfade.schema.EnumConstant shipped : old.constants()) {
        if (f.constant(shipped.name()).isEmpty()) {
          diagnostics.error(field, Message.ENUM_CONSTANT_REMOVED, e.label(f.name()), type, shipped.name(),
              e.def().table(), column, l, l, shipped.name(), type, release, release, release);
        }
      }
      for (dev.crossfade.schema.EnumConstant c : f.constants()) {
        Element constant = dev.crossfade.processor.read.EntityReader.constantElement(field, c.name());
        Element at = constant != null ? constant : field;
        AnnotationMirror since = constant == null ? null : mirror(constant, Annotations.SINCE);
        Optional<dev.crossfade.schema.EnumConstant> shipped = old.constant(c.name());
        if (shipped.isEmpty()) {
          if (c.since() == null) {
            diagnostics.error(at, Message.ENUM_CONSTANT_WITHOUT_SINCE, type, c.name(), e.def().table(), column, l,
                release, l, release, c.name(), release);
          } else if (!c.since().isAfter(l)) {
            diagnostics.error(at, since, valueOf(since, "value"), Message.ENUM_CONSTANT_SINCE_BEFORE_SNAPSHOT, type,
                c.name(), c.since(), e.def().table(), column, l, l, release);
          }
          continue;
        }
        Version columnSince = old.since();
        Version was = effective(shipped.get().since(), columnSince);
        Version now = effective(c.since(), columnSince);
        if (!java.util.Objects.equals(was, now)) {
          diagnostics.error(at, since, valueOf(since, "value"), Message.ENUM_CONSTANT_SINCE_CHANGED, type, c.name(),
              now == null ? "without @Since" : "@Since(\"" + now + "\")", e.def().table(), column, l,
              was == null ? "without @Since" : "with @Since(\"" + was + "\")",
              was == null ? "no @Since" : "@Since(\"" + was + "\")");
        }
      }
    }

    /** A constant's {@code @Since} as it matters for a column: none when it is not after the column's release. */
    private static Version effective(Version since, Version columnSince) {
      return since == null || !since.isAfter(columnSince) ? null : since;
    }

    /**
     * A shipped column's NOT NULL, unique index and default hold on every shard that ran its expand, whatever
     * later code declares: no DDL ever relaxes them. So a relaxation in the code is refused (release R would
     * insert NULLs or duplicates the shards reject, or older servers take another default than R assumes, and
     * the regenerated scripts of the shipped release would differ from what shipped).
     */
    private void relaxed(ReadEntity e, FieldDef f, String column, Snapshot.Column old, AnnotationMirror col) {
      Element field = e.field(f.name());
      String label = e.label(f.name());
      if (!old.nullable() && f.nullable()) {
        diagnostics.error(field, col, valueOf(col, "nullable"), Message.COLUMN_RELAXED_IN_PLACE, label,
            "it nullable", e.def().table(), column, "NOT NULL", l, "NOT NULL",
            "this release's inserts of NULL fail there",
            wasPrimitive(old) ? simpleType(old.javaType()) + " " + f.name()
                : "@Column(nullable = Column.Nullability.NOT_NULL)", release, release);
      } else if (old.unique() && !f.unique()) {
        diagnostics.error(field, col, valueOf(col, "unique"), Message.COLUMN_RELAXED_IN_PLACE, label,
            "no unique index", e.def().table(), column, "a unique index", l, "the unique index",
            "this release's inserts of duplicates fail there", "unique = true", release, release);
      } else if (!java.util.Objects.equals(old.defaultValue(), f.defaultValue())) {
        String was = old.defaultValue() == null ? "no default" : "the default \"" + old.defaultValue() + "\"";
        String now = f.defaultValue() == null ? "no default" : "the default \"" + f.defaultValue() + "\"";
        diagnostics.error(field, col, valueOf(col, "defaultValue"), Message.COLUMN_RELAXED_IN_PLACE, label, now,
            e.def().table(), column, was, l, was,
            "reads of shards that lack a column, and older servers' inserts, would disagree with this release",
            old.defaultValue() == null ? "no defaultValue" : "defaultValue = \"" + old.defaultValue() + "\"",
            release, release);
      }
    }

    /** A move a release shipped cannot be retargeted, withdrawn, or added to a shipped deprecation afterwards. */
    private void moveChanged(ReadEntity e, FieldDef f, Snapshot.Column old) {
      if (old.deprecatedIn() == null || f.deprecatedIn() == null || !f.deprecatedIn().equals(old.deprecatedIn())) {
        return; // deprecations withdrawn or re-dated are history()'s errors
      }
      String now = dev.crossfade.schema.Snapshot.movedTo(model, f);
      if (f.move() != null && now == null) {
        return; // an unknown target is ModelCheck's error
      }
      if (!java.util.Objects.equals(now, old.movedTo())) {
        Element field = e.field(f.name());
        AnnotationMirror movedTo = mirror(field, Annotations.MOVED_TO);
        diagnostics.error(field, movedTo, Message.MOVE_CHANGED_AFTER_SHIP, e.label(f.name()),
            now == null ? "nowhere" : now, l, old.movedTo() == null ? "nowhere (it dropped the data)" : old.movedTo(),
            old.movedTo() == null ? "nowhere: remove @MovedTo" : old.movedTo());
      }
    }

    private void sinceAfterSnapshot(Element element, String label, Version declared, Version shipped) {
      AnnotationMirror since = mirror(element, Annotations.SINCE);
      diagnostics.error(element, since, valueOf(since, "value"), Message.SINCE_AFTER_SNAPSHOT, label,
          declared != null ? declared : model.baseline(), l, shipped, release, shipped);
    }

    /** A shipped deprecation cannot be withdrawn, and a shipped release cannot deprecate after the fact. */
    private void history(Element element, String label, Version shipped, Version declared) {
      AnnotationMirror deprecatedIn = mirror(element, Annotations.DEPRECATED_IN);
      if (shipped != null) {
        if (!shipped.equals(declared)) {
          diagnostics.error(element, deprecatedIn, valueOf(deprecatedIn, "value"), Message.DEPRECATION_WITHDRAWN,
              label, shipped, l, declared == null ? "has no @DeprecatedIn" : "is @DeprecatedIn(\"" + declared + "\")",
              shipped);
        }
      } else if (declared != null && !declared.isAfter(l)) {
        diagnostics.error(element, deprecatedIn, valueOf(deprecatedIn, "value"),
            Message.DEPRECATED_IN_SHIPPED_RELEASE, label, declared, l, l, release);
      }
    }
  }

  private void warnings(Snapshot last, Snapshot current) {
    ReleasePlan plan = new MigrationPlanner(model).plan(release);
    Map<String, ReadEntity> byClass = new HashMap<>();
    entities.forEach(e -> byClass.put(e.def().className(), e));
    for (Change.CopyStep step : plan.backfill()) {
      Optional<Estimate> rows = estimate(step.source().table(), last, current);
      if (rows.isEmpty()) {
        continue;
      }
      for (SchemaModel.Move m : step.moves()) {
        ReadEntity source = byClass.get(m.source().className());
        String copy = m.source().table() + "." + m.field().column() + " -> " + m.target().table() + "."
            + m.targetField().column();
        diagnostics.warning(source.field(m.field().name()), Message.BACKFILL_LARGE_TABLE, release, copy,
            step.source().table(), rows.get().release(), rows.get().rows(), source.label(m.field().name()));
      }
    }
    for (Change change : plan.expand()) {
      if (change instanceof Change.CreateIndex index && index.online()) {
        Optional<Estimate> rows = estimate(index.entity().table(), last, current);
        if (rows.isPresent()) {
          ReadEntity owner = byClass.get(index.entity().className());
          diagnostics.warning(owner.field(index.field().name()), Message.INDEX_LARGE_TABLE, release, index.name(),
              index.entity().table(), rows.get().release(), rows.get().rows(), owner.label(index.field().name()));
        }
      } else if (change instanceof Change.CreateTableIndex index && index.online()) {
        // An @Index: the warning goes on the entity, where @SuppressWarnings can silence it.
        Optional<Estimate> rows = estimate(index.entity().table(), last, current);
        if (rows.isPresent()) {
          ReadEntity owner = byClass.get(index.entity().className());
          diagnostics.warning(owner.element(), Message.INDEX_LARGE_TABLE, release, index.index().name(),
              index.entity().table(), rows.get().release(), rows.get().rows(), owner.element().getSimpleName());
        }
      }
    }
  }

  private record Estimate(Version release, long rows) {}

  /** The rows estimate of the code's own snapshot (a user's latest edit), else of the last release's. */
  private static Optional<Estimate> estimate(String table, Snapshot last, Snapshot current) {
    for (Snapshot s : new Snapshot[] {current, last}) {
      if (s != null) {
        Long rows = s.table(table).map(Snapshot.Table::rows).orElse(null);
        if (rows != null) {
          return rows >= LARGE_TABLE_ROWS ? Optional.of(new Estimate(s.release(), rows)) : Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private void atSite(Message message, Object... args) {
    if (site.element() == null) {
      diagnostics.error(message, args);
    } else {
      diagnostics.error(site.element(), site.annotation(), site.value(), message, args);
    }
  }

  /** Whether the column's SQL type or the field's Java type (primitives boxed, any enum alike) changed. */
  private static boolean retyped(Snapshot.Column old, FieldDef f) {
    return !old.type().equals(f.sqlType().toString()) || !normalised(old.javaType()).equals(normalised(f.javaType()));
  }

  private static boolean wasPrimitive(Snapshot.Column old) {
    JavaKind kind = JavaKind.forJavaName(old.javaType());
    return kind != null && kind.isPrimitive();
  }

  private static String normalised(String javaType) {
    JavaKind kind = JavaKind.forJavaName(javaType);
    return kind == null ? "enum" : kind.boxed().javaName();
  }

  private static String simpleType(String javaType) {
    return javaType.substring(javaType.lastIndexOf('.') + 1);
  }

  /** The release after {@code v} in its last part: 2.1 after 2.0, 3 after 2. */
  static Version next(Version v) {
    int[] parts = v.parts();
    parts[parts.length - 1]++;
    return new Version(parts);
  }

  private static AnnotationMirror mirror(Element element, String annotation) {
    return Annotations.find(element, annotation).orElse(null);
  }

  private static AnnotationValue valueOf(AnnotationMirror mirror, String... attributes) {
    if (mirror == null) {
      return null;
    }
    for (String a : attributes) {
      Optional<AnnotationValue> v = Annotations.explicit(mirror, a);
      if (v.isPresent()) {
        return v.get();
      }
    }
    return null;
  }

  /** A name for the new entity of a table rename, from its table: {@code customer_note} gives CustomerNote. */
  static String renamedClass(String oldClass, String table) {
    StringBuilder out = new StringBuilder();
    for (String part : table.split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    String name = out.toString();
    return name.isEmpty() || name.equals(oldClass) ? oldClass + "V2" : name;
  }
}
