package dev.crossfade.schema;

/**
 * Where a deprecated field's data lives from its {@code @DeprecatedIn} release on.
 *
 * @param targetEntity qualified class name of the entity that now holds the data
 * @param targetField Java field name in that entity
 * @param converter qualified class name of the {@code dev.crossfade.Converter}, or null when types match
 */
public record MoveDef(String targetEntity, String targetField, String converter) {
  public boolean converted() {
    return converter != null;
  }
}
