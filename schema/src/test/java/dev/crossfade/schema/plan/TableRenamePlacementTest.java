package dev.crossfade.schema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.MoveDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.Version;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The placement rule of a table rename (issue 17), phase by phase of release 2.0: {@code note} renamed to
 * {@code customer_note}, its {@code body} to {@code text}. The new entity's rows are the old table's while it holds
 * the truth; a save keeps whole rows of both tables current until CONTRACTING; a delete removes both. While 2.0 is
 * PENDING the old table is the only place: the new entity saves and deletes there alone.
 */
class TableRenamePlacementTest {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final String NOTE = "crm.Note";
  static final String CUSTOMER_NOTE = "crm.CustomerNote";

  static FieldDef field(String name, String column, boolean id, MoveDef move) {
    return new FieldDef(name, column, id ? JavaKind.LONG_PRIMITIVE : JavaKind.STRING, id ? "long" : "java.lang.String",
        id ? SqlType.of(JavaKind.LONG_PRIMITIVE, 0, 0, 0) : SqlType.of(JavaKind.STRING, 200, 0, 0), !id, null, false,
        false, id, null, move == null ? null : V2, move);
  }

  static final SchemaModel MODEL = new SchemaModel(V2, V1, List.of(
      new EntityDef(NOTE, "note", null, V2, List.of(field("id", "id", true, null),
          field("body", "body", false, new MoveDef(CUSTOMER_NOTE, "text", null)))),
      new EntityDef(CUSTOMER_NOTE, "customer_note", V2, null, List.of(field("id", "id", true, null),
          field("text", "text", false, null)))));

  static Placement at(String entity, Phase phase) {
    return Placement.of(MODEL, MODEL.entity(entity).orElseThrow(), v -> v.isBefore(V2) ? Phase.CONTRACTED
        : v.equals(V2) ? phase : Phase.PENDING);
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void theNewEntityIsDrivenByTheOldTableUntilMigratedAndWritesWholeRowsOfBothUntilContracting(Phase phase) {
    Placement p = at(CUSTOMER_NOTE, phase);
    boolean oldTruth = !phase.atLeast(Phase.MIGRATED);
    assertEquals(oldTruth ? "note" : "customer_note", p.driver().table());
    assertEquals(oldTruth ? "note.body" : "customer_note.text", p.field("text").read().column().toString());
    assertEquals(oldTruth ? Placement.Role.OLD_TABLE : Placement.Role.OWN, p.field("id").read().role());
    assertNull(p.unwritable(), "the new entity is writable wherever the release runs");
    assertEquals(phase != Phase.PENDING, p.ownRow(), "customer_note has rows once expand created it");
    List<String> writes = p.datums().get(p.field("text").datum()).writes().stream()
        .map(w -> w.column() + " " + w.role()).toList();
    List<String> deletes = p.deletes().stream().map(d -> d.table().table() + (d.clear() == null ? "" : " clear"))
        .toList();
    if (phase == Phase.PENDING) {
      assertEquals(List.of("note.body OLD_TABLE"), writes, "the old table is the datum's only place");
      assertEquals(List.of("note"), deletes);
    } else if (phase.atLeast(Phase.CONTRACTING)) {
      assertEquals(List.of("customer_note.text OWN"), writes);
      assertEquals(List.of("customer_note"), deletes);
    } else {
      assertEquals(List.of("note.body OLD_TABLE", "customer_note.text OWN"), writes);
      assertEquals(List.of("note", "customer_note"), deletes, "the old row goes too, not just its columns");
    }
  }

  @Test
  void onPendingAFieldTheOldTableLacksReadsItsDefaultAndRefusesAnyOtherValue() {
    List<FieldDef> fields = new java.util.ArrayList<>(MODEL.entity(CUSTOMER_NOTE).orElseThrow().fields());
    fields.add(field("tag", "tag", false, null));
    SchemaModel model = new SchemaModel(V2, V1, List.of(MODEL.entity(NOTE).orElseThrow(),
        new EntityDef(CUSTOMER_NOTE, "customer_note", V2, null, fields)));
    Placement p = Placement.of(model, model.entity(CUSTOMER_NOTE).orElseThrow(),
        v -> v.isBefore(V2) ? Phase.CONTRACTED : Phase.PENDING);
    assertNull(p.unwritable());
    Placement.FieldPlacement tag = p.field("tag");
    assertEquals(true, tag.read().isDefault());
    assertEquals(V2, tag.unexpandedBy(), "a non-default value is refused, never dropped");
    assertEquals(List.of(), p.datums().get(tag.datum()).writes());
    assertEquals(true, p.field("text").supported());
  }

  @Test
  void theRenameIsRecognisedFromTheMovesAndNeedsNoForeignKey() {
    assertEquals("customer_note", MODEL.renamedTo(MODEL.entity(NOTE).orElseThrow()).orElseThrow().table());
    assertEquals("note", MODEL.renamedFrom(MODEL.entity(CUSTOMER_NOTE).orElseThrow()).orElseThrow().table());
    ReleasePlan plan = new MigrationPlanner(MODEL).plan(V2);
    Change.CreateTable create = (Change.CreateTable) plan.expand().get(0);
    assertNull(create.parent(), "no key to a table the contract drops while new rows keep coming");
    assertEquals(true, plan.backfill().get(0).tableRename());
    assertEquals(List.of("DropTable"), plan.contract().stream().map(c -> c.getClass().getSimpleName()).toList());
  }
}
