package dev.crossfade;

/**
 * Converts a moved field's value between its old type and its new type. Both directions are needed:
 * {@link #toNew} for the backfill and for reads of the new field from shards that still hold only the old
 * column, {@link #toOld} to keep the old column current for servers of the previous release.
 *
 * <pre>{@code
 * public final class MegabytesToBytes implements Converter<Integer, Long> {
 *   public Long toNew(Integer mb) { return mb == null ? null : mb * 1_048_576L; }
 *   public Integer toOld(Long bytes) { return bytes == null ? null : Math.toIntExact(bytes / 1_048_576L); }
 * }
 * }</pre>
 *
 * <p>Implementations need a public no-argument constructor and must be stateless.
 *
 * @param <O> the old field's type (boxed)
 * @param <N> the new field's type (boxed)
 */
public interface Converter<O, N> {
  /** The old value as the new type. */
  N toNew(O oldValue);

  /** The new value as the old type, for servers of the previous release. */
  O toOld(N newValue);

  /** The default of {@link MovedTo#converter()}: no conversion, the types must match. */
  final class None implements Converter<Object, Object> {
    private None() {}

    @Override
    public Object toNew(Object oldValue) {
      return oldValue;
    }

    @Override
    public Object toOld(Object newValue) {
      return newValue;
    }
  }
}
