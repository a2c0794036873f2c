package dev.crossfade.schema;

/**
 * A foreign key from one column of an entity to the key of another ({@code @References}).
 *
 * @param name the constraint's name, {@code <table>_<column>_fkey} (cut with a hash when too long)
 * @param field the Java field that declares it
 * @param column the referring column
 * @param targetEntity the qualified class name of the referenced entity
 * @param targetTable the referenced table
 * @param targetColumn the referenced table's key column
 * @param onDelete {@code NO_ACTION}, {@code CASCADE}, {@code SET_NULL} or {@code RESTRICT}
 * @param since the release whose expand adds it to an existing column; null means "with its column"
 */
public record ForeignKeyDef(String name, String field, String column, String targetEntity, String targetTable,
    String targetColumn, String onDelete, Version since) {
  public ForeignKeyDef {
    onDelete = onDelete == null ? "NO_ACTION" : onDelete;
  }
}
