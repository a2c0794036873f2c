package dev.crossfade.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One constant of an enum field's type, as the column stores it (by name).
 *
 * @param name the constant's name, which is the stored value
 * @param since the release of its {@code @Since}, or null when it has none (it is as old as the column that
 *     stores it): a constant a release adds to a column that older servers read is written only once no
 *     server older than that release can run on the shard (see {@code Placement})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnumConstant(String name, Version since) {
  public EnumConstant {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an enum constant has a name");
    }
  }
}
