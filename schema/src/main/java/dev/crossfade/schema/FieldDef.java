package dev.crossfade.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * One persistent field of an entity as the code declares it.
 *
 * @param name the Java field name
 * @param column the column name (validated lower snake_case)
 * @param javaKind the Java type's kind
 * @param javaType the Java type's spelling ({@code int}, {@code java.lang.String}, the enum's qualified name)
 * @param sqlType the dialect-neutral SQL type
 * @param nullable whether the column accepts NULL in its final layout
 * @param defaultValue the declared default as a Java literal, or null
 * @param unique whether a unique index covers the column
 * @param indexed whether a plain index covers the column
 * @param id whether this is the entity's primary key
 * @param since the release that created the column; null means "with its table"
 * @param deprecatedIn the release whose contract drops the column, or null
 * @param move where the data moved, for a deprecated field, or null
 * @param constants for an enum field, its type's constants in declaration order with their {@code @Since};
 *     empty otherwise (and in a {@code schema.json} written before constants were recorded)
 * @param version whether this is the entity's {@code @Version} field (optimistic locking): a whole number on the
 *     entity's driving table that every save of an existing row checks and bumps (docs/repositories.md)
 */
public record FieldDef(
    String name,
    String column,
    JavaKind javaKind,
    String javaType,
    SqlType sqlType,
    boolean nullable,
    String defaultValue,
    boolean unique,
    boolean indexed,
    boolean id,
    Version since,
    Version deprecatedIn,
    MoveDef move,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EnumConstant> constants,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean version) {

  public FieldDef {
    constants = constants == null ? List.of() : List.copyOf(constants);
  }

  /** A field that is not the entity's {@code @Version}. */
  public FieldDef(String name, String column, JavaKind javaKind, String javaType, SqlType sqlType, boolean nullable,
      String defaultValue, boolean unique, boolean indexed, boolean id, Version since, Version deprecatedIn,
      MoveDef move, List<EnumConstant> constants) {
    this(name, column, javaKind, javaType, sqlType, nullable, defaultValue, unique, indexed, id, since, deprecatedIn,
        move, constants, false);
  }

  /** A field that is not an enum, or whose constants are not known. */
  public FieldDef(String name, String column, JavaKind javaKind, String javaType, SqlType sqlType, boolean nullable,
      String defaultValue, boolean unique, boolean indexed, boolean id, Version since, Version deprecatedIn,
      MoveDef move) {
    this(name, column, javaKind, javaType, sqlType, nullable, defaultValue, unique, indexed, id, since, deprecatedIn,
        move, List.of(), false);
  }

  /** The constant of this name, if the field is an enum that has it. */
  public Optional<EnumConstant> constant(String name) {
    return constants.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** This field with other constants (the model as an earlier release's code declared it). */
  public FieldDef withConstants(List<EnumConstant> constants) {
    return new FieldDef(name, column, javaKind, javaType, sqlType, nullable, defaultValue, unique, indexed, id, since,
        deprecatedIn, move, constants, version);
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }
}
