package dev.crossfade.schema.plan;

import static dev.crossfade.schema.SampleModel.V2;
import static dev.crossfade.schema.SampleModel.field;
import static dev.crossfade.schema.SampleModel.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.MoveDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The 1:N extraction rule of the placement model, phase by phase of release 2.0: customer.phone1 and phone2
 * become rows 1 and 2 of customer_phone(customer_id, slot, number).
 */
class ExtractionPlacementTest {
  static final String CUSTOMER = "x.Customer";
  static final String PHONE = "x.CustomerPhone";

  static SchemaModel model() {
    FieldDef id = with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id();
    FieldDef phone1 = keyed(field("phone1", "phone1", JavaKind.STRING, true, null, null, V2), "1");
    FieldDef phone2 = keyed(field("phone2", "phone2", JavaKind.STRING, true, null, null, V2), "2");
    EntityDef customer = new EntityDef(CUSTOMER, "customer", null, null, List.of(id, phone1, phone2));
    EntityDef phone = new EntityDef(PHONE, "customer_phone", V2, null, List.of(
        with(field("customerId", "customer_id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        with(field("slot", "slot", JavaKind.INT, false, null, null, null)).id(),
        field("number", "number", JavaKind.STRING, true, null, null, null)));
    return new SchemaModel(V2, SampleModel.V1, List.of(customer, phone));
  }

  static FieldDef keyed(FieldDef f, String key) {
    return new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(), f.defaultValue(),
        f.unique(), f.indexed(), f.id(), f.since(), f.deprecatedIn(), new MoveDef(PHONE, "number", null, key));
  }

  static Placement at(String entity, Phase phase) {
    SchemaModel m = model();
    return Placement.of(m, m.entity(entity).orElseThrow(), v -> v.isBefore(V2) ? Phase.CONTRACTED
        : v.equals(V2) ? phase : Phase.PENDING);
  }

  /** {@code key: truth/column/row} per extraction, with - for false. */
  static List<String> flags(Placement p) {
    return p.extracted().stream().map(x -> x.move().key() + ": " + (x.truthInColumn() ? "truth" : "-") + "/"
        + (x.columnWritten() ? "column" : "-") + "/" + (x.rowWritten() ? "row" : "-")).toList();
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void theChildReadsColumnMappedRowsFromTheParentUntilMigratedAndKeepsTheColumnsCurrentUntilContracting(Phase p) {
    Placement child = at(PHONE, p);
    if (!p.atLeast(Phase.EXPANDED)) {
      assertEquals("CustomerPhone is created by release 2.0, which is " + p + " here", child.absent());
      assertEquals(List.of(), flags(child));
      return;
    }
    assertNull(child.absent());
    String truth = p.atLeast(Phase.MIGRATED) ? "-" : "truth";
    String column = p.atLeast(Phase.CONTRACTING) ? "-" : "column";
    assertEquals(p == Phase.CONTRACTED ? List.of()
        : List.of("1: " + truth + "/" + column + "/row", "2: " + truth + "/" + column + "/row"), flags(child));
    assertEquals("customer_phone.number", child.field("number").read().column().toString(),
        "the merge is of rows, not of a field's place: number is the child's own column");
    assertEquals(List.of("delete customer_phone by customer_id,slot"), child.deletes().stream()
        .map(d -> "delete " + d.table().table() + " by " + String.join(",", d.keyColumns())).toList());
  }

  @ParameterizedTest
  @EnumSource(Phase.class)
  void theParentsFieldMirrorsItsColumnAndWritesTheChildRowWhileBothLive(Phase p) {
    Placement parent = at(CUSTOMER, p);
    boolean live = !p.atLeast(Phase.CONTRACTING);
    assertEquals(live ? "customer.phone1" : null, parent.field("phone1").read().isDefault() ? null
        : parent.field("phone1").read().column().toString());
    String truth = p.atLeast(Phase.MIGRATED) ? "-" : "truth";
    String row = live && p.atLeast(Phase.EXPANDED) ? "row" : "-";
    assertEquals(p == Phase.CONTRACTED ? List.of()
        : List.of("1: " + truth + "/" + (live ? "column" : "-") + "/" + row,
            "2: " + truth + "/" + (live ? "column" : "-") + "/" + row), flags(parent));
  }
}
