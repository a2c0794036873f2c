package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The checks of {@code @References}, {@code @Index} and {@code @Check} that need more than one entity or the
 * release snapshots: a foreign key's target is an entity with a key of the column's type that stays; no two
 * indexes or constraints share a name; and against the last snapshot, nothing shipped is removed without
 * {@code deprecatedIn} (indexes) and nothing new to a shipped table comes without {@code since}.
 */
public final class ConstraintCheck {
  private final Diagnostics diagnostics;

  public ConstraintCheck(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Resolves each foreign key's target table and column in {@code entities} (replacing their models). */
  public void resolve(List<ReadEntity> entities) {
    Map<String, EntityDef> byClass = new HashMap<>();
    entities.forEach(e -> byClass.putIfAbsent(e.def().className(), e.def()));
    Map<String, String> names = new HashMap<>();
    // The names Crossfade derives itself share the namespace: primary keys and @Column(indexed/unique) indexes.
    for (ReadEntity e : entities) {
      names.put(e.def().table() + "_pkey", "the primary key of " + e.def().table());
      for (FieldDef f : e.def().fields()) {
        if ((f.indexed() || f.unique()) && !f.id()) {
          names.put(dev.crossfade.schema.Identifiers.derived(e.def().table() + "_" + f.column()
              + (f.unique() ? "_key" : "_idx")), "@Column(" + (f.unique() ? "unique" : "indexed") + " = true) on "
              + e.label(f.name()));
        }
      }
    }
    for (int i = 0; i < entities.size(); i++) {
      ReadEntity e = entities.get(i);
      List<ForeignKeyDef> keys = new ArrayList<>();
      for (ForeignKeyDef k : e.def().foreignKeys()) {
        Element field = e.field(k.field());
        AnnotationMirror m = Annotations.find(field, Annotations.REFERENCES).orElse(null);
        EntityDef target = byClass.get(k.targetEntity());
        String label = e.label(k.field());
        if (target == null) {
          String simple = k.targetEntity().substring(k.targetEntity().lastIndexOf('.') + 1);
          diagnostics.error(field, m, value(m, "value"), Message.REFERENCES_UNKNOWN_ENTITY, simple, label, simple);
          continue;
        }
        FieldDef column = e.def().field(k.field()).orElseThrow();
        if (target.ids().size() > 1) {
          diagnostics.error(field, m, value(m, "value"), Message.REFERENCES_COMPOSITE_KEY, label,
              target.simpleName(), target.ids().size(), target.keyColumns());
          continue;
        }
        FieldDef key = target.id();
        if (!boxed(column.javaType()).equals(boxed(key.javaType()))) {
          diagnostics.error(field, m, Message.REFERENCES_KEY_TYPE, label, column.javaType(), target.simpleName(),
              target.simpleName() + "." + key.name(), key.javaType(), key.javaType(), column.name());
          continue;
        }
        if (target.deprecatedIn() != null && (e.def().deprecatedIn() == null
            || e.def().deprecatedIn().isAfter(target.deprecatedIn()))) {
          diagnostics.error(field, m, value(m, "value"), Message.REFERENCES_DROPPED_TARGET, label,
              target.simpleName(), target.deprecatedIn());
          continue;
        }
        keys.add(new ForeignKeyDef(k.name(), k.field(), k.column(), k.targetEntity(), target.table(), key.column(),
            k.onDelete(), k.since()));
        unique(names, k.name(), "@References on " + label, field, m);
      }
      for (IndexDef x : e.def().indexes()) {
        unique(names, x.name(), "@Index " + x.name() + " on " + e.element().getSimpleName(), e.element(),
            mirror(e.element(), Annotations.INDEX, Annotations.INDEXES, "name", x.name()));
      }
      for (CheckDef c : e.def().checks()) {
        unique(names, c.name(), "@Check " + c.name() + " on " + e.element().getSimpleName(), e.element(),
            mirror(e.element(), Annotations.CHECK, Annotations.CHECKS, "name", c.name()));
      }
      EntityDef d = e.def();
      entities.set(i, new ReadEntity(e.element(), d.withConstraints(keys, d.indexes(), d.checks()), e.fields()));
    }
  }

  private void unique(Map<String, String> names, String name, String label, Element element, AnnotationMirror m) {
    String previous = names.putIfAbsent(name, label);
    if (previous != null) {
      diagnostics.error(element, m, Message.CONSTRAINT_NAME_DUPLICATE, previous, label, name);
    }
  }

  /** Against the last snapshot before the code's release. */
  public void against(SchemaModel model, List<ReadEntity> entities, SortedMap<Version, Snapshot> snapshots) {
    SortedMap<Version, Snapshot> earlier = snapshots.headMap(model.release());
    if (earlier.isEmpty()) {
      return;
    }
    Snapshot last = earlier.get(earlier.lastKey());
    Version l = last.release();
    Version release = model.release();
    for (ReadEntity e : entities) {
      Optional<Snapshot.Table> shipped = last.table(e.def().table());
      if (shipped.isEmpty()) {
        continue;
      }
      Snapshot.Table t = shipped.get();
      // As the model has it: a split or extraction child's @References restating its move's key is no constraint
      // of its own (SchemaModel#withoutMoveKeyRestated), so the snapshot has none to compare it with.
      EntityDef d = model.table(e.def().table()).orElse(e.def());
      TypeElement type = e.element();
      // Indexes: every shipped one still declared (deprecated at the latest now), unchanged.
      shippedIndexes:
      for (Map.Entry<String, Snapshot.Index> s : t.indexes().entrySet()) {
        Snapshot.Index was = s.getValue();
        if (was.deprecatedIn() != null && was.deprecatedIn().isBefore(l)) {
          continue; // dropped before the last release shipped
        }
        for (IndexDef x : d.indexes()) {
          if (x.name().equals(s.getKey())) {
            if (!x.columns().equals(was.columns()) || x.unique() != was.unique()) {
              diagnostics.error(type, mirror(type, Annotations.INDEX, Annotations.INDEXES, "name", x.name()),
                  Message.INDEX_CHANGED, x.name(), d.table(), describe(x.columns(), x.unique()),
                  describe(was.columns(), was.unique()), l, release, release);
            }
            continue shippedIndexes;
          }
        }
        if (was.deprecatedIn() == null || !was.deprecatedIn().isBefore(release)) {
          diagnostics.error(type, Message.INDEX_REMOVED, s.getKey(), d.table(), l, type.getSimpleName(), s.getKey(),
              String.join(", ", was.columns().stream().map(c -> "\"" + c + "\"").toList()),
              was.unique() ? ", unique = true" : "", was.deprecatedIn() != null ? was.deprecatedIn() : release);
        }
      }
      for (IndexDef x : d.indexes()) {
        Snapshot.Index was = t.indexes().get(x.name());
        AnnotationMirror m = mirror(type, Annotations.INDEX, Annotations.INDEXES, "name", x.name());
        sinceAgainst(type, m, "@Index " + x.name() + " on " + type.getSimpleName(), "index " + x.name(), d.table(),
            was == null ? null : was.since(), x.since(), model.sinceOf(d, x), l, release);
      }
      for (CheckDef c : d.checks()) {
        Snapshot.Check was = t.checks().get(c.name());
        AnnotationMirror m = mirror(type, Annotations.CHECK, Annotations.CHECKS, "name", c.name());
        sinceAgainst(type, m, "@Check " + c.name() + " on " + type.getSimpleName(), "check " + c.name(), d.table(),
            was == null ? null : was.since(), c.since(), model.sinceOf(d, c), l, release);
      }
      for (ForeignKeyDef k : d.foreignKeys()) {
        if (!t.columns().containsKey(k.column())) {
          continue; // a new column brings its key
        }
        Snapshot.ForeignKey was = t.foreignKeys().get(k.name());
        Element field = e.field(k.field());
        AnnotationMirror m = Annotations.find(field, Annotations.REFERENCES).orElse(null);
        sinceAgainst(field, m, "@References on " + e.label(k.field()), "a foreign key on " + k.column(), d.table(),
            was == null ? null : was.since(), k.since(), model.sinceOf(d, k), l, release);
      }
    }
  }

  private void sinceAgainst(Element element, AnnotationMirror m, String label, String what, String table,
      Version shippedSince, Version declared, Version effective, Version l, Version release) {
    if (shippedSince == null && !effective.isAfter(l)) {
      diagnostics.error(element, m, value(m, "since"), Message.CONSTRAINT_ADDED_WITHOUT_SINCE, label, what, table, l,
          effective, release);
    } else if (shippedSince != null && !shippedSince.equals(effective)) {
      diagnostics.error(element, m, value(m, "since"), Message.CONSTRAINT_SINCE_CHANGED, label,
          declared == null ? "(with its column or table) " + effective : declared, l, shippedSince, shippedSince);
    }
  }

  private static String describe(List<String> columns, boolean unique) {
    return (unique ? "unique " : "") + "(" + String.join(", ", columns) + ")";
  }

  private static String boxed(String javaType) {
    return switch (javaType) {
      case "int" -> "java.lang.Integer";
      case "long" -> "java.lang.Long";
      case "boolean" -> "java.lang.Boolean";
      case "double" -> "java.lang.Double";
      default -> javaType;
    };
  }

  private static AnnotationValue value(AnnotationMirror m, String attribute) {
    return m == null ? null : Annotations.explicit(m, attribute).orElse(null);
  }

  /** The repeated annotation whose {@code attribute} is {@code name} (or whose derived name it is: the first one). */
  private static AnnotationMirror mirror(Element type, String single, String container, String attribute,
      String name) {
    List<AnnotationMirror> all = new ArrayList<>();
    Annotations.find(type, single).ifPresent(all::add);
    Annotations.find(type, container).ifPresent(c -> Annotations.explicit(c, "value").ifPresent(v -> {
      for (Object o : (List<?>) v.getValue()) {
        all.add((AnnotationMirror) ((AnnotationValue) o).getValue());
      }
    }));
    for (AnnotationMirror m : all) {
      if (Annotations.explicit(m, attribute).map(v -> name.equals(v.getValue())).orElse(false)) {
        return m;
      }
    }
    for (AnnotationMirror m : all) {
      if (Annotations.explicit(m, attribute).isEmpty()) {
        String cols = Annotations.explicit(m, "columns").map(v -> {
          Object o = v.getValue();
          return o instanceof List<?> l ? String.join("_", l.stream().map(x -> String.valueOf(((AnnotationValue) x)
              .getValue())).toList()) : String.valueOf(o);
        }).orElse("");
        if (!cols.isEmpty() && name.contains(cols)) {
          return m;
        }
      }
    }
    return all.isEmpty() ? null : all.get(0);
  }
}
