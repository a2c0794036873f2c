package dev.crossfade.schema;

/**
 * A CHECK constraint declared with {@code @Check} on an entity.
 *
 * @param name the constraint's name
 * @param expression the boolean SQL expression over the table's column names, as the user wrote it (it was
 *     parsed at compile time; each dialect's rendering is derived from it)
 * @param since the release whose expand adds it to an existing table; null means "with its table"
 */
public record CheckDef(String name, String expression, Version since) {}
