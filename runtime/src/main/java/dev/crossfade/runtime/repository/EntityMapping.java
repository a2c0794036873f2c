package dev.crossfade.runtime.repository;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * For generated code only (not API; it changes with the generated code). How generated code turns an entity into values and back, with no reflection: {@code toValues} lists the
 * persistent fields in declaration order (the order of the schema model), {@code fromValues} builds the
 * entity from the same order. Enums travel by constant name; {@link #fromValues} receives their names.
 *
 * <pre>{@code
 * static final EntityMapping<Host> MAPPING = new EntityMapping<>(Host.class, List.of("id", "name"),
 *     h -> new Object[] {h.id(), h.name()}, v -> new Host(Values.longValue(v[0]), (String) v[1]));
 * }</pre>
 */
public final class EntityMapping<E> {
  private final Class<E> type;
  private final List<String> fields;
  private final Function<E, Object[]> toValues;
  private final Function<Object[], E> fromValues;

  /**
   * For generated code: the entity class, its fields in declaration order, and its conversions to and from field
   * values.
   */
  public EntityMapping(Class<E> type, List<String> fields, Function<E, Object[]> toValues,
      Function<Object[], E> fromValues) {
    this(type, fields, toValues, fromValues, null, null);
  }

  /**
   * For generated code, for an entity with a composite key: also the conversions of its key record to and from the
   * values of its {@code @Id} fields, in declaration order.
   */
  public EntityMapping(Class<E> type, List<String> fields, Function<E, Object[]> toValues,
      Function<Object[], E> fromValues, Function<Object, Object[]> keyToValues, Function<Object[], Object> keyFromValues) {
    this.type = type;
    this.fields = List.copyOf(fields);
    this.toValues = toValues;
    this.fromValues = fromValues;
    this.keyToValues = keyToValues;
    this.keyFromValues = keyFromValues;
  }

  private final Function<Object, Object[]> keyToValues;
  private final Function<Object[], Object> keyFromValues;

  /**
   * The key as the repository's statements take it: the id itself for a single-column key; for a composite key the
   * values of the key record's components, as an immutable list (equal keys are equal lists).
   */
  Object key(Object id) {
    if (keyToValues == null || id == null) {
      return id;
    }
    Object[] values = keyToValues.apply(id);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException("the key of " + type.getSimpleName() + " must not hold null: " + id);
      }
      if (values[i] instanceof Enum<?> e) {
        values[i] = e.name();
      }
    }
    return List.of(values);
  }

  /** The id of a key as {@link #key} makes it. */
  Object id(Object key) {
    return keyFromValues == null || key == null ? key : keyFromValues.apply(((List<?>) key).toArray());
  }

  /** Whether the key is composite (a key record). */
  boolean compositeKey() {
    return keyToValues != null;
  }

  /** The entity class. */
  public Class<E> type() {
    return type;
  }

  /** The Java field names, in declaration order. */
  public List<String> fields() {
    return fields;
  }

  Object[] toValues(E entity) {
    if (entity == null) {
      throw new IllegalArgumentException("cannot save null as a " + type.getSimpleName());
    }
    Object[] values = toValues.apply(entity);
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Enum<?> e) {
        values[i] = e.name();
      }
    }
    return values;
  }

  E fromValues(Object[] values) {
    return fromValues.apply(Arrays.copyOf(values, values.length));
  }
}
