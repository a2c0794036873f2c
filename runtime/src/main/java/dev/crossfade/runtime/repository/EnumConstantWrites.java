package dev.crossfade.runtime.repository;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Placement;

/**
 * The write side of the placement model's enum-constant rule ({@link Placement#constantWaiting}): before a save
 * writes anything, a value of a constant that a release added to an older column is refused on a shard where that
 * release is not CONTRACTED yet, because a server older than it may still read the row there and fail on a name
 * it does not know.
 */
final class EnumConstantWrites {
  private EnumConstantWrites() {}

  /**
   * Throws {@link FieldNotSupportedException} naming shard, field, constant, release and the remedy when one of the
   * values (enum values as their names, as the repository binds them) is a constant still waiting on this layout.
   */
  static void check(String shard, EntityDef entity, EntityLayout layout, Object[] values) {
    for (Placement.FieldPlacement p : layout.placement.fields()) {
      if (p.waitingConstants().isEmpty()) {
        continue;
      }
      Object value = values[entity.fields().indexOf(p.field())];
      Version release = value instanceof String name ? p.constantWaiting(name) : null;
      if (release == null) {
        continue;
      }
      String field = entity.simpleName() + "." + p.field().name();
      String constant = p.field().javaType().substring(p.field().javaType().lastIndexOf('.') + 1) + "." + value;
      throw new FieldNotSupportedException(shard, field, field + " = " + constant + " cannot be stored on shard "
          + shard + ": release " + release + " adds the constant and is "
          + layout.phases.getOrDefault(release, Phase.PENDING) + " there, so a server older than " + release
          + " may still read the row and fail on it; nothing was written. Write another value until then, or finish"
          + " release " + release + " on the shard: contract --release " + release);
    }
  }
}
