package dev.crossfade.schema;

import java.util.List;
import java.util.Optional;

/**
 * One entity: its table and its fields in declaration order.
 *
 * @param className the qualified Java class name
 * @param table the table name (validated lower snake_case)
 * @param since the release that created the table; null means the baseline
 * @param deprecatedIn the release whose contract drops the table, or null
 * @param fields the persistent fields, in declaration order; exactly one is the id
 */
public record EntityDef(String className, String table, Version since, Version deprecatedIn, List<FieldDef> fields) {
  public EntityDef {
    fields = List.copyOf(fields);
  }

  public FieldDef id() {
    return fields.stream().filter(FieldDef::id).findFirst()
        .orElseThrow(() -> new IllegalStateException(className + " has no @Id field"));
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
