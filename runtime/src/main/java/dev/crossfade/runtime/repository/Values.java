package dev.crossfade.runtime.repository;

/**
 * For generated code only (not API). Unboxing for generated {@code fromValues} code: a primitive field whose value is absent on this shard
 * (a contracted deprecated column with no default) reads as the primitive's zero.
 */
public final class Values {
  private Values() {}

  /** For generated code: a field value as an {@code int}, 0 for null. */
  public static int intValue(Object v) {
    return v == null ? 0 : ((Number) v).intValue();
  }

  /** For generated code: a field value as a {@code long}, 0 for null. */
  public static long longValue(Object v) {
    return v == null ? 0L : ((Number) v).longValue();
  }

  /** For generated code: a field value as a {@code double}, 0 for null. */
  public static double doubleValue(Object v) {
    return v == null ? 0.0 : ((Number) v).doubleValue();
  }

  /** For generated code: a field value as a {@code boolean}, false for null. */
  public static boolean booleanValue(Object v) {
    return v != null && (Boolean) v;
  }
}
