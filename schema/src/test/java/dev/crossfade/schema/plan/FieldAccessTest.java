package dev.crossfade.schema.plan;

import static dev.crossfade.schema.plan.FieldAccess.Place.DEFAULT;
import static dev.crossfade.schema.plan.FieldAccess.Place.NEW;
import static dev.crossfade.schema.plan.FieldAccess.Place.OLD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.plan.FieldAccess.ChangeKind;
import dev.crossfade.schema.plan.FieldAccess.Place;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** DESIGN section 4, phase by phase, for the release's own code and for the previous release's code. */
class FieldAccessTest {

  private static FieldAccess access(Place read, Set<Place> write, boolean refused) {
    return new FieldAccess(read, write, refused);
  }

  private static Set<Place> none() {
    return EnumSet.noneOf(Place.class);
  }

  private static void expect(FieldAccess expected, FieldAccess actual, String what) {
    assertEquals(expected.read(), actual.read(), what + " read");
    assertEquals(expected.write(), actual.write(), what + " write");
    assertEquals(expected.refused(), actual.refused(), what + " refused");
  }

  @Test
  void addedFieldIsReadAndWrittenInItsNewPlaceFromExpanded() {
    expect(access(DEFAULT, none(), false), FieldAccess.current(ChangeKind.ADDED, Phase.PENDING), "PENDING");
    for (Phase p : EnumSet.range(Phase.EXPANDED, Phase.CONTRACTED)) {
      expect(access(NEW, EnumSet.of(NEW), false), FieldAccess.current(ChangeKind.ADDED, p), p.name());
    }
  }

  @Test
  void movedFieldIsWrittenToOldAndNewFromExpandedUntilContractingAndReadFromNewFromMigrated() {
    expect(access(OLD, EnumSet.of(OLD), false), FieldAccess.current(ChangeKind.MOVED, Phase.PENDING), "PENDING");
    expect(access(OLD, EnumSet.of(OLD, NEW), false),
        FieldAccess.current(ChangeKind.MOVED, Phase.EXPANDED), "EXPANDED");
    expect(access(OLD, EnumSet.of(OLD, NEW), false),
        FieldAccess.current(ChangeKind.MOVED, Phase.MIGRATING), "MIGRATING");
    expect(access(NEW, EnumSet.of(OLD, NEW), false),
        FieldAccess.current(ChangeKind.MOVED, Phase.MIGRATED), "MIGRATED");
    expect(access(NEW, EnumSet.of(NEW), false),
        FieldAccess.current(ChangeKind.MOVED, Phase.CONTRACTING), "CONTRACTING");
    expect(access(NEW, EnumSet.of(NEW), false),
        FieldAccess.current(ChangeKind.MOVED, Phase.CONTRACTED), "CONTRACTED");
  }

  @Test
  void deprecatedFieldIsStillWrittenUntilContractingSoOlderServersNeverReadAHole() {
    for (Phase p : EnumSet.range(Phase.PENDING, Phase.MIGRATED)) {
      expect(access(OLD, EnumSet.of(OLD), false), FieldAccess.current(ChangeKind.DEPRECATED, p), p.name());
    }
    expect(access(OLD, none(), false),
        FieldAccess.current(ChangeKind.DEPRECATED, Phase.CONTRACTING), "CONTRACTING");
    expect(access(DEFAULT, none(), false),
        FieldAccess.current(ChangeKind.DEPRECATED, Phase.CONTRACTED), "CONTRACTED");
  }

  @ParameterizedTest
  @EnumSource(ChangeKind.class)
  void theReleasesOwnCodeIsNeverRefused(ChangeKind kind) {
    for (Phase p : Phase.values()) {
      FieldAccess a = FieldAccess.current(kind, p);
      assertFalse(a.refused(), kind + " " + p);
      assertTrue(a.read() != null, kind + " " + p);
    }
  }

  @ParameterizedTest
  @EnumSource(value = ChangeKind.class, names = {"MOVED", "DEPRECATED"})
  void previousReleaseReadsAndWritesTheOldPlaceWhileItMayStillWrite(ChangeKind kind) {
    expect(access(OLD, EnumSet.of(OLD), false), FieldAccess.previous(kind, Phase.PENDING), "PENDING");
    expect(access(OLD, EnumSet.of(OLD), false), FieldAccess.previous(kind, Phase.EXPANDED), "EXPANDED");
  }

  @ParameterizedTest
  @EnumSource(value = ChangeKind.class, names = {"MOVED", "DEPRECATED"})
  void previousReleaseIsRefusedWritesFromMigratingButStillReadsTheOldPlace(ChangeKind kind) {
    expect(access(OLD, none(), true), FieldAccess.previous(kind, Phase.MIGRATING), "MIGRATING");
    expect(access(OLD, none(), true), FieldAccess.previous(kind, Phase.MIGRATED), "MIGRATED");
  }

  @ParameterizedTest
  @EnumSource(ChangeKind.class)
  void previousReleaseIsRefusedEntirelyFromContracting(ChangeKind kind) {
    for (Phase p : EnumSet.of(Phase.CONTRACTING, Phase.CONTRACTED)) {
      FieldAccess a = FieldAccess.previous(kind, p);
      assertNull(a.read(), kind + " " + p);
      assertTrue(a.write().isEmpty(), kind + " " + p);
      assertTrue(a.refused(), kind + " " + p);
    }
  }

  @Test
  void previousReleaseDoesNotKnowAFieldTheReleaseAdds() {
    for (Phase p : EnumSet.range(Phase.PENDING, Phase.MIGRATED)) {
      FieldAccess a = FieldAccess.previous(ChangeKind.ADDED, p);
      assertNull(a.read(), p.name());
      assertTrue(a.write().isEmpty(), p.name());
      assertFalse(a.refused(), p.name());
    }
  }

  @ParameterizedTest
  @EnumSource(ChangeKind.class)
  void previousReleaseNeverTouchesTheNewPlace(ChangeKind kind) {
    for (Phase p : Phase.values()) {
      FieldAccess a = FieldAccess.previous(kind, p);
      assertFalse(a.read() == NEW || a.write().contains(NEW), kind + " " + p);
    }
  }

  @Test
  void theOldPlaceStaysCurrentWheneverAnOlderServerMayReadIt() {
    // Until CONTRACTING, the previous release may read OLD; some writer must then keep OLD current.
    for (ChangeKind kind : EnumSet.of(ChangeKind.MOVED, ChangeKind.DEPRECATED)) {
      for (Phase p : EnumSet.range(Phase.PENDING, Phase.MIGRATED)) {
        assertEquals(OLD, FieldAccess.previous(kind, p).read(), kind + " " + p);
        assertTrue(FieldAccess.current(kind, p).write().contains(OLD), kind + " " + p);
      }
    }
  }
}
