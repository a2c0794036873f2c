package dev.crossfade.schema;

import static dev.crossfade.schema.SampleModel.AUDIT_ENTRY;
import static dev.crossfade.schema.SampleModel.CONVERTER;
import static dev.crossfade.schema.SampleModel.HOST;
import static dev.crossfade.schema.SampleModel.HOST_NETWORK;
import static dev.crossfade.schema.SampleModel.V1;
import static dev.crossfade.schema.SampleModel.V2;
import static dev.crossfade.schema.SampleModel.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.SchemaModel.Move;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaModelTest {
  private static final Version V3 = Version.parse("3.0");
  private final SchemaModel model = SampleModel.model();

  private EntityDef entity(String className) {
    return model.entity(className).orElseThrow();
  }

  private FieldDef fieldOf(String className, String name) {
    return entity(className).field(name).orElseThrow();
  }

  private static EntityDef entity(String table, Version since, Version deprecatedIn, FieldDef... fields) {
    return new EntityDef("com.example." + table, table, since, deprecatedIn, List.of(fields));
  }

  private static FieldDef id() {
    return SampleModel.with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id();
  }

  @Test
  void entitiesAreSortedByTableWhateverTheInputOrder() {
    assertEquals(List.of("audit_entry", "host", "host_network"),
        model.entities().stream().map(EntityDef::table).toList());
    SchemaModel reversed = new SchemaModel(V2, V1,
        List.of(SampleModel.hostNetwork(), SampleModel.host(false, null), SampleModel.auditEntry()));
    assertEquals(model.entities(), reversed.entities());
    assertEquals(model, reversed);
  }

  @Test
  void entitiesListIsImmutable() {
    assertThrows(UnsupportedOperationException.class, () -> model.entities().clear());
    assertThrows(UnsupportedOperationException.class, () -> entity(HOST).fields().clear());
  }

  @Test
  void entitiesAreFoundByClassNameAndByTable() {
    assertEquals("host_network", entity(HOST_NETWORK).table());
    assertEquals(HOST, model.table("host").orElseThrow().className());
    assertEquals(Optional.empty(), model.entity("com.example.Missing"));
    assertEquals(Optional.empty(), model.table("missing"));
  }

  @Test
  void entityKnowsItsIdAndSimpleName() {
    assertEquals("hostId", entity(HOST_NETWORK).id().name());
    assertEquals("HostNetwork", entity(HOST_NETWORK).simpleName());
    assertEquals("Plain", new EntityDef("Plain", "plain", null, null, List.of(id())).simpleName());
    assertEquals(Optional.empty(), entity(HOST).field("nope"));
  }

  @Test
  void entityWithoutIdFailsNamingTheClass() {
    EntityDef noId = entity("no_id", null, null, field("x", "x", JavaKind.INT, false, null, null, null));
    IllegalStateException e = assertThrows(IllegalStateException.class, noId::id);
    assertTrue(e.getMessage().contains("com.example.no_id"), e.getMessage());
    assertTrue(e.getMessage().contains("@Id"), e.getMessage());
  }

  @Test
  void fieldAndMoveReportDefaultsAndConverters() {
    assertTrue(fieldOf(HOST, "cpuCount").hasDefault());
    assertFalse(fieldOf(HOST, "hostname").hasDefault());
    assertTrue(fieldOf(HOST, "memoryMb").move().converted());
    assertFalse(fieldOf(HOST, "name").move().converted());
  }

  @Test
  void tableSinceIsItsOwnSinceOrTheBaseline() {
    assertEquals(V1, model.sinceOf(entity(HOST)));
    assertEquals(V1, model.sinceOf(entity(AUDIT_ENTRY)));
    assertEquals(V2, model.sinceOf(entity(HOST_NETWORK)));
  }

  @Test
  void fieldSinceIsItsOwnSinceElseItsTables() {
    assertEquals(V1, model.sinceOf(entity(HOST), fieldOf(HOST, "name")));
    assertEquals(V2, model.sinceOf(entity(HOST), fieldOf(HOST, "hostname")));
    assertEquals(V2, model.sinceOf(entity(HOST_NETWORK), fieldOf(HOST_NETWORK, "ipAddress")));
  }

  @Test
  void fieldCannotBeOlderThanItsTable() {
    FieldDef early = field("early", "early", JavaKind.INT, true, null, V1, null);
    EntityDef table = entity("late", V2, null, id(), early);
    SchemaModel m = new SchemaModel(V2, V1, List.of(table));
    assertEquals(V2, m.sinceOf(table, early));
  }

  @Test
  void deprecatedInIsTheFieldsOrTheTablesWhicheverComesFirst() {
    FieldDef plain = field("a", "a", JavaKind.INT, true, null, null, null);
    FieldDef in2 = field("b", "b", JavaKind.INT, true, null, null, V2);
    FieldDef in3 = field("c", "c", JavaKind.INT, true, null, null, V3);
    EntityDef live = entity("live", null, null, id(), plain, in2);
    EntityDef dying = entity("dying", null, V2, id(), plain, in3);
    SchemaModel m = new SchemaModel(V3, V1, List.of(live, dying));

    assertNull(m.deprecatedInOf(live, plain));
    assertEquals(V2, m.deprecatedInOf(live, in2));
    assertEquals(V2, m.deprecatedInOf(dying, plain));
    assertEquals(V2, m.deprecatedInOf(dying, in3));

    EntityDef dyingLate = entity("dying_late", null, V3, id(), in2);
    assertEquals(V2, m.deprecatedInOf(dyingLate, in2));
  }

  @Test
  void releasesRunFromTheBaselineToTheCodesReleaseInOrder() {
    assertEquals(List.of(V1, V2), List.copyOf(model.releases()));
  }

  @Test
  void releasesOutsideBaselineAndCodeReleaseAreExcluded() {
    Version older = Version.parse("0.9");
    Version newer = Version.parse("2.1");
    Version middle = Version.parse("1.5");
    EntityDef e = entity("t", null, null, id(),
        field("a", "a", JavaKind.INT, true, null, older, null),
        field("b", "b", JavaKind.INT, true, null, middle, null),
        field("c", "c", JavaKind.INT, true, null, newer, null),
        field("d", "d", JavaKind.INT, true, null, null, newer),
        field("e", "e", JavaKind.INT, true, null, null, Version.parse("0.5")));
    EntityDef future = entity("future", Version.parse("4.0"), null, id());
    SchemaModel m = new SchemaModel(V2, V1, List.of(e, future));
    assertEquals(List.of(V1, middle), List.copyOf(m.releases()));
  }

  @Test
  void releasesIncludeTheCodesReleaseWhenSomethingChangesInIt() {
    Version r = Version.parse("2.10");
    EntityDef e = entity("t", null, null, id(), field("a", "a", JavaKind.INT, true, null, r, null),
        field("b", "b", JavaKind.INT, true, null, Version.parse("2.9"), null));
    SchemaModel m = new SchemaModel(r, V1, List.of(e));
    assertEquals(List.of(V1, Version.parse("2.9"), r), List.copyOf(m.releases()));
  }

  @Test
  void releasesTreatNumericallyEqualSpellingsAsOneRelease() {
    EntityDef e = entity("t", Version.parse("2"), null, id(),
        field("a", "a", JavaKind.INT, true, null, Version.parse("2.0.0"), null));
    SchemaModel m = new SchemaModel(V2, V1, List.of(e));
    assertEquals(2, m.releases().size());
  }

  @Test
  void baselineOnlyModelHasOneRelease() {
    SchemaModel m = new SchemaModel(V1, V1, List.of(entity("t", null, null, id())));
    assertEquals(List.of(V1), List.copyOf(m.releases()));
  }

  @Test
  void movesOfAReleaseFollowSourceTableAndDeclarationOrder() {
    List<Move> moves = model.movesIn(V2);
    assertEquals(List.of("name", "ip", "memoryMb"), moves.stream().map(m -> m.field().name()).toList());
    assertEquals(List.of("hostname", "ipAddress", "memoryBytes"),
        moves.stream().map(m -> m.targetField().name()).toList());
    assertEquals(List.of(true, false, true), moves.stream().map(Move::sameTable).toList());
    assertEquals(java.util.Arrays.asList(null, null, CONVERTER), moves.stream().map(Move::converter).toList());
    moves.forEach(m -> assertEquals(V2, m.release()));
  }

  @Test
  void releasesWithoutMovesHaveNone() {
    assertEquals(List.of(), model.movesIn(V1));
    assertEquals(List.of(), model.movesIn(V3));
  }

  @Test
  void movesInMatchesNumericallyEqualReleases() {
    assertEquals(3, model.movesIn(Version.parse("2")).size());
  }

  @Test
  void unresolvedMoveTargetsFailNamingTheTarget() {
    FieldDef lost = SampleModel.with(field("x", "x", JavaKind.INT, true, null, null, V2))
        .movedTo("com.example.Gone", "y", null);
    SchemaModel m = new SchemaModel(V2, V1, List.of(entity("t", null, null, id(), lost)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.movesIn(V2));
    assertTrue(e.getMessage().contains("com.example.Gone"), e.getMessage());

    FieldDef lostField = SampleModel.with(field("x", "x", JavaKind.INT, true, null, null, V2))
        .movedTo("com.example.t", "nope", null);
    SchemaModel m2 = new SchemaModel(V2, V1, List.of(entity("t", null, null, id(), lostField)));
    IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> m2.movesIn(V2));
    assertTrue(e2.getMessage().contains("nope"), e2.getMessage());
  }

  @Test
  void moveIntoFindsTheFieldThatFillsATarget() {
    assertEquals("name", model.moveInto(entity(HOST), fieldOf(HOST, "hostname")).orElseThrow().field().name());
    assertEquals("ip", model.moveInto(entity(HOST_NETWORK), fieldOf(HOST_NETWORK, "ipAddress")).orElseThrow()
        .field().name());
    assertEquals("memoryMb", model.moveInto(entity(HOST), fieldOf(HOST, "memoryBytes")).orElseThrow()
        .field().name());
  }

  @Test
  void moveIntoIsEmptyForFieldsNoMoveFills() {
    assertEquals(Optional.empty(), model.moveInto(entity(HOST), fieldOf(HOST, "cpuCount")));
    assertEquals(Optional.empty(), model.moveInto(entity(HOST), fieldOf(HOST, "name")));
    assertEquals(Optional.empty(), model.moveInto(entity(HOST_NETWORK), fieldOf(HOST_NETWORK, "hostId")));
  }

  @Test
  void moveIntoIgnoresMovesOfReleasesAfterTheCodesRelease() {
    FieldDef target = field("b", "b", JavaKind.INT, true, null, V2, null);
    FieldDef source = SampleModel.with(field("a", "a", JavaKind.INT, true, null, null, V3))
        .movedTo("com.example.t", "b", null);
    EntityDef t = entity("t", null, null, id(), source, target);
    SchemaModel m = new SchemaModel(V2, V1, List.of(t));
    assertEquals(Optional.empty(), m.moveInto(t, target));
  }
}
