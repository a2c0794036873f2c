package dev.crossfade.runtime.repository;

/**
 * Unboxing for generated {@code fromValues} code: a primitive field whose value is absent on this shard
 * (a contracted deprecated column with no default) reads as the primitive's zero.
 */
public final class Values {
  private Values() {}

  public static int intValue(Object v) {
    return v == null ? 0 : ((Number) v).intValue();
  }

  public static long longValue(Object v) {
    return v == null ? 0L : ((Number) v).longValue();
  }

  public static double doubleValue(Object v) {
    return v == null ? 0.0 : ((Number) v).doubleValue();
  }

  public static boolean booleanValue(Object v) {
    return v != null && (Boolean) v;
  }
}
