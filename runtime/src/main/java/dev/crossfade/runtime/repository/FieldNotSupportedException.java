package dev.crossfade.runtime.repository;

/**
 * A write needs a field or entity that the shard does not have yet, because the release that adds it is
 * not expanded there (or, for a deprecated entity, is already contracting). The value is not dropped: the
 * write did not happen. Check {@link CrossfadeRepository#supports(String)} first, or expand the shard.
 */
public final class FieldNotSupportedException extends RuntimeException {
  private final String shard;
  private final String field;

  /** A field the shard cannot store yet; the message names the field, the release that adds it and the remedy. */
  public FieldNotSupportedException(String shard, String field, String message) {
    super(message);
    this.shard = shard;
    this.field = field;
  }

  /** The shard that cannot store the field. */
  public String shard() {
    return shard;
  }

  /** {@code Host.cpuCount}, or the entity's simple name when the whole entity is missing. */
  public String field() {
    return field;
  }
}
