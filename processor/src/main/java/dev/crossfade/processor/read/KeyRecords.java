package dev.crossfade.processor.read;

import dev.crossfade.schema.FieldDef;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * The key record of an entity with a composite key: a record whose components are the {@code @Id} fields, with
 * their names and types in declaration order (JPA's {@code @IdClass} habit, as a record). Repositories take it as
 * their key type.
 */
public final class KeyRecords {
  private KeyRecords() {}

  /** Whether {@code key} is a key record of the entity; without type utilities, types compare by their spelling. */
  public static boolean matches(Types types, ReadEntity entity, TypeMirror key) {
    if (key.getKind() != TypeKind.DECLARED || ((DeclaredType) key).asElement().getKind() != ElementKind.RECORD) {
      return false;
    }
    List<? extends RecordComponentElement> components =
        ((TypeElement) ((DeclaredType) key).asElement()).getRecordComponents();
    List<FieldDef> ids = entity.def().ids();
    if (components.size() != ids.size()) {
      return false;
    }
    for (int i = 0; i < ids.size(); i++) {
      if (!components.get(i).getSimpleName().contentEquals(ids.get(i).name())
          || !same(types, components.get(i).asType(), entity.field(ids.get(i).name()).asType())) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Types types, TypeMirror a, TypeMirror b) {
    return types != null ? types.isSameType(a, b) : a.toString().equals(b.toString());
  }

  /** The first record nested in the entity that is its key record, if any. */
  public static Optional<TypeElement> nested(Types types, ReadEntity entity) {
    return ElementFilter.typesIn(entity.element().getEnclosedElements()).stream()
        .filter(t -> matches(types, entity, t.asType()))
        .findFirst();
  }

  /** {@code long customerId, int position}: the components a key record needs, for messages. */
  public static String components(ReadEntity entity) {
    StringBuilder b = new StringBuilder();
    for (FieldDef f : entity.def().ids()) {
      String type = entity.field(f.name()).asType().toString();
      b.append(b.length() == 0 ? "" : ", ").append(type.substring(type.lastIndexOf('.') + 1)).append(' ')
          .append(f.name());
    }
    return b.toString();
  }
}
