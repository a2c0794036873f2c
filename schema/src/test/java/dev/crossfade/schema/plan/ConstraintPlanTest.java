package dev.crossfade.schema.plan;

import static dev.crossfade.schema.SampleModel.field;
import static dev.crossfade.schema.SampleModel.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaJson;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.SqlRenderer;
import dev.crossfade.schema.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner and renderer alone for {@code @References}, {@code @Index} and {@code @Check}: which phase adds and
 * drops each, in which order, and that snapshots and {@code schema.json} keep them and still read old files.
 */
class ConstraintPlanTest {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");

  /** A customer_order of 1.0 whose column "legacy" 2.0 drops, with an FK, an index and a CHECK over it. */
  static SchemaModel model() {
    EntityDef customer = new EntityDef("shop.Customer", "customer", null, null, List.of(
        with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id()));
    EntityDef order = new EntityDef("shop.CustomerOrder", "customer_order", null, null, List.of(
        with(field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id(),
        field("legacy", "legacy", JavaKind.LONG, true, null, null, V2),
        field("total", "total", JavaKind.LONG_PRIMITIVE, false, null, null, null)),
        List.of(new ForeignKeyDef("customer_order_legacy_fkey", "legacy", "legacy", "shop.Customer", "customer", "id",
            "NO_ACTION", null)),
        List.of(new IndexDef("customer_order_legacy_total_idx", List.of("legacy", "total"), false, null, null),
            new IndexDef("customer_order_total_idx", List.of("total"), false, V2, null)),
        List.of(new CheckDef("customer_order_legacy_positive", "legacy > 0", null),
            new CheckDef("customer_order_total_positive", "total >= 0", V2)));
    return new SchemaModel(V2, V1, List.of(customer, order));
  }

  private static List<String> kinds(List<? extends Change> changes) {
    return changes.stream().map(c -> c.getClass().getSimpleName()).toList();
  }

  @Test
  void contractDropsTheIndexCheckAndForeignKeyOfADroppedColumnBeforeTheColumn() {
    ReleasePlan p = new MigrationPlanner(model()).plan(V2);
    assertEquals(List.of("CreateTableIndex", "AddCheck"), kinds(p.expand()));
    assertEquals(List.of("Validate"), kinds(p.validate()));
    assertEquals(List.of("DropForeignKey", "DropIndex", "DropCheck", "DropColumn"), kinds(p.contract()));
    List<Statement> maria = new SqlRenderer(Dialect.MARIADB).render(p).contract();
    assertEquals("ALTER TABLE `customer_order`\nDROP CONSTRAINT `customer_order_legacy_positive`,\n"
        + "ALGORITHM=INPLACE, LOCK=NONE", maria.get(3).sql());
  }

  @Test
  void theBaselineAddsItsConstraintsPlainlyAndValidatesNothing() {
    ReleasePlan p = new MigrationPlanner(model()).plan(V1);
    assertEquals(List.of("CreateTable", "CreateTable", "CreateTableIndex", "AddForeignKey", "AddCheck"),
        kinds(p.expand()));
    assertEquals(List.of(), p.validate());
    List<Statement> pg = new SqlRenderer(Dialect.POSTGRES).render(p).expand();
    assertTrue(pg.stream().noneMatch(s -> s.sql().contains("NOT VALID") || s.sql().contains("CONCURRENTLY")),
        "an empty table needs no online idiom");
  }

  @Test
  void aCheckIsRenderedForEachDialectWithQuotedLowerCaseNames() {
    ReleasePlan p = new MigrationPlanner(model()).plan(V2);
    assertEquals("ALTER TABLE \"customer_order\"\nADD CONSTRAINT \"customer_order_total_positive\" CHECK"
        + " (\"total\" >= 0) NOT VALID", new SqlRenderer(Dialect.POSTGRES).render(p).expand().get(2).sql());
    assertEquals("ALTER TABLE \"customer_order\"\nADD CONSTRAINT \"customer_order_total_positive\" CHECK"
        + " (\"total\" >= 0) NOCHECK", new SqlRenderer(Dialect.H2).render(p).expand().get(2).sql());
  }

  @Test
  void theDriftLayoutKnowsWhatEachPhaseHas() {
    SchemaModel m = model();
    ConstraintLayout pending = ConstraintLayout.of(m, v -> v.equals(V1) ? Phase.CONTRACTED : Phase.PENDING);
    assertEquals(List.of("customer_order_legacy_total_idx", "customer_order_legacy_fkey",
        "customer_order_legacy_positive"), pending.present().get("customer_order").stream()
        .map(ConstraintLayout.Structure::name).toList());
    assertEquals(List.of("customer_order_total_idx", "customer_order_total_positive"),
        pending.absent().get("customer_order").stream().map(ConstraintLayout.Structure::name).toList());
    ConstraintLayout contracted = ConstraintLayout.of(m, v -> Phase.CONTRACTED);
    assertEquals(List.of("customer_order_total_idx", "customer_order_total_positive"),
        contracted.present().get("customer_order").stream().map(ConstraintLayout.Structure::name).toList());
  }

  @Test
  void snapshotsAndSchemaJsonKeepThemAndOldFilesStillLoad() {
    SchemaModel m = model();
    assertEquals(m, SchemaJson.read(SchemaJson.write(m)));
    Snapshot s = Snapshot.of(m);
    assertEquals(s, Snapshot.parse(s.toJson()));
    assertEquals(List.of("customer_order_legacy_total_idx", "customer_order_total_idx"),
        List.copyOf(s.tables().get("customer_order").indexes().keySet()));
    Snapshot old = Snapshot.parse("""
        {"format": 1, "release": "1.0", "baseline": "1.0", "tables": {"host": {"entity": "a.Host", "since": "1.0",
          "key": "id", "columns": {"id": {"field": "id", "javaType": "long", "type": "BIGINT", "nullable": false,
          "since": "1.0"}}}}}
        """);
    assertTrue(old.tables().get("host").indexes().isEmpty() && old.tables().get("host").foreignKeys().isEmpty());
    assertTrue(!Snapshot.of(new SchemaModel(V1, V1, List.of(m.entities().get(0)))).toJson().contains("indexes"),
        "a table without them writes as before");
    EntityDef plain = SchemaJson.read(SchemaJson.write(new SchemaModel(V1, V1, List.of(m.entities().get(0)))))
        .entities().get(0);
    assertEquals(List.of(), plain.checks());
  }
}
