package dev.crossfade.processor.check;

import dev.crossfade.processor.read.Annotations;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.element.TypeElement;

/**
 * The checks of a table rename, {@code @DeprecatedIn("2.0") @MovedTo(entity = CustomerNote.class)} on an entity
 * type: the release that moves the table, a new entity of that release to receive the rows, the same key, and a
 * field for every field that moves. They run before the field-level move checks, which would otherwise report one
 * finding per field for a fault of the type; each finding points at the type-level {@code @MovedTo}.
 */
public final class TableRenameCheck {
  private final Diagnostics diagnostics;
  private final Version release;
  private final Version baseline;

  public TableRenameCheck(Diagnostics diagnostics, Version release, Version baseline) {
    this.diagnostics = diagnostics;
    this.release = release;
    this.baseline = baseline;
  }

  /** Reports every faulty table rename; returns whether there was none. */
  public boolean run(List<ReadEntity> entities) {
    Map<String, ReadEntity> byClass = new HashMap<>();
    entities.forEach(e -> byClass.put(e.def().className(), e));
    boolean ok = true;
    for (ReadEntity e : entities) {
      Optional<AnnotationMirror> movedTo = Annotations.find(e.element(), Annotations.MOVED_TO);
      if (movedTo.isPresent()) {
        ok &= check(e, movedTo.get(), byClass);
      }
    }
    return ok;
  }

  private boolean check(ReadEntity source, AnnotationMirror movedTo, Map<String, ReadEntity> byClass) {
    EntityDef old = source.def();
    String name = source.element().getSimpleName().toString();
    if (old.deprecatedIn() == null) {
      diagnostics.error(source.element(), movedTo, Message.TABLE_MOVED_WITHOUT_DEPRECATED_IN, name, release, name,
          old.table());
      return false;
    }
    String targetClass = targetClass(movedTo);
    ReadEntity target = byClass.get(targetClass);
    String targetSimple = targetClass.substring(targetClass.lastIndexOf('.') + 1);
    if (target == null) {
      diagnostics.error(source.element(), movedTo, Message.MOVED_TO_UNKNOWN_ENTITY, targetSimple, name, targetSimple);
      return false;
    }
    Version r = old.deprecatedIn();
    EntityDef t = target.def();
    Version targetSince = t.since() != null ? t.since() : baseline;
    if (!targetSince.equals(r) || t.table().equals(old.table())) {
      String why = t.table().equals(old.table()) ? "is the same table"
          : "exists since release " + targetSince;
      diagnostics.error(source.element(), movedTo, Message.TABLE_MOVED_TO_EXISTING, name, r, targetSimple, t.table(),
          why, targetSimple, r);
      return false;
    }
    FieldDef oldKey = old.id();
    FieldDef newKey = t.id();
    if (!oldKey.javaType().equals(newKey.javaType()) || !oldKey.column().equals(newKey.column())) {
      diagnostics.error(source.element(), movedTo, Message.TABLE_MOVED_KEY_MISMATCH, name, targetSimple,
          targetSimple + "." + newKey.name(), simple(newKey.javaType()), newKey.column(), name,
          simple(oldKey.javaType()), oldKey.column(), targetSimple, simple(oldKey.javaType()), oldKey.name());
      return false;
    }
    boolean ok = true;
    for (FieldDef f : old.fields()) {
      if (f.id() || f.move() == null || !f.move().targetEntity().equals(targetClass)
          || t.field(f.move().targetField()).isPresent()) {
        continue;
      }
      diagnostics.error(source.field(f.name()), Message.TABLE_MOVED_FIELD_MISSING, source.label(f.name()),
          targetSimple, f.move().targetField(), simple(f.javaType()), f.move().targetField(), targetSimple,
          targetSimple);
      ok = false;
    }
    return ok;
  }

  private static String targetClass(AnnotationMirror movedTo) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : movedTo.getElementValues().entrySet()) {
      if (v.getKey().getSimpleName().contentEquals("entity") && v.getValue().getValue() instanceof DeclaredType d) {
        return ((TypeElement) d.asElement()).getQualifiedName().toString();
      }
    }
    return "";
  }

  private static String simple(String javaType) {
    return javaType.substring(javaType.lastIndexOf('.') + 1);
  }
}
