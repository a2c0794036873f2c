package dev.crossfade.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a deprecated field's data lives from its {@code @DeprecatedIn} release on.
 *
 * @param targetEntity qualified class name of the entity that now holds the data
 * @param targetField Java field name in that entity
 * @param converter qualified class name of the {@code dev.crossfade.Converter}, or null when types match
 * @param key for a 1:N extraction, the value (a Java literal) of the target's second key field for the row the
 *     column becomes; null for any other move (and in a {@code schema.json} written before extractions)
 */
public record MoveDef(String targetEntity, String targetField, String converter,
    @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

  /** A move that is not an extraction. */
  public MoveDef(String targetEntity, String targetField, String converter) {
    this(targetEntity, targetField, converter, null);
  }

  public boolean converted() {
    return converter != null;
  }

  /** Whether the column becomes one row of a child table (1:N extraction). */
  public boolean keyed() {
    return key != null;
  }
}
