package dev.crossfade.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * One entity: its table and its fields in declaration order.
 *
 * @param className the qualified Java class name
 * @param table the table name (validated lower snake_case)
 * @param since the release that created the table; null means the baseline
 * @param deprecatedIn the release whose contract drops the table, or null
 * @param fields the persistent fields, in declaration order; one or more (a composite key) are the id
 * @param foreignKeys the {@code @References} of its fields, in declaration order (empty in a {@code schema.json}
 *     written before they were recorded)
 * @param indexes its {@code @Index} annotations, in declaration order
 * @param checks its {@code @Check} annotations, in declaration order
 */
public record EntityDef(String className, String table, Version since, Version deprecatedIn, List<FieldDef> fields,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ForeignKeyDef> foreignKeys,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IndexDef> indexes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CheckDef> checks) {
  public EntityDef {
    fields = List.copyOf(fields);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** An entity without foreign keys, indexes or checks. */
  public EntityDef(String className, String table, Version since, Version deprecatedIn, List<FieldDef> fields) {
    this(className, table, since, deprecatedIn, fields, List.of(), List.of(), List.of());
  }

  /** This entity with other constraints (the model as an earlier release's code declared it). */
  public EntityDef withConstraints(List<ForeignKeyDef> foreignKeys, List<IndexDef> indexes, List<CheckDef> checks) {
    return new EntityDef(className, table, since, deprecatedIn, fields, foreignKeys, indexes, checks);
  }

  /**
   * The key field of an entity with a single-column key. An entity with a composite key has none: code that
   * handles those asks {@link #ids()}, and code that does not fails here rather than use half the key.
   */
  public FieldDef id() {
    List<FieldDef> ids = ids();
    if (ids.size() != 1) {
      throw new IllegalStateException(ids.isEmpty() ? className + " has no @Id field"
          : className + " has a composite key " + ids.stream().map(FieldDef::name).toList() + "; use ids()");
    }
    return ids.get(0);
  }

  /** The key fields, in declaration order: one, or several for a composite key. */
  public List<FieldDef> ids() {
    return fields.stream().filter(FieldDef::id).toList();
  }

  /** Whether the key has more than one column. */
  public boolean composite() {
    return fields.stream().filter(FieldDef::id).count() > 1;
  }

  /** The key's columns, in declaration order. */
  public List<String> keyColumns() {
    return ids().stream().map(FieldDef::column).toList();
  }

  /** The {@code @Version} field (optimistic locking), if the entity has one. */
  public Optional<FieldDef> version() {
    return fields.stream().filter(FieldDef::version).findFirst();
  }

  public Optional<FieldDef> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public String simpleName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
