package dev.crossfade.schema.plan;

import static dev.crossfade.schema.SampleModel.V1;
import static dev.crossfade.schema.SampleModel.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.EnumConstant;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DESIGN section 4 as the placement model encodes it, phase by phase of release 2.0, on the hand-built sample
 * history ({@link SampleModel}), plus a rename across two releases: where each field is read, where its datum is
 * written, and what is refused.
 */
class PlacementTest {
  static final SchemaModel MODEL = SampleModel.model();

  static Placement at(SchemaModel model, String entity, Phase phase) {
    EntityDef e = model.entity(entity).orElseThrow();
    return Placement.of(model, e, v -> v.isBefore(V2) ? Phase.CONTRACTED : v.equals(V2) ? phase : Phase.PENDING);
  }

  static String read(Placement p, String field) {
    Placement.Read r = p.field(field).read();
    return r.isDefault() ? "default" : r.column().toString();
  }

  static List<String> writes(Placement p, String field) {
    return p.datums().get(p.field(field).datum()).writes().stream().map(w -> w.column().toString()).toList();
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void anAddedFieldIsReadAndWrittenInItsColumnFromExpandedAndRefusesAValueBefore(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST, phase);
    boolean there = phase.atLeast(Phase.EXPANDED);
    assertEquals(there ? "host.cpu_count" : "default", read(p, "cpuCount"));
    assertEquals(there ? List.of("host.cpu_count") : List.of(), writes(p, "cpuCount"));
    assertEquals(there ? null : V2, p.field("cpuCount").unexpandedBy());
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aRenameIsOneDatumReadFromTheOldColumnUntilMigratedAndWrittenWhereverItExists(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST, phase);
    String truth = phase.atLeast(Phase.MIGRATED) ? "host.hostname" : "host.name";
    assertEquals(truth, read(p, "name"));
    assertEquals(truth, read(p, "hostname"), "the new field reads the same datum");
    assertEquals(p.field("name").datum(), p.field("hostname").datum());
    List<String> expected = phase == Phase.PENDING ? List.of("host.name")
        : phase.atLeast(Phase.CONTRACTING) ? List.of("host.hostname") : List.of("host.name", "host.hostname");
    assertEquals(expected, writes(p, "hostname"));
    assertTrue(p.field("hostname").supported(), "the datum has a place in every phase, so the field is supported");
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aTypeChangeConvertsOnTheWayToEachPlace(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST, phase);
    Placement.Read bytes = p.field("memoryBytes").read();
    if (phase.atLeast(Phase.MIGRATED)) {
      assertEquals(List.of(), bytes.steps());
      assertEquals(List.of(new Placement.Step(SampleModel.CONVERTER, false)), p.field("memoryMb").read().steps());
    } else {
      assertEquals(List.of(new Placement.Step(SampleModel.CONVERTER, true)), bytes.steps());
    }
    Placement.Datum d = p.datums().get(p.field("memoryMb").datum());
    for (Placement.Write w : d.writes()) {
      // Written from the carrier, memoryBytes: the old column takes toOld, the new one the value itself.
      assertEquals(w.column().column().equals("memory_mb") ? List.of(new Placement.Step(SampleModel.CONVERTER, false))
          : List.of(), w.steps(), w.column().toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aDeprecatedFieldIsWrittenUntilContractingAndThenReadsItsDefault(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST, phase);
    boolean live = !phase.atLeast(Phase.CONTRACTING);
    assertEquals(live ? "host.rack" : "default", read(p, "rack"));
    assertEquals(live ? List.of("host.rack") : List.of(), writes(p, "rack"));
    assertTrue(p.field("rack").supported(), "a dropped field is not an unexpanded one");
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aSplitOffEntityIsDrivenByItsParentUntilMigrated(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST_NETWORK, phase);
    boolean parent = !phase.atLeast(Phase.MIGRATED);
    assertNull(p.absent(), "every host is a HostNetwork in every phase");
    assertEquals(parent ? "host" : "host_network", p.driver().table());
    assertEquals(parent ? "host.ip" : "host_network.ip_address", read(p, "ipAddress"));
    assertEquals(parent ? "host.id" : "host_network.host_id", read(p, "hostId"));
    assertEquals(phase == Phase.PENDING, p.unwritable() != null, "no table to write at PENDING");
    if (phase != Phase.PENDING) {
      List<String> expected = phase.atLeast(Phase.CONTRACTING) ? List.of("host_network.ip_address")
          : List.of("host.ip", "host_network.ip_address");
      assertEquals(expected, writes(p, "ipAddress"));
      assertEquals(Placement.Role.PARENT.equals(p.datums().get(p.field("ipAddress").datum()).writes().get(0).role()),
          !phase.atLeast(Phase.CONTRACTING));
    }
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void theSourceOfASplitWritesTheChildRowFromExpandedAndReadsItFromMigrated(Phase phase) {
    Placement p = at(MODEL, SampleModel.HOST, phase);
    assertEquals(phase.atLeast(Phase.MIGRATED) ? "host_network.ip_address" : "host.ip", read(p, "ip"));
    boolean child = phase.atLeast(Phase.EXPANDED);
    assertEquals(child, p.deletes().stream().anyMatch(d -> d.table().table().equals("host_network")),
        "a delete removes the split-off row where its table exists");
    assertEquals(child ? Placement.Role.CHILD : null, p.datums().get(p.field("ip").datum()).writes().stream()
        .filter(w -> w.column().table().equals("host_network")).map(Placement.Write::role).findFirst().orElse(null));
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aDeprecatedTableIsAbsentFromContracting(Phase phase) {
    Placement p = at(MODEL, SampleModel.AUDIT_ENTRY, phase);
    assertEquals(phase.atLeast(Phase.CONTRACTING), p.absent() != null);
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aFieldRenamedTwiceFollowsTheChainToItsSourceOfTruth(Phase phase2) {
    // label (1.0) -> display_name (2.0) -> title (3.0): release 3.0's view, with 2.0 in any phase and 3.0 pending,
    // then 2.0 contracted and 3.0 in the same phase.
    Version v3 = Version.parse("3.0");
    EntityDef device = new EntityDef("x.Device", "device", null, null, List.of(
        SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        SampleModel.with(SampleModel.field("label", "label", JavaKind.STRING, true, null, null, V2))
            .movedTo("x.Device", "displayName", null),
        SampleModel.with(SampleModel.field("displayName", "display_name", JavaKind.STRING, true, null, V2, v3))
            .movedTo("x.Device", "title", null),
        SampleModel.field("title", "title", JavaKind.STRING, true, null, v3, null)));
    SchemaModel model = new SchemaModel(v3, V1, List.of(device));
    Placement during2 = Placement.of(model, device, v -> v.equals(V2) ? phase2 : v.isBefore(V2) ? Phase.CONTRACTED
        : Phase.PENDING);
    String truth = phase2.atLeast(Phase.MIGRATED) ? "device.display_name" : "device.label";
    assertEquals(truth, read(during2, "title"));
    assertEquals(truth, read(during2, "label"));
    List<String> places = writes(during2, "title");
    assertEquals(!phase2.atLeast(Phase.CONTRACTING), places.contains("device.label"), places.toString());
    assertEquals(phase2.atLeast(Phase.EXPANDED), places.contains("device.display_name"), places.toString());
    assertFalse(places.contains("device.title"), "3.0 is pending: " + places);

    Placement during3 = Placement.of(model, device, v -> v.equals(v3) ? phase2 : Phase.CONTRACTED);
    assertEquals(phase2.atLeast(Phase.MIGRATED) ? "device.title" : "device.display_name", read(during3, "label"));
    assertNotNull(during3.field("title").read().column());
  }

  /** Device (baseline 1.0) with an enum column {@code status} of x.Status: ACTIVE, RETIRED, @Since 2.0 ARCHIVED. */
  private static SchemaModel enumModel(Version code, Version statusSince) {
    FieldDef status = new FieldDef("status", "status", JavaKind.ENUM, "x.Status", SqlType.of(JavaKind.ENUM, 16, 0, -1),
        true, null, false, false, false, statusSince, null, null, List.of(new EnumConstant("ACTIVE", null),
            new EnumConstant("RETIRED", null), new EnumConstant("ARCHIVED", V2)));
    EntityDef device = new EntityDef("x.Device", "device", null, null, List.of(
        SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        status));
    return new SchemaModel(code, V1, List.of(device));
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aConstantAddedToAnOlderColumnIsWrittenOnlyOnceItsReleaseIsContracted(Phase phase) {
    SchemaModel model = enumModel(V2, null);
    Placement p = at(model, "x.Device", phase);
    // Until 2.0 is CONTRACTED a 1.0 server may read the column (CONTRACTING can still be rolled back to MIGRATED,
    // where a 1.0 server may start again) and fail on ARCHIVED; the older constants are always writable.
    assertEquals(phase == Phase.CONTRACTED ? null : V2, p.field("status").constantWaiting("ARCHIVED"));
    assertNull(p.field("status").constantWaiting("ACTIVE"));
    assertNull(p.field("status").constantWaiting("RETIRED"));
    assertEquals(phase == Phase.CONTRACTED, p.field("status").waitingConstants().isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aConstantAsOldAsItsColumnIsAlwaysWritableBecauseNoOlderServerReadsTheColumn(Phase phase) {
    SchemaModel model = enumModel(V2, V2);
    Placement p = at(model, "x.Device", phase);
    assertEquals(java.util.Map.of(), p.field("status").waitingConstants());
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void aLaterReleaseStillWaitsForTheContractOfTheReleaseThatAddedTheConstant(Phase phase2) {
    Version v3 = Version.parse("3.0");
    SchemaModel model = enumModel(v3, null);
    EntityDef device = model.entity("x.Device").orElseThrow();
    Placement p = Placement.of(model, device, v -> v.equals(V2) ? phase2 : v.isBefore(V2) ? Phase.CONTRACTED
        : Phase.PENDING);
    assertEquals(phase2 == Phase.CONTRACTED ? null : V2, p.field("status").constantWaiting("ARCHIVED"));
  }

  @org.junit.jupiter.api.Test
  void aReleaseThatOnlyAddsAConstantIsAReleaseOfTheModelSoShardsRecordItsPhases() {
    SchemaModel model = enumModel(V2, null);
    assertEquals(List.of(V1, V2), List.copyOf(model.releases()));
    assertEquals(List.of("ACTIVE", "RETIRED"), model.asOf(V1).entity("x.Device").orElseThrow().field("status")
        .orElseThrow().constants().stream().map(EnumConstant::name).toList(), "1.0's code did not have ARCHIVED");
  }
}
