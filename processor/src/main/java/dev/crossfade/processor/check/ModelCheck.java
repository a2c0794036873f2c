package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/**
 * The checks that need the whole domain and the release window: moves resolve to a new field of a
 * compatible type with a matching key, versions sit inside the window, tables are unique, and a column
 * added to a table with rows can be filled. Every finding points at the field or annotation at fault.
 */
public final class ModelCheck {
  private static final String SINCE = Annotations.SINCE;
  private static final String DEPRECATED_IN = Annotations.DEPRECATED_IN;
  private static final String MOVED_TO = Annotations.MOVED_TO;

  private final Diagnostics diagnostics;
  private final Version release;
  private final Version baseline;
  private final Map<String, ReadEntity> byClass = new HashMap<>();
  private final java.util.Set<String> reportedCycles = new java.util.HashSet<>();
  private final java.util.Set<String> checkedEnums = new java.util.HashSet<>();

  public ModelCheck(Diagnostics diagnostics, Version release, Version baseline, List<ReadEntity> entities) {
    this.diagnostics = diagnostics;
    this.release = release;
    this.baseline = baseline;
    entities.forEach(e -> byClass.put(e.def().className(), e));
  }

  public void run(List<ReadEntity> entities) {
    MoveGraph moves = new MoveGraph(entities);
    Map<String, ReadEntity> tables = new HashMap<>();
    for (ReadEntity e : entities) {
      ReadEntity other = tables.putIfAbsent(e.def().table(), e);
      if (other != null) {
        diagnostics.error(e.element(), Message.TABLE_DUPLICATE, e.def().table(),
            other.element().getSimpleName(), e.element().getSimpleName());
      }
      window(e.element(), e.element().getSimpleName().toString(), e.def().since(), e.def().deprecatedIn(),
          e.def().since() != null ? e.def().since() : baseline, true);
      for (FieldDef f : e.def().fields()) {
        // A field in a chain or cycle of moves is reported once, on the move, not again for its versions.
        window(e.field(f.name()), e.label(f.name()), f.since(), f.deprecatedIn(), sinceOf(e.def(), f),
            !moves.entangled(e, f));
      }
    }
    Map<String, String> targets = new HashMap<>();
    for (ReadEntity e : entities) {
      for (FieldDef f : e.def().fields()) {
        if (f.move() != null) {
          move(e, f, targets, moves);
        }
        addedColumn(e, f);
        constants(e, f);
      }
      versionOnDriver(e);
    }
  }

  /**
   * A split-off entity's rows are its parent's rows while a moved field's truth is still in the parent
   * ({@code Placement.driver()}), so a version column on its own table would not be on the table that keeps the
   * row: refused.
   */
  private void versionOnDriver(ReadEntity e) {
    Optional<FieldDef> version = e.def().version();
    if (version.isEmpty()) {
      return;
    }
    Version since = e.def().since() != null ? e.def().since() : baseline;
    for (ReadEntity source : byClass.values()) {
      if (source == e || source.def().table().equals(e.def().table())) {
        continue;
      }
      for (FieldDef g : source.def().fields()) {
        if (g.move() != null && g.move().targetEntity().equals(e.def().className()) && since.equals(g.deprecatedIn())) {
          Element field = e.field(version.get().name());
          diagnostics.error(field, Optional.ofNullable(mirror(field, Annotations.VERSION))
                  .orElse(mirror(field, "jakarta.persistence.Version")), Message.VERSION_NOT_ON_DRIVING_TABLE,
              e.label(version.get().name()), e.def().table(), e.element().getSimpleName(), source.label(g.name()),
              source.def().table(), e.label(version.get().name()));
          return;
        }
      }
    }
  }

  /**
   * An enum field's constants: each {@code @Since} inside the release window (checked once per enum type), and
   * every constant name fits the column, which stores names (one error per field, naming the longest).
   */
  private void constants(ReadEntity e, FieldDef f) {
    if (f.javaKind() != JavaKind.ENUM || f.constants().isEmpty()) {
      return;
    }
    Element field = e.field(f.name());
    if (checkedEnums.add(f.javaType())) {
      for (dev.crossfade.schema.EnumConstant c : f.constants()) {
        Element constant = dev.crossfade.processor.read.EntityReader.constantElement(field, c.name());
        Optional<AnnotationMirror> deprecated = Annotations.find(constant, DEPRECATED_IN);
        if (deprecated.isPresent()) {
          Object value = deprecated.get().getElementValues().values().stream().findFirst()
              .map(javax.lang.model.element.AnnotationValue::getValue).orElse("");
          diagnostics.error(constant, deprecated.get(), Message.ENUM_CONSTANT_DEPRECATED, simpleType(f.javaType()),
              c.name(), value);
        }
        if (c.since() != null && c.since().isAfter(release)) {
          diagnostics.error(constant, mirror(constant, SINCE), Message.VERSION_AFTER_RELEASE,
              simpleType(f.javaType()) + "." + c.name(), "Since", c.since(), release, release);
        }
      }
    }
    dev.crossfade.schema.EnumConstant longest = f.constants().stream()
        .max(java.util.Comparator.comparingInt(c -> c.name().length())).orElseThrow();
    int length = f.sqlType().length();
    if (longest.name().length() > length) {
      AnnotationMirror col = mirror(field, Annotations.COLUMN);
      diagnostics.error(field, col, col == null ? null : Annotations.explicit(col, "length").orElse(null),
          Message.ENUM_CONSTANT_TOO_LONG, simpleType(f.javaType()), longest.name(), longest.name().length(),
          e.label(f.name()), e.def().table(), f.column(), length, e.label(f.name()), longest.name().length(), length);
    }
  }

  /**
   * Who moves where, to find chains (a move into a field that itself moves on by the same release, so the
   * middle is never filled) and cycles (fields moving into each other, or into themselves).
   */
  private final class MoveGraph {
    private final Map<String, List<String>> cycles = new HashMap<>();
    private final Map<String, String> chainMiddles = new HashMap<>();

    MoveGraph(List<ReadEntity> entities) {
      for (ReadEntity e : entities) {
        for (FieldDef f : e.def().fields()) {
          if (f.move() == null || f.deprecatedIn() == null) {
            continue;
          }
          List<String> path = new java.util.ArrayList<>();
          String start = key(e.def().className(), f.name());
          String at = start;
          FieldDef current = f;
          while (current != null && current.move() != null && current.deprecatedIn() != null
              && !path.contains(at)) {
            path.add(at);
            at = key(current.move().targetEntity(), current.move().targetField());
            current = fieldOf(at);
          }
          if (at.equals(start)) {
            cycles.put(start, path);
          } else if (path.size() > 1) {
            FieldDef middle = fieldOf(path.get(1));
            if (!middle.deprecatedIn().isAfter(f.deprecatedIn())) {
              chainMiddles.put(path.get(1), start);
            }
          }
        }
      }
    }

    boolean entangled(ReadEntity e, FieldDef f) {
      String k = key(e.def().className(), f.name());
      return cycles.containsKey(k) || chainMiddles.containsKey(k);
    }

    /** The cycle through this field, starting with it, or null. */
    List<String> cycle(ReadEntity e, FieldDef f) {
      return cycles.get(key(e.def().className(), f.name()));
    }

    private FieldDef fieldOf(String key) {
      int hash = key.indexOf('#');
      ReadEntity owner = byClass.get(key.substring(0, hash));
      return owner == null ? null : owner.def().field(key.substring(hash + 1)).orElse(null);
    }
  }

  private static String key(String className, String field) {
    return className + "#" + field;
  }

  /** {@code Host.name} for a {@code com.example.Host#name} key. */
  private static String labelOf(String key) {
    int hash = key.indexOf('#');
    return simpleType(key.substring(0, hash)) + "." + key.substring(hash + 1);
  }

  private Version sinceOf(EntityDef e, FieldDef f) {
    Version tableSince = e.since() != null ? e.since() : baseline;
    return f.since() != null && f.since().isAfter(tableSince) ? f.since() : tableSince;
  }

  private void window(Element element, String label, Version since, Version deprecatedIn, Version effectiveSince,
      boolean checkOrder) {
    if (since != null && since.isAfter(release)) {
      diagnostics.error(element, mirror(element, SINCE), Message.VERSION_AFTER_RELEASE, label, "Since", since,
          release, release);
    }
    if (deprecatedIn != null) {
      if (deprecatedIn.isAfter(release)) {
        diagnostics.error(element, mirror(element, DEPRECATED_IN), Message.VERSION_AFTER_RELEASE, label,
            "DeprecatedIn", deprecatedIn, release, release);
      } else if (!deprecatedIn.isAfter(baseline)) {
        diagnostics.error(element, mirror(element, DEPRECATED_IN), Message.DEPRECATED_IN_BASELINE, label,
            deprecatedIn, baseline, release);
      } else if (checkOrder && effectiveSince != null && !deprecatedIn.isAfter(effectiveSince)) {
        diagnostics.error(element, mirror(element, DEPRECATED_IN), Message.DEPRECATED_BEFORE_SINCE, label,
            deprecatedIn, effectiveSince, effectiveSince);
      }
    }
  }

  private void move(ReadEntity source, FieldDef f, Map<String, String> targets, MoveGraph moves) {
    Element element = source.field(f.name());
    AnnotationMirror movedTo = mirror(element, MOVED_TO);
    String label = source.label(f.name());
    if (f.deprecatedIn() == null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_WITHOUT_DEPRECATED_IN, label, release);
      return;
    }
    List<String> cycle = moves.cycle(source, f);
    if (cycle != null) {
      // Reported once, on the member declared first (entities are read in name order, fields in source order).
      if (reportedCycles.add(new java.util.TreeSet<>(cycle).toString())) {
        StringBuilder path = new StringBuilder();
        cycle.forEach(k -> path.append(labelOf(k)).append(" -> "));
        path.append(labelOf(cycle.get(0)));
        diagnostics.error(element, movedTo, Message.MOVED_TO_CYCLE, label, path, source.element().getSimpleName(),
            f.deprecatedIn());
      }
      return;
    }
    if (source.def().composite()) {
      diagnostics.error(element, movedTo, Message.COMPOSITE_KEY_MOVE_SOURCE, label, source.element().getSimpleName(),
          keyList(source.def()));
      return;
    }
    ReadEntity target = byClass.get(f.move().targetEntity());
    String targetSimple = f.move().targetEntity().substring(f.move().targetEntity().lastIndexOf('.') + 1);
    if (target == null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_UNKNOWN_ENTITY, targetSimple, label, targetSimple);
      return;
    }
    Optional<FieldDef> targetField = target.def().field(f.move().targetField());
    if (targetField.isEmpty()) {
      String fields = target.def().fields().stream().map(FieldDef::name).collect(Collectors.joining(", "));
      diagnostics.error(element, movedTo, Message.MOVED_TO_UNKNOWN_FIELD, f.move().targetField(), label,
          targetSimple, f.move().targetField(), f.deprecatedIn(), simpleType(f.javaType()), f.move().targetField(),
          targetSimple, fields);
      return;
    }
    FieldDef to = targetField.get();
    String targetLabel = target.label(to.name());
    if (to.move() != null && to.deprecatedIn() != null && !to.deprecatedIn().isAfter(f.deprecatedIn())) {
      String finalEntity = simpleType(to.move().targetEntity());
      diagnostics.error(element, movedTo, Message.MOVED_TO_CHAIN, label, f.deprecatedIn(), targetLabel,
          to.deprecatedIn(), finalEntity + "." + to.move().targetField(), finalEntity, to.move().targetField(),
          targetLabel);
      return;
    }
    if (!sinceOf(target.def(), to).equals(f.deprecatedIn())) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_TARGET_NOT_NEW, label, f.deprecatedIn(), targetLabel,
          f.deprecatedIn(), targetLabel);
      return;
    }
    if (f.move().keyed() || target.def().composite()) {
      if (!extraction(source, f, target, to, element, movedTo, label, targets)) {
        return;
      }
    }
    String previous = f.move().keyed() ? null : targets.putIfAbsent(f.move().targetEntity() + "#" + to.name(), label);
    if (previous != null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_DUPLICATE_TARGET, label, targetLabel, previous,
          label);
      return;
    }
    boolean sameType = f.javaKind().boxed() == to.javaKind().boxed()
        && (f.javaKind() != JavaKind.ENUM || f.javaType().equals(to.javaType()));
    if (!sameType && f.move().converter() == null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_TYPE_MISMATCH, label, simpleType(f.javaType()),
          targetLabel, simpleType(to.javaType()), boxedName(f), boxedName(to));
      return;
    }
    if (!target.def().table().equals(source.def().table())) {
      FieldDef sourceKey = source.def().id();
      // An extraction's child is keyed by the parent's key plus one more field: its first key field is the parent's.
      FieldDef targetKey = target.def().ids().get(0);
      if (sourceKey.javaKind().boxed() != targetKey.javaKind().boxed()) {
        diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_MISMATCH, label, targetLabel,
            target.label(targetKey.name()), simpleType(targetKey.javaType()), source.element().getSimpleName(),
            simpleType(sourceKey.javaType()), target.label(targetKey.name()), simpleType(sourceKey.javaType()));
        return;
      }
      Version targetSince = target.def().since() != null ? target.def().since() : baseline;
      if (!targetSince.equals(f.deprecatedIn()) && !splitOf(source, target, targetSince)) {
        diagnostics.error(element, movedTo, Message.MOVED_TO_EXISTING_ENTITY, label, f.deprecatedIn(), targetLabel,
            targetSimple, target.def().table(), targetSince, source.element().getSimpleName(), f.deprecatedIn(),
            f.deprecatedIn(), source.element().getSimpleName());
        return;
      }
    }
    Version dropped = target.def().deprecatedIn();
    if (dropped != null && !dropped.isAfter(f.deprecatedIn())) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_DROPPED_TARGET, label, f.deprecatedIn(), targetLabel,
          targetSimple, dropped);
      return;
    }
    if (sameType && f.move().converter() == null) {
      String narrower = narrower(f, to);
      if (narrower != null) {
        diagnostics.error(element, movedTo, Message.MOVED_TO_NARROWER, label, f.sqlType(), targetLabel, to.sqlType(),
            narrower, targetLabel, widened(f, to));
        return;
      }
    }
    if (f.nullable() && !to.nullable() && !f.move().keyed()) { // an extraction makes no row of a NULL
      diagnostics.error(element, movedTo, Message.MOVED_NULL_INTO_NOT_NULL, label, targetLabel, targetLabel,
          to.javaKind().isPrimitive() ? simpleType(to.javaKind().boxed().javaName()) + " instead of "
              + to.javaKind().javaName() : "@Column(nullable = Column.Nullability.NULLABLE)");
    }
  }

  /**
   * The checks of a 1:N extraction ({@code @MovedTo(key = …)}) or of a move into a composite-keyed target: the
   * target is keyed by two fields, the parent's key then a position or natural key, the moved field is not a key,
   * the key literal fits the second key field, and no two columns become the same row. Reports the first
   * violation and says whether the move passed.
   */
  private boolean extraction(ReadEntity source, FieldDef f, ReadEntity target, FieldDef to, Element element,
      AnnotationMirror movedTo, String label, Map<String, String> targets) {
    String targetSimple = target.element().getSimpleName().toString();
    List<FieldDef> ids = target.def().ids();
    if (!f.move().keyed()) {
      FieldDef second = ids.get(ids.size() - 1);
      diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_MISSING, label, target.label(to.name()),
          keyList(target.def()), target.label(second.name()), targetSimple, to.name());
      return false;
    }
    if (ids.size() != 2 || to.id()) {
      FieldDef sourceKey = source.def().id();
      String parentKey = Character.toLowerCase(source.element().getSimpleName().charAt(0))
          + source.element().getSimpleName().toString().substring(1) + "Id";
      diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_SHAPE, label, f.move().key(), target.label(to.name()),
          keyList(target.def()), targetSimple, source.element().getSimpleName(), simpleType(sourceKey.javaType()),
          parentKey);
      return false;
    }
    if (f.move().converter() != null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_CONVERTED, label, f.move().key(),
          simpleType(f.move().converter()), target.label(to.name()), label);
      return false;
    }
    FieldDef second = ids.get(1);
    List<String> constants = second.constants().stream().map(dev.crossfade.schema.EnumConstant::name).toList();
    Optional<Object> value = dev.crossfade.schema.DefaultValues.parse(second.javaKind(), f.move().key(), constants);
    if (value.isEmpty()) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_INVALID, f.move().key(), label,
          target.label(second.name()), simpleType(second.javaType()),
          dev.crossfade.schema.DefaultValues.example(second.javaKind()));
      return false;
    }
    String row = target.def().className() + "#" + value.get();
    String previous = targets.putIfAbsent(row, label);
    if (previous != null) {
      diagnostics.error(element, movedTo, Message.MOVED_TO_KEY_DUPLICATE, label, target.label(second.name()),
          f.move().key(), targetSimple, previous);
      return false;
    }
    return true;
  }

  /** The key fields of an entity, {@code customerId, position}. */
  private static String keyList(dev.crossfade.schema.EntityDef e) {
    return e.ids().stream().map(FieldDef::name).collect(Collectors.joining(", "));
  }

  /**
   * Whether {@code target} was split off {@code source}'s table: a field of that table moved into it in the
   * release that created it, so its rows are the source's rows (DESIGN: a split's rows are its parent's).
   */
  private boolean splitOf(ReadEntity source, ReadEntity target, Version targetSince) {
    return byClass.values().stream()
        .filter(e -> e.def().table().equals(source.def().table()))
        .flatMap(e -> e.def().fields().stream())
        .anyMatch(g -> g.move() != null && g.move().targetEntity().equals(target.def().className())
            && targetSince.equals(g.deprecatedIn()));
  }

  /** Why {@code to} cannot hold every value of {@code from} (same kind, no converter), or null when it can. */
  private static String narrower(FieldDef from, FieldDef to) {
    dev.crossfade.schema.SqlType a = from.sqlType();
    dev.crossfade.schema.SqlType b = to.sqlType();
    if (a.kind() != b.kind()) {
      return null;
    }
    return switch (a.kind()) {
      case VARCHAR -> b.length() < a.length()
          ? "a value of up to " + a.length() + " characters does not fit " + b.length() : null;
      case DECIMAL -> b.scale() < a.scale() || b.precision() - b.scale() < a.precision() - a.scale()
          ? "a value with " + (a.precision() - a.scale()) + " digits before the point and " + a.scale()
              + " after does not fit " + (b.precision() - b.scale()) + " and " + b.scale() : null;
      default -> null;
    };
  }

  /** The {@code @Column} attributes that make {@code to} hold every value of {@code from}. */
  private static String widened(FieldDef from, FieldDef to) {
    dev.crossfade.schema.SqlType a = from.sqlType();
    dev.crossfade.schema.SqlType b = to.sqlType();
    if (a.kind() == dev.crossfade.schema.SqlType.Kind.VARCHAR) {
      return "length = " + a.length();
    }
    int scale = Math.max(a.scale(), b.scale());
    int digits = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
    return "precision = " + (digits + scale) + ", scale = " + scale;
  }

  /** A column added to a table that already has rows must be fillable: nullable, defaulted, or a move target. */
  private void addedColumn(ReadEntity e, FieldDef f) {
    Version tableSince = e.def().since() != null ? e.def().since() : baseline;
    boolean moveTarget = byClass.values().stream().flatMap(s -> s.def().fields().stream())
        .anyMatch(s -> s.move() != null && s.move().targetEntity().equals(e.def().className())
            && s.move().targetField().equals(f.name()));
    if (f.since() != null && e.def().deprecatedIn() != null && !f.since().isBefore(e.def().deprecatedIn())
        && !moveTarget) {
      diagnostics.error(e.field(f.name()), mirror(e.field(f.name()), SINCE), Message.SINCE_ON_DROPPED_TABLE,
          e.label(f.name()), f.since(), e.element().getSimpleName(), e.def().deprecatedIn(), e.def().table());
      return;
    }
    if (f.since() != null && f.since().isAfter(tableSince) && f.unique() && f.hasDefault()) {
      diagnostics.error(e.field(f.name()), Message.UNIQUE_WITH_DEFAULT, e.label(f.name()), f.since(),
          e.def().table(), f.defaultValue());
      return;
    }
    if (f.since() == null || !f.since().isAfter(tableSince) || f.nullable() || f.hasDefault()) {
      return;
    }
    if (moveTarget) {
      return;
    }
    if (f.since().isBefore(release)) {
      // A release before the code's own: most likely the target of a move whose source was deleted once that
      // release was contracted. The way out is to squash history, not a default (issue 19).
      diagnostics.error(e.field(f.name()), Message.NOT_NULL_MOVE_SOURCE_GONE, e.label(f.name()), f.since(),
          e.def().table(), f.since(), release, f.since(), f.since(), f.since());
    } else {
      diagnostics.error(e.field(f.name()), Message.NOT_NULL_WITHOUT_DEFAULT, e.label(f.name()), f.since(),
          e.def().table());
    }
  }

  private static AnnotationMirror mirror(Element element, String annotation) {
    return Annotations.find(element, annotation).orElse(null);
  }

  private static String simpleType(String javaType) {
    return javaType.substring(javaType.lastIndexOf('.') + 1);
  }

  private static String boxedName(FieldDef f) {
    return f.javaKind() == JavaKind.ENUM ? simpleType(f.javaType()) : simpleType(f.javaKind().boxed().javaName());
  }
}
