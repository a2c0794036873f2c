package dev.crossfade.schema.sql;

/**
 * One SQL statement of a script with the reason a reviewer reads above it.
 *
 * @param reason the change it serves, one line
 * @param sql the statement without its terminating semicolon; identifiers quoted, values as {@code ?}
 */
public record Statement(String reason, String sql) {}
