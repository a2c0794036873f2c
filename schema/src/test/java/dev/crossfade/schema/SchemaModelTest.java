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

  /**
   * {@code moveInto} and {@code movesIn} are indexed rather than rescanned per call (the processor asks once per
   * column of a large domain); they must answer exactly what the definitions say: the moves of a release in
   * source table and declaration order, and for a target the move of the earliest release in the window.
   */
  @Test
  void lookupsAnswerWhatTheDefinitionsSay() {
    Version v4 = Version.parse("4.0");
    Version v0 = Version.parse("0.5");
    // "a_first" moves into "z_last".b in 3.0 and "m_mid" moves into the same column in 2.0: 2.0 wins although
    // it is declared later in table order. "z_last".c is filled in 0.5 (before the baseline) and 4.0 (after the
    // code's release): neither counts. "z_last".a renames within its table in 2.0.
    EntityDef first = entity("a_first", null, null, id(),
        SampleModel.with(field("x", "x", JavaKind.INT, true, null, null, V3)).movedTo("com.example.z_last", "b", null),
        SampleModel.with(field("y", "y", JavaKind.INT, true, null, null, v4)).movedTo("com.example.z_last", "c", null));
    EntityDef mid = entity("m_mid", null, null, id(),
        SampleModel.with(field("x", "x", JavaKind.INT, true, null, null, V2)).movedTo("com.example.z_last", "b", null),
        SampleModel.with(field("w", "w", JavaKind.INT, true, null, null, v0)).movedTo("com.example.z_last", "c", null));
    EntityDef last = entity("z_last", V2, null, id(),
        SampleModel.with(field("old", "old", JavaKind.INT, true, null, V2, V3)).movedTo("com.example.z_last", "a", "x.C"),
        field("a", "a", JavaKind.INT, true, null, V3, null),
        field("b", "b", JavaKind.INT, true, null, null, null),
        field("c", "c", JavaKind.INT, true, null, null, null));
    SchemaModel m = new SchemaModel(V3, V1, List.of(last, mid, first));
    for (Version r : List.of(v0, V1, V2, V3, v4)) {
      assertEquals(naiveMovesIn(m, r), m.movesIn(r), "movesIn " + r);
    }
    for (EntityDef e : m.entities()) {
      for (FieldDef f : e.fields()) {
        assertEquals(naiveMoveInto(m, e, f), m.moveInto(e, f), "moveInto " + e.table() + "." + f.name());
      }
    }
    EntityDef z = m.table("z_last").orElseThrow();
    assertEquals("m_mid", m.moveInto(z, z.field("b").orElseThrow()).orElseThrow().source().table());
    assertEquals(Optional.empty(), m.moveInto(z, z.field("c").orElseThrow()));
    assertEquals("old", m.moveInto(z, z.field("a").orElseThrow()).orElseThrow().field().name());
    for (EntityDef e : SampleModel.model().entities()) {
      for (FieldDef f : e.fields()) {
        assertEquals(naiveMoveInto(SampleModel.model(), e, f), SampleModel.model().moveInto(e, f));
      }
    }
  }

  @Test
  void moveIntoStillFailsOnAnUnresolvedMoveOfAnEarlierRelease() {
    FieldDef lost = SampleModel.with(field("x", "x", JavaKind.INT, true, null, null, V2))
        .movedTo("com.example.Gone", "y", null);
    FieldDef target = field("b", "b", JavaKind.INT, true, null, V3, null);
    FieldDef source = SampleModel.with(field("a", "a", JavaKind.INT, true, null, null, V3))
        .movedTo("com.example.t", "b", null);
    EntityDef t = entity("t", null, null, id(), lost, source, target);
    SchemaModel m = new SchemaModel(V3, V1, List.of(t));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.moveInto(t, target));
    assertTrue(e.getMessage().contains("com.example.Gone"), e.getMessage());
    // Also when the unresolved move comes after the match in the same release, as movesIn(r) resolves all of r.
    FieldDef lostLater = SampleModel.with(field("z", "z", JavaKind.INT, true, null, null, V3))
        .movedTo("com.example.Gone", "y", null);
    EntityDef t2 = entity("t", null, null, id(), source, target, lostLater);
    SchemaModel m2 = new SchemaModel(V3, V1, List.of(t2));
    assertThrows(IllegalStateException.class, () -> m2.moveInto(t2, target));
  }

  /** The definition of {@link SchemaModel#movesIn}, written the slow, obvious way. */
  private static List<Move> naiveMovesIn(SchemaModel m, Version r) {
    List<Move> moves = new java.util.ArrayList<>();
    for (EntityDef e : m.entities()) {
      for (FieldDef f : e.fields()) {
        if (f.move() != null && r.equals(f.deprecatedIn())) {
          EntityDef target = m.entity(f.move().targetEntity()).orElseThrow();
          moves.add(new Move(e, f, target, target.field(f.move().targetField()).orElseThrow(), r));
        }
      }
    }
    return moves;
  }

  /** The definition of {@link SchemaModel#moveInto}: the first matching move, release by release. */
  private static Optional<Move> naiveMoveInto(SchemaModel m, EntityDef target, FieldDef targetField) {
    for (Version r : m.releases()) {
      for (Move mv : naiveMovesIn(m, r)) {
        if (mv.target().table().equals(target.table()) && mv.targetField().name().equals(targetField.name())) {
          return Optional.of(mv);
        }
      }
    }
    return Optional.empty();
  }
}
