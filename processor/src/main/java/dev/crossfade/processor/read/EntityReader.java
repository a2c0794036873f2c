package dev.crossfade.processor.read;

import static dev.crossfade.processor.read.Annotations.COLUMN;
import static dev.crossfade.processor.read.Annotations.DEPRECATED_IN;
import static dev.crossfade.processor.read.Annotations.ID;
import static dev.crossfade.processor.read.Annotations.JPA_COLUMN;
import static dev.crossfade.processor.read.Annotations.JPA_ID;
import static dev.crossfade.processor.read.Annotations.JPA_TABLE;
import static dev.crossfade.processor.read.Annotations.JPA_TRANSIENT;
import static dev.crossfade.processor.read.Annotations.MOVED_TO;
import static dev.crossfade.processor.read.Annotations.SINCE;
import static dev.crossfade.processor.read.Annotations.TABLE;
import static dev.crossfade.processor.read.Annotations.JPA_VERSION;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.DefaultValues;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.EnumConstant;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Identifiers;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.MoveDef;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads one annotated class or record into an {@link EntityDef}. Reports every problem it finds on the
 * element (and annotation value) at fault and goes on, so one compile shows them all; returns empty when
 * the entity cannot be modelled.
 */
public final class EntityReader {
  private final Annotations annotations;
  private final Diagnostics diagnostics;
  private final Map<String, List<EnumConstant>> constants = new HashMap<>();

  public EntityReader(Elements elements, Diagnostics diagnostics) {
    this.annotations = new Annotations(elements);
    this.diagnostics = diagnostics;
  }

  public Optional<ReadEntity> read(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.RECORD) {
      diagnostics.error(type, Message.ENTITY_KIND, type.getSimpleName());
      return Optional.empty();
    }
    boolean ok = true;
    String table = tableName(type);
    if (!Identifiers.isWellFormed(table)) {
      ok = false;
    }
    Version since = version(type, SINCE);
    Version deprecatedIn = version(type, DEPRECATED_IN);

    List<FieldDef> fields = new ArrayList<>();
    Map<String, Element> elements = new LinkedHashMap<>();
    Map<String, String> columns = new HashMap<>();
    String idField = null;
    String versionField = null;
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getModifiers().contains(Modifier.STATIC) || field.getModifiers().contains(Modifier.TRANSIENT)
          || Annotations.find(field, JPA_TRANSIENT).isPresent()) {
        continue;
      }
      Optional<FieldDef> def = field(type, field);
      if (def.isEmpty()) {
        ok = false;
        continue;
      }
      FieldDef f = def.get();
      if (f.id() && idField == null) {
        // Several @Id fields are one composite key, in declaration order.
        idField = f.name();
      }
      if (f.version()) {
        if (versionField != null) {
          diagnostics.error(field, versionMirror(field), Message.VERSION_DUPLICATE, type.getSimpleName(), f.name(),
              versionField);
          ok = false;
        } else if (f.since() != null && !f.since().equals(since)) {
          diagnostics.error(field, Annotations.find(field, SINCE).orElse(null), Message.VERSION_ADDED_LATE,
              type.getSimpleName() + "." + f.name(), f.since(), since == null ? "the baseline" : since);
          ok = false;
        }
        versionField = f.name();
      }
      String previous = columns.putIfAbsent(f.column(), f.name());
      if (previous != null) {
        diagnostics.error(field, Message.COLUMN_DUPLICATE, f.column(), table,
            type.getSimpleName() + "." + previous, type.getSimpleName() + "." + f.name());
        ok = false;
      }
      fields.add(f);
      elements.put(f.name(), field);
    }
    if (idField == null && ok) {
      diagnostics.error(type, Message.ID_MISSING, type.getSimpleName());
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    // Without @DeprecatedIn no release moves the table: TableRenameCheck says so, with the release to name.
    Optional<AnnotationMirror> typeMove = Annotations.find(type, MOVED_TO);
    if (typeMove.isPresent() && deprecatedIn != null) {
      fields = renamed(fields, deprecatedIn, move(typeMove.get(), "").targetEntity());
    }
    ConstraintReader constraints = new ConstraintReader(annotations, diagnostics);
    EntityDef def = new EntityDef(type.getQualifiedName().toString(), table, since, deprecatedIn, fields,
        constraints.foreignKeys(type, table, fields, elements), constraints.indexes(type, table, since, fields),
        constraints.checks(type, table, since, fields));
    if (constraints.failed()) {
      return Optional.empty();
    }
    ReadEntity read = new ReadEntity(type, def, elements);
    if (def.composite() && KeyRecords.nested(null, read).isEmpty()) {
      diagnostics.error(type, Message.COMPOSITE_KEY_RECORD_MISSING, type.getSimpleName(),
          String.join(", ", def.ids().stream().map(FieldDef::name).toList()), KeyRecords.components(read),
          type.getSimpleName());
      return Optional.empty();
    }
    return Optional.of(read);
  }

  private String tableName(TypeElement type) {
    Optional<AnnotationMirror> own = Annotations.find(type, TABLE);
    AnnotationMirror mirror;
    AnnotationValue value;
    String name;
    if (own.isPresent()) {
      mirror = own.get();
      value = annotations.value(mirror, "value");
      name = (String) value.getValue();
    } else {
      mirror = Annotations.find(type, JPA_TABLE).orElseThrow();
      value = annotations.value(mirror, "name");
      name = (String) value.getValue();
      if (name.isEmpty()) {
        name = Identifiers.snakeCase(type.getSimpleName().toString());
      }
    }
    if (!Identifiers.isWellFormed(name)) {
      diagnostics.error(type, mirror, value, Message.IDENTIFIER_INVALID, name, "table", suggestion(name));
    }
    return name;
  }

  private Optional<FieldDef> field(TypeElement owner, VariableElement field) {
    String name = field.getSimpleName().toString();
    boolean ok = true;

    Optional<AnnotationMirror> column = Annotations.find(field, COLUMN);
    Optional<AnnotationMirror> jpaColumn = Annotations.find(field, JPA_COLUMN);
    String columnName = Identifiers.snakeCase(name);
    Optional<AnnotationMirror> nameMirror = column.isPresent() ? column : jpaColumn;
    if (nameMirror.isPresent()) {
      Optional<AnnotationValue> explicit = Annotations.explicit(nameMirror.get(), "name");
      if (explicit.isPresent() && !((String) explicit.get().getValue()).isEmpty()) {
        columnName = (String) explicit.get().getValue();
        if (!Identifiers.isWellFormed(columnName)) {
          diagnostics.error(field, nameMirror.get(), explicit.get(), Message.IDENTIFIER_INVALID, columnName, "column",
              suggestion(columnName));
          ok = false;
        }
      }
    }
    if (ok && !Identifiers.isWellFormed(columnName)) {
      diagnostics.error(field, Message.IDENTIFIER_INVALID, columnName, "column", suggestion(columnName));
      ok = false;
    }

    TypeMirror type = field.asType();
    JavaKind kind = kindOf(type);
    if (kind == null) {
      diagnostics.error(field, Message.TYPE_UNSUPPORTED, owner.getSimpleName() + "." + name, type,
          JavaKind.supportedList());
      return Optional.empty();
    }
    String javaType = kind == JavaKind.ENUM
        ? ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString()
        : kind.javaName();

    boolean id = Annotations.find(field, ID).isPresent() || Annotations.find(field, JPA_ID).isPresent();
    int length = 0;
    int precision = 0;
    int scale = -1;
    boolean nullable = !kind.isPrimitive();
    String defaultValue = null;
    boolean unique = false;
    boolean indexed = false;
    if (column.isPresent()) {
      AnnotationMirror c = column.get();
      length = (Integer) annotations.value(c, "length").getValue();
      precision = (Integer) annotations.value(c, "precision").getValue();
      scale = (Integer) annotations.value(c, "scale").getValue();
      String nullability = annotations.value(c, "nullable").getValue().toString();
      if (nullability.equals("NOT_NULL")) {
        nullable = false;
      } else if (nullability.equals("NULLABLE") && !kind.isPrimitive()) {
        nullable = true;
      }
      unique = (Boolean) annotations.value(c, "unique").getValue();
      indexed = (Boolean) annotations.value(c, "indexed").getValue();
      AnnotationValue dv = annotations.value(c, "defaultValue");
      String text = (String) dv.getValue();
      if (!text.isEmpty()) {
        List<String> constants = kind == JavaKind.ENUM ? enumConstants(type) : List.of();
        if (DefaultValues.parse(kind, text, constants).isEmpty()) {
          diagnostics.error(field, c, dv, Message.DEFAULT_INVALID, text, owner.getSimpleName() + "." + name,
              kind == JavaKind.ENUM ? javaType : kind.javaName(), DefaultValues.example(kind));
          ok = false;
        } else {
          defaultValue = text;
        }
      }
    } else if (jpaColumn.isPresent()) {
      AnnotationMirror c = jpaColumn.get();
      length = Annotations.explicit(c, "length").map(v -> (Integer) v.getValue()).orElse(0);
      precision = Annotations.explicit(c, "precision").map(v -> (Integer) v.getValue()).orElse(0);
      scale = Annotations.explicit(c, "scale").map(v -> (Integer) v.getValue()).orElse(-1);
      if (Annotations.explicit(c, "nullable").map(v -> !(Boolean) v.getValue()).orElse(false)) {
        nullable = false;
      }
      unique = Annotations.explicit(c, "unique").map(v -> (Boolean) v.getValue()).orElse(false);
    }
    if (id) {
      nullable = false;
    }

    Version since = version(field, SINCE);
    Version deprecatedIn = version(field, DEPRECATED_IN);
    if (id) {
      for (String a : List.of(SINCE, DEPRECATED_IN)) {
        Optional<AnnotationMirror> m = Annotations.find(field, a);
        if (m.isPresent()) {
          diagnostics.error(field, m.get(), Message.ID_VERSIONED, owner.getSimpleName() + "." + name,
              a.substring(a.lastIndexOf('.') + 1));
          ok = false;
        }
      }
    }
    MoveDef move = Annotations.find(field, MOVED_TO).map(m -> move(m, name)).orElse(null);
    Optional<AnnotationMirror> versionMirror = Optional.ofNullable(versionMirror(field));
    boolean version = versionMirror.isPresent();
    if (version) {
      String label = owner.getSimpleName() + "." + name;
      if (id) {
        diagnostics.error(field, versionMirror.get(), Message.VERSION_ON_ID, label);
        ok = false;
      } else if (kind != JavaKind.INT && kind != JavaKind.INTEGER && kind != JavaKind.LONG_PRIMITIVE
          && kind != JavaKind.LONG) {
        diagnostics.error(field, versionMirror.get(), Message.VERSION_TYPE, label, type);
        ok = false;
      }
      for (String a : List.of(DEPRECATED_IN, MOVED_TO)) {
        Optional<AnnotationMirror> m = Annotations.find(field, a);
        if (m.isPresent()) {
          String simple = a.substring(a.lastIndexOf('.') + 1);
          diagnostics.error(field, m.get(), Message.VERSION_NOT_LASTING, label, simple, simple);
          ok = false;
        }
      }
      // Never NULL: the check compares it. (No default is implied: the column comes with its table, never later.)
      nullable = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    List<EnumConstant> constants = kind == JavaKind.ENUM ? constantsOf((TypeElement) ((DeclaredType) type).asElement())
        : List.of();
    return Optional.of(new FieldDef(name, columnName, kind, javaType, SqlType.of(kind, length, precision, scale),
        nullable, defaultValue, unique, indexed, id, since, deprecatedIn, move, constants, version));
  }

  /** {@code @Version} (or JPA's) on the field, or null. */
  private static AnnotationMirror versionMirror(Element field) {
    return Annotations.find(field, Annotations.VERSION).or(() -> Annotations.find(field, JPA_VERSION)).orElse(null);
  }

  /**
   * A table rename ({@code @MovedTo} on a {@code @DeprecatedIn} type) as the model knows it: every field but the key
   * that does not say otherwise moves in the type's release to the same-named field of the new entity. A field with
   * its own {@code @MovedTo} keeps it (a column renamed with its table).
   */
  private static List<FieldDef> renamed(List<FieldDef> fields, Version release, String target) {
    List<FieldDef> out = new ArrayList<>();
    for (FieldDef f : fields) {
      if (f.id() || f.deprecatedIn() != null && !f.deprecatedIn().equals(release)) {
        out.add(f);
      } else {
        MoveDef move = f.move() != null ? f.move() : new MoveDef(target, f.name(), null);
        out.add(new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
            f.defaultValue(), f.unique(), f.indexed(), f.id(), f.since(), release, move, f.constants(), f.version()));
      }
    }
    return out;
  }

  private MoveDef move(AnnotationMirror movedTo, String ownName) {
    String entity = qualifiedName((TypeMirror) annotations.value(movedTo, "entity").getValue());
    String field = (String) annotations.value(movedTo, "field").getValue();
    if (field.isEmpty()) {
      field = ownName;
    }
    String converter = qualifiedName((TypeMirror) annotations.value(movedTo, "converter").getValue());
    String key = (String) annotations.value(movedTo, "key").getValue();
    return new MoveDef(entity, field, Annotations.CONVERTER_NONE.equals(converter) ? null : converter,
        key.isEmpty() ? null : key);
  }

  private static String qualifiedName(TypeMirror type) {
    if (type instanceof DeclaredType d) {
      return ((TypeElement) d.asElement()).getQualifiedName().toString();
    }
    return type.toString();
  }

  /** The version in {@code @Since}/{@code @DeprecatedIn} on the element, or null; a malformed one is reported. */
  private Version version(Element element, String annotation) {
    Optional<AnnotationMirror> mirror = Annotations.find(element, annotation);
    if (mirror.isEmpty()) {
      return null;
    }
    AnnotationValue value = annotations.value(mirror.get(), "value");
    String text = (String) value.getValue();
    Optional<Version> v = Version.tryParse(text);
    if (v.isEmpty()) {
      diagnostics.error(element, mirror.get(), value, Message.VERSION_MALFORMED, text,
          annotation.substring(annotation.lastIndexOf('.') + 1));
      return null;
    }
    return v.get();
  }

  private static JavaKind kindOf(TypeMirror type) {
    switch (type.getKind()) {
      case INT:
        return JavaKind.INT;
      case LONG:
        return JavaKind.LONG_PRIMITIVE;
      case BOOLEAN:
        return JavaKind.BOOLEAN_PRIMITIVE;
      case DOUBLE:
        return JavaKind.DOUBLE_PRIMITIVE;
      case ARRAY:
        return ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE ? JavaKind.BYTES : null;
      case DECLARED:
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        if (element.getKind() == ElementKind.ENUM) {
          return JavaKind.ENUM;
        }
        return JavaKind.forJavaName(element.getQualifiedName().toString());
      default:
        return null;
    }
  }

  /**
   * An enum type's constants in declaration order with their {@code @Since}, read once per type (so a malformed
   * version on a constant is reported once, however many fields use the enum).
   */
  private List<EnumConstant> constantsOf(TypeElement enumType) {
    return constants.computeIfAbsent(enumType.getQualifiedName().toString(), k -> {
      List<EnumConstant> out = new ArrayList<>();
      for (Element e : enumType.getEnclosedElements()) {
        if (e.getKind() == ElementKind.ENUM_CONSTANT) {
          out.add(new EnumConstant(e.getSimpleName().toString(), version(e, SINCE)));
        }
      }
      return List.copyOf(out);
    });
  }

  /** The element of an enum field's constant, for a message about it; null when the type has no such constant. */
  public static Element constantElement(Element field, String constant) {
    TypeMirror type = field.asType();
    if (!(type instanceof DeclaredType d)) {
      return null;
    }
    for (Element e : d.asElement().getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT && e.getSimpleName().contentEquals(constant)) {
        return e;
      }
    }
    return null;
  }

  private static List<String> enumConstants(TypeMirror type) {
    List<String> names = new ArrayList<>();
    for (Element e : ((DeclaredType) type).asElement().getEnclosedElements()) {
      if (e.getKind() == ElementKind.ENUM_CONSTANT) {
        names.add(e.getSimpleName().toString());
      }
    }
    return names;
  }

  /** A valid identifier close to the invalid one, for the message. */
  static String suggestion(String name) {
    String s = Identifiers.snakeCase(name).replaceAll("[^a-z0-9_]", "_");
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      s = "_" + s;
    }
    return s.length() > Identifiers.MAX_LENGTH ? s.substring(0, Identifiers.MAX_LENGTH) : s;
  }
}
