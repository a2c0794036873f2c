package dev.crossfade.schema.plan;

import dev.crossfade.schema.Phase;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a field changed by release R is read from and written to, by R's code and by the previous
 * release's code, in each phase of R (DESIGN section 4). The plan prints it; the repositories follow it.
 *
 * @param read where a read takes the value from; null when the code refuses the shard
 * @param write where a write goes; empty with {@code refused} when the code may not write the shard
 * @param refused true when the code cannot serve this shard in this phase at all (reads included) or may not write
 */
public record FieldAccess(Place read, Set<Place> write, boolean refused) {
  /** The old column or table, the new one, or the declared default because neither applies. */
  public enum Place {
    OLD,
    NEW,
    DEFAULT
  }

  /** How release R changed the field. */
  public enum ChangeKind {
    /** Created by R: {@code @Since(R)} field, or any field of a table {@code @Since(R)}. */
    ADDED,
    /** {@code @DeprecatedIn(R) @MovedTo(…)}. */
    MOVED,
    /** {@code @DeprecatedIn(R)} without a move, or a field of a table deprecated in R. */
    DEPRECATED
  }

  /** Access by the code of release R itself. */
  public static FieldAccess current(ChangeKind kind, Phase phase) {
    return switch (kind) {
      case ADDED -> phase.atLeast(Phase.EXPANDED)
          ? new FieldAccess(Place.NEW, EnumSet.of(Place.NEW), false)
          : new FieldAccess(Place.DEFAULT, EnumSet.noneOf(Place.class), false);
      case MOVED -> {
        Set<Place> write = EnumSet.noneOf(Place.class);
        if (!phase.atLeast(Phase.CONTRACTING)) {
          write.add(Place.OLD);
        }
        if (phase.atLeast(Phase.EXPANDED)) {
          write.add(Place.NEW);
        }
        yield new FieldAccess(phase.atLeast(Phase.MIGRATED) ? Place.NEW : Place.OLD, write, false);
      }
      case DEPRECATED -> new FieldAccess(phase == Phase.CONTRACTED ? Place.DEFAULT : Place.OLD,
          phase.atLeast(Phase.CONTRACTING) ? EnumSet.noneOf(Place.class) : EnumSet.of(Place.OLD), false);
    };
  }

  /**
   * Access by the code of the release before R, which knows only the old layout: it may write until R's
   * MIGRATING raises {@code min_writer_release}, and is refused once R is CONTRACTING. A field R adds is
   * unknown to it; the database fills its default.
   */
  public static FieldAccess previous(ChangeKind kind, Phase phase) {
    if (phase.atLeast(Phase.CONTRACTING)) {
      return new FieldAccess(null, EnumSet.noneOf(Place.class), true);
    }
    if (kind == ChangeKind.ADDED) {
      return new FieldAccess(null, EnumSet.noneOf(Place.class), false);
    }
    boolean mayWrite = !phase.atLeast(Phase.MIGRATING);
    return new FieldAccess(Place.OLD, mayWrite ? EnumSet.of(Place.OLD) : EnumSet.noneOf(Place.class), !mayWrite);
  }
}
