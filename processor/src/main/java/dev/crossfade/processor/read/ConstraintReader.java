package dev.crossfade.processor.read;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.Identifiers;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.CheckExpressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Reads an entity's {@code @References}, {@code @Index} and {@code @Check} into the model and checks what can be
 * checked on the entity alone (columns named, the CHECK parsed, names well formed, {@code since} not before the
 * columns exist), each error on the annotation at fault. What needs other entities (a foreign key's target) or the
 * snapshots is checked by {@code ConstraintCheck}.
 */
final class ConstraintReader {
  private final Annotations annotations;
  private final Diagnostics diagnostics;
  private boolean failed;

  ConstraintReader(Annotations annotations, Diagnostics diagnostics) {
    this.annotations = annotations;
    this.diagnostics = diagnostics;
  }

  boolean failed() {
    return failed;
  }

  /** The foreign keys of the fields, in declaration order; their target table and column are resolved later. */
  List<ForeignKeyDef> foreignKeys(TypeElement type, String table, List<FieldDef> fields, Map<String, Element> elements) {
    List<ForeignKeyDef> out = new ArrayList<>();
    for (FieldDef f : fields) {
      Element field = elements.get(f.name());
      Optional<AnnotationMirror> m = field == null ? Optional.empty() : Annotations.find(field, Annotations.REFERENCES);
      if (m.isEmpty()) {
        continue;
      }
      TypeMirror target = (TypeMirror) annotations.value(m.get(), "value").getValue();
      String targetEntity = target instanceof DeclaredType d
          ? ((TypeElement) d.asElement()).getQualifiedName().toString() : target.toString();
      String onDelete = ((VariableElement) annotations.value(m.get(), "onDelete").getValue()).getSimpleName().toString();
      Version since = since(field, m.get());
      String label = type.getSimpleName() + "." + f.name();
      if ("SET_NULL".equals(onDelete) && !f.nullable()) {
        error(field, m.get(), "onDelete", Message.REFERENCES_SET_NULL_NOT_NULL, label, f.column());
      }
      if (since != null && f.since() != null && since.isBefore(f.since())) {
        error(field, m.get(), "since", Message.CONSTRAINT_SINCE_BEFORE_COLUMN, "@References on " + label, since,
            table + "." + f.column(), f.since(), f.since());
      }
      out.add(new ForeignKeyDef(Identifiers.derived(table + "_" + f.column() + "_fkey"), f.name(), f.column(),
          targetEntity, null, null, onDelete, since));
    }
    return out;
  }

  List<IndexDef> indexes(TypeElement type, String table, Version tableSince, List<FieldDef> fields) {
    List<IndexDef> out = new ArrayList<>();
    for (AnnotationMirror m : repeated(type, Annotations.INDEX, Annotations.INDEXES)) {
      @SuppressWarnings("unchecked")
      List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) annotations.value(m, "columns")
          .getValue();
      List<String> columns = values.stream().map(v -> (String) v.getValue()).toList();
      boolean unique = (Boolean) annotations.value(m, "unique").getValue();
      String label = "@Index on " + type.getSimpleName();
      if (columns.isEmpty()) {
        error(type, m, "columns", Message.INDEX_NO_COLUMNS, label);
        continue;
      }
      Version since = since(type, m);
      Version deprecatedIn = version(type, m, "deprecatedIn");
      boolean ok = true;
      for (String c : columns) {
        Optional<FieldDef> f = fields.stream().filter(x -> x.column().equals(c)).findFirst();
        if (f.isEmpty()) {
          error(type, m, "columns", Message.INDEX_UNKNOWN_COLUMN, label, c, table, columnList(fields));
          ok = false;
        } else if (since != null && f.get().since() != null && since.isBefore(f.get().since())) {
          error(type, m, "since", Message.CONSTRAINT_SINCE_BEFORE_COLUMN, label, since, table + "." + c,
              f.get().since(), f.get().since());
          ok = false;
        } else if (since == null && addedLater(f.get(), tableSince)) {
          // Without since the index comes with its table, before the column exists.
          error(type, m, Message.CONSTRAINT_SINCE_BEFORE_COLUMN, label, "(with the table)", table + "." + c,
              f.get().since(), f.get().since());
          ok = false;
        }
      }
      if (columns.stream().distinct().count() != columns.size()) {
        error(type, m, "columns", Message.INDEX_UNKNOWN_COLUMN, label, "(named twice)", table, columnList(fields));
        ok = false;
      }
      if (deprecatedIn != null && since != null && !deprecatedIn.isAfter(since)) {
        error(type, m, "deprecatedIn", Message.DEPRECATED_BEFORE_SINCE, label, deprecatedIn, since, since);
        ok = false;
      }
      String given = (String) annotations.value(m, "name").getValue();
      String name = given.isEmpty()
          ? Identifiers.derived(table + "_" + String.join("_", columns) + (unique ? "_key" : "_idx")) : given;
      if (!given.isEmpty() && !name(type, m, "Index", given)) {
        ok = false;
      }
      if (ok) {
        out.add(new IndexDef(name, columns, unique, since, deprecatedIn));
      }
    }
    return out;
  }

  List<CheckDef> checks(TypeElement type, String table, Version tableSince, List<FieldDef> fields) {
    List<CheckDef> out = new ArrayList<>();
    for (AnnotationMirror m : repeated(type, Annotations.CHECK, Annotations.CHECKS)) {
      String name = (String) annotations.value(m, "name").getValue();
      String expression = (String) annotations.value(m, "value").getValue();
      String label = "@Check(name = \"" + name + "\") on " + type.getSimpleName();
      boolean ok = name(type, m, "Check", name);
      Version since = since(type, m);
      SortedSet<String> columns;
      try {
        columns = CheckExpressions.columns(expression);
      } catch (IllegalArgumentException e) {
        error(type, m, "value", Message.CHECK_UNPARSABLE, label, expression, e.getMessage());
        continue;
      }
      for (String c : columns) {
        Optional<FieldDef> f = fields.stream().filter(x -> x.column().equals(c)).findFirst();
        if (f.isEmpty()) {
          error(type, m, "value", Message.CHECK_UNKNOWN_COLUMN, label, c, table, columnList(fields));
          ok = false;
        } else if (since != null && f.get().since() != null && since.isBefore(f.get().since())) {
          error(type, m, "since", Message.CONSTRAINT_SINCE_BEFORE_COLUMN, label, since, table + "." + c,
              f.get().since(), f.get().since());
          ok = false;
        } else if (since == null && addedLater(f.get(), tableSince)) {
          // Without since the CHECK comes with its table, before the column exists.
          error(type, m, Message.CONSTRAINT_SINCE_BEFORE_COLUMN, label, "(with the table)", table + "." + c,
              f.get().since(), f.get().since());
          ok = false;
        }
      }
      if (ok) {
        out.add(new CheckDef(name, expression, since));
      }
    }
    return out;
  }

  /** Whether the field's column comes after its table ({@code @Since} later than the table's, or than the baseline). */
  private static boolean addedLater(FieldDef f, Version tableSince) {
    return f.since() != null && (tableSince == null || f.since().isAfter(tableSince));
  }

  private boolean name(Element type, AnnotationMirror m, String kind, String name) {
    if (!Identifiers.isWellFormed(name)) {
      error(type, m, "name", Message.IDENTIFIER_INVALID, name, kind.toLowerCase(java.util.Locale.ROOT),
          EntityReader.suggestion(name.isEmpty() ? "name" : name));
      return false;
    }
    if (name.length() > Identifiers.MAX_LENGTH) {
      error(type, m, "name", Message.IDENTIFIER_TOO_LONG, kind, name, name.length(), "PostgreSQL",
          Identifiers.MAX_LENGTH, name.substring(0, Identifiers.MAX_LENGTH));
      return false;
    }
    return true;
  }

  private static String columnList(List<FieldDef> fields) {
    return String.join(", ", fields.stream().map(FieldDef::column).toList());
  }

  /** The annotation itself or the ones in its container, in declaration order. */
  private List<AnnotationMirror> repeated(Element type, String single, String container) {
    List<AnnotationMirror> out = new ArrayList<>();
    Annotations.find(type, single).ifPresent(out::add);
    Annotations.find(type, container).ifPresent(c -> {
      @SuppressWarnings("unchecked")
      List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) annotations.value(c, "value")
          .getValue();
      values.forEach(v -> out.add((AnnotationMirror) v.getValue()));
    });
    return out;
  }

  private Version since(Element element, AnnotationMirror m) {
    return version(element, m, "since");
  }

  private Version version(Element element, AnnotationMirror m, String attribute) {
    AnnotationValue value = annotations.value(m, attribute);
    String text = (String) value.getValue();
    if (text.isEmpty()) {
      return null;
    }
    Optional<Version> v = Version.tryParse(text);
    if (v.isEmpty()) {
      diagnostics.error(element, m, value, Message.VERSION_MALFORMED, text,
          ((TypeElement) m.getAnnotationType().asElement()).getSimpleName() + "(" + attribute + " = …)");
      failed = true;
      return null;
    }
    return v.get();
  }

  private void error(Element element, AnnotationMirror m, String attribute, Message message, Object... args) {
    AnnotationValue value = Annotations.explicit(m, attribute).orElse(null);
    if (value == null) {
      diagnostics.error(element, m, message, args);
    } else {
      diagnostics.error(element, m, value, message, args);
    }
    failed = true;
  }

  private void error(Element element, AnnotationMirror m, Message message, Object... args) {
    diagnostics.error(element, m, message, args);
    failed = true;
  }
}
