package dev.crossfade.schema;

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
    MoveDef move) {

  public boolean hasDefault() {
    return defaultValue != null;
  }
}
