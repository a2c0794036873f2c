package dev.crossfade.schema;

import java.util.List;

/**
 * A (multi-column, possibly unique) index declared with {@code @Index} on an entity.
 *
 * @param name the index name, given or {@code <table>_<col1>_<col2>_idx} ({@code _key} when unique)
 * @param columns the column names in index order
 * @param unique whether the combination is unique
 * @param since the release whose expand creates it on an existing table; null means "with its table"
 * @param deprecatedIn the release whose contract drops it, or null
 */
public record IndexDef(String name, List<String> columns, boolean unique, Version since, Version deprecatedIn) {
  public IndexDef {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }
}
