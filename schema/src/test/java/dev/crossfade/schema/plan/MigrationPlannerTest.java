package dev.crossfade.schema.plan;

import static dev.crossfade.schema.SampleModel.V1;
import static dev.crossfade.schema.SampleModel.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Change.AddColumn;
import dev.crossfade.schema.plan.Change.CopyStep;
import dev.crossfade.schema.plan.Change.CreateIndex;
import dev.crossfade.schema.plan.Change.CreateTable;
import dev.crossfade.schema.plan.Change.DropColumn;
import dev.crossfade.schema.plan.Change.DropForeignKey;
import dev.crossfade.schema.plan.Change.DropNotNull;
import dev.crossfade.schema.plan.Change.DropTable;
import dev.crossfade.schema.plan.Change.ForeignKey;
import dev.crossfade.schema.plan.Change.SetNotNull;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {
  private static final Version V3 = Version.parse("3.0");

  private static ReleasePlan plan(SchemaModel model, Version r) {
    return new MigrationPlanner(model).plan(r);
  }

  private static List<String> kinds(List<? extends Change> changes) {
    return changes.stream().map(c -> c.getClass().getSimpleName()).toList();
  }

  @Test
  void plansCoverEveryReleaseFromTheBaselineInOrder() {
    List<ReleasePlan> plans = new MigrationPlanner(SampleModel.model()).plans();
    assertEquals(List.of(V1, V2), plans.stream().map(ReleasePlan::release).toList());
    assertTrue(plans.get(0).baseline());
    assertFalse(plans.get(1).baseline());
  }

  @Test
  void baselineCreatesItsTwoTablesAndNothingElse() {
    ReleasePlan p = plan(SampleModel.model(), V1);
    assertTrue(p.baseline());
    assertEquals(List.of("CreateTable", "CreateTable"), kinds(p.expand()));
    assertEquals(List.of("audit_entry", "host"),
        p.expand().stream().map(c -> ((CreateTable) c).entity().table()).toList());
    assertEquals(List.of(), p.backfill());
    assertEquals(List.of(), p.contract());
    assertFalse(p.isEmpty());
  }

  @Test
  void baselineTablesHaveTheColumnsOfTheBaselineOnlyAndNoParentKey() {
    ReleasePlan p = plan(SampleModel.model(), V1);
    CreateTable host = (CreateTable) p.expand().get(1);
    assertEquals(List.of("id", "name", "ip", "memory_mb", "rack"),
        host.columns().stream().map(FieldDef::column).toList());
    assertNull(host.parent());
    assertEquals("add table host (baseline 1.0, Host)", host.reason());
    CreateTable audit = (CreateTable) p.expand().get(0);
    assertEquals(List.of("id"), audit.columns().stream().map(FieldDef::column).toList());
  }

  @Test
  void expandCreatesTheSplitTableThenAddsColumnsInDeclarationOrder() {
    ReleasePlan p = plan(SampleModel.model(), V2);
    assertFalse(p.baseline());
    assertEquals(List.of("CreateTable", "AddColumn", "AddColumn", "AddColumn", "DropNotNull", "DropNotNull"),
        kinds(p.expand()));

    CreateTable network = (CreateTable) p.expand().get(0);
    assertEquals("host_network", network.entity().table());
    assertEquals(List.of("host_id", "ip_address"), network.columns().stream().map(FieldDef::column).toList());
    assertEquals("add table host_network (@Since(\"2.0\") on HostNetwork)", network.reason());

    List<AddColumn> columns = p.expand().subList(1, 4).stream().map(AddColumn.class::cast).toList();
    assertEquals(List.of("hostname", "memory_bytes", "cpu_count"),
        columns.stream().map(c -> c.field().column()).toList());
    assertEquals(List.of(true, true, false), columns.stream().map(AddColumn::nullableUntilContract).toList());
    columns.forEach(c -> assertEquals("host", c.entity().table()));
  }

  @Test
  void expandRelaxesNotNullOnlyOnDeprecatedColumnsWithoutDefaultSoContractingInsertsCanLeaveThemOut() {
    List<DropNotNull> relaxed = plan(SampleModel.model(), V2).expand().stream()
        .filter(DropNotNull.class::isInstance).map(DropNotNull.class::cast).toList();
    // name and memory_mb are NOT NULL without a default; ip and rack are nullable already; audit_entry is a
    // whole table that contract drops, which 2.0 stops writing as a table, so its columns are left alone.
    assertEquals(List.of("name", "memory_mb"), relaxed.stream().map(c -> c.field().column()).toList());
    relaxed.forEach(c -> assertEquals("host", c.entity().table()));
    assertEquals("allow NULL in host.name (@DeprecatedIn(\"2.0\") on Host.name): while CONTRACTING, 2.0 servers"
        + " insert rows without it; contract drops it", relaxed.get(0).reason());
    assertTrue(plan(SampleModel.model(), V1).expand().stream().noneMatch(DropNotNull.class::isInstance));
  }

  @Test
  void splitTableGetsACascadingKeyToItsParent() {
    CreateTable network = (CreateTable) plan(SampleModel.model(), V2).expand().get(0);
    ForeignKey fk = network.parent();
    assertNotNull(fk);
    assertEquals("host", fk.parentTable());
    assertEquals("id", fk.parentColumn());
    assertEquals("host_network_host_fk", fk.name());
  }

  @Test
  void addColumnReasonsSayWhyTheColumnExists() {
    List<Change> expand = plan(SampleModel.model(), V2).expand();
    assertEquals("add column host.hostname, the new place of host.name (rename)", expand.get(1).reason());
    assertEquals("add column host.memory_bytes, the new place of host.memory_mb (type change through Conv)",
        expand.get(2).reason());
    assertEquals("add column host.cpu_count (@Since(\"2.0\") on Host.cpuCount)", expand.get(3).reason());
  }

  @Test
  void indexOnAColumnAddedToAnExistingTableComesLastAndIsOnline() {
    ReleasePlan p = plan(SampleModel.model(true), V2);
    assertEquals(List.of("CreateTable", "AddColumn", "AddColumn", "AddColumn", "DropNotNull", "DropNotNull",
        "CreateIndex"), kinds(p.expand()));
    CreateIndex index = (CreateIndex) p.expand().get(6);
    assertEquals("host_hostname_idx", index.name());
    assertEquals("hostname", index.field().column());
    assertFalse(index.unique());
    assertTrue(index.online());
    assertEquals("add index host_hostname_idx on host.hostname", index.reason());
  }

  @Test
  void indexOnANewTableIsNotOnlineAndUniqueIndexesEndInKey() {
    FieldDef code = SampleModel.with(SampleModel.field("code", "code", JavaKind.STRING, true, null, null, null))
        .unique();
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    EntityDef t = new EntityDef("a.Tag", "tag", V2, null, List.of(id, code));
    SchemaModel m = new SchemaModel(V2, V1, List.of(SampleModel.auditEntry(), t));
    ReleasePlan p = plan(m, V2);
    assertEquals(List.of("CreateTable", "CreateIndex"), kinds(p.expand()));
    CreateIndex index = (CreateIndex) p.expand().get(1);
    assertEquals("tag_code_key", index.name());
    assertTrue(index.unique());
    assertFalse(index.online());
    assertEquals("add unique index tag_code_key on tag.code", index.reason());
  }

  @Test
  void anIdIsNeverGivenAnExtraIndex() {
    FieldDef id = SampleModel.with(SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null,
        null)).unique()).id();
    EntityDef t = new EntityDef("a.Tag", "tag", null, null, List.of(id));
    ReleasePlan p = plan(new SchemaModel(V1, V1, List.of(t)), V1);
    assertEquals(List.of("CreateTable"), kinds(p.expand()));
  }

  @Test
  void backfillGroupsMovesBySourceTargetAndConversion() {
    List<CopyStep> steps = plan(SampleModel.model(), V2).backfill();
    assertEquals(3, steps.size());

    CopyStep rename = steps.get(0);
    assertEquals("host", rename.source().table());
    assertEquals("host", rename.target().table());
    assertTrue(rename.sameTable());
    assertFalse(rename.converted());
    assertEquals(List.of("name"), rename.moves().stream().map(m -> m.field().name()).toList());
    assertEquals("copy host.name -> host.hostname (rename)", rename.reason());

    CopyStep split = steps.get(1);
    assertEquals("host", split.source().table());
    assertEquals("host_network", split.target().table());
    assertFalse(split.sameTable());
    assertFalse(split.converted());
    assertEquals("copy host.ip -> host_network.ip_address (split into host_network, keyed by host.id)",
        split.reason());

    CopyStep converted = steps.get(2);
    assertEquals("host", converted.source().table());
    assertEquals("host", converted.target().table());
    assertTrue(converted.converted());
    assertEquals(List.of("memoryMb"), converted.moves().stream().map(m -> m.field().name()).toList());
    assertEquals("copy host.memory_mb -> host.memory_bytes (type change through Conv)", converted.reason());
  }

  @Test
  void movesWithTheSameSourceTargetAndConversionShareOneStep() {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef a = SampleModel.with(SampleModel.field("a", "a", JavaKind.INT, true, null, null, V2))
        .movedTo("a.T", "a2", null);
    FieldDef b = SampleModel.with(SampleModel.field("b", "b", JavaKind.INT, true, null, null, V2))
        .movedTo("a.T", "b2", null);
    FieldDef a2 = SampleModel.field("a2", "a2", JavaKind.INT, true, null, V2, null);
    FieldDef b2 = SampleModel.field("b2", "b2", JavaKind.INT, true, null, V2, null);
    EntityDef t = new EntityDef("a.T", "t", null, null, List.of(id, a, b, a2, b2));
    List<CopyStep> steps = plan(new SchemaModel(V2, V1, List.of(t)), V2).backfill();
    assertEquals(1, steps.size());
    assertEquals(List.of("a", "b"), steps.get(0).moves().stream().map(m -> m.field().name()).toList());
    assertEquals("copy t.a -> t.a2, t.b -> t.b2 (rename)", steps.get(0).reason());
  }

  @Test
  void contractTightensThenDropsColumnsThenDropsTables() {
    ReleasePlan p = plan(SampleModel.model(), V2);
    assertEquals(List.of("SetNotNull", "DropColumn", "DropColumn", "DropColumn", "DropColumn", "DropTable"),
        kinds(p.contract()));

    SetNotNull notNull = (SetNotNull) p.contract().get(0);
    assertEquals("host", notNull.entity().table());
    assertEquals("hostname", notNull.field().column());
    assertEquals("host_hostname_not_null", notNull.checkName());

    assertEquals(List.of("name", "ip", "memory_mb", "rack"), p.contract().subList(1, 5).stream()
        .map(c -> ((DropColumn) c).field().column()).toList());
    p.contract().subList(1, 5).forEach(c -> assertEquals("host", ((DropColumn) c).entity().table()));

    DropTable drop = (DropTable) p.contract().get(5);
    assertEquals("audit_entry", drop.entity().table());
  }

  @Test
  void contractReasonsNameTheChangeAndItsAnnotation() {
    List<Change> contract = plan(SampleModel.model(), V2).contract();
    assertEquals("drop column host.name, moved to host.hostname", contract.get(1).reason());
    assertEquals("drop column host.ip, moved to host_network.ip_address", contract.get(2).reason());
    assertEquals("drop column host.memory_mb, moved to host.memory_bytes", contract.get(3).reason());
    assertEquals("drop column host.rack (@DeprecatedIn(\"2.0\") on Host.rack)", contract.get(4).reason());
    assertEquals("drop table audit_entry (@DeprecatedIn(\"2.0\") on AuditEntry)", contract.get(5).reason());
  }

  @Test
  void nullableMoveTargetsAndTargetsInNewTablesAreNotTightened() {
    List<Change> contract = plan(SampleModel.model(), V2).contract();
    long tightenings = contract.stream().filter(SetNotNull.class::isInstance).count();
    // memory_bytes is nullable; host_network.ip_address was created with its table.
    assertEquals(1, tightenings);
  }

  @Test
  void fieldsOfATableDroppedInTheSameReleaseAreNotDroppedOneByOne() {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef old = SampleModel.field("old", "old", JavaKind.INT, true, null, null, V2);
    EntityDef t = new EntityDef("a.T", "t", null, V2, List.of(id, old));
    ReleasePlan p = plan(new SchemaModel(V2, V1, List.of(t)), V2);
    assertEquals(List.of("DropTable"), kinds(p.contract()));
  }

  @Test
  void planForAReleaseWithoutChangesIsEmpty() {
    ReleasePlan p = plan(SampleModel.model(), Version.parse("1.5"));
    assertTrue(p.isEmpty());
  }

  @Test
  void plansAreImmutable() {
    ReleasePlan p = plan(SampleModel.model(), V2);
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> p.expand().clear());
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> p.backfill().clear());
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> p.contract().clear());
  }

  @Test
  void planningIsDeterministic() {
    assertEquals(plan(SampleModel.model(true), V2), plan(SampleModel.model(true), V2));
  }

  @Test
  void moveKindDescribesRenameSplitAndTypeChange() {
    List<SchemaModel.Move> moves = SampleModel.model().movesIn(V2);
    assertEquals("rename", MigrationPlanner.moveKind(moves.get(0)));
    assertEquals("split into host_network, keyed by host.id", MigrationPlanner.moveKind(moves.get(1)));
    assertEquals("type change through Conv", MigrationPlanner.moveKind(moves.get(2)));
  }

  /**
   * Release 3.0 drops {@code host}, the parent of the split table {@code host_network} created by 2.0. The 2.0
   * plan is history: shards that ran 2.0's expand have the foreign key, so the plan for 2.0 must still create it,
   * and 3.0's contract must drop it before dropping {@code host}.
   */
  @Test
  void aLaterDeprecationOfTheParentKeepsThePastForeignKeyAndDropsItBeforeTheParent() {
    SchemaModel at3 = new SchemaModel(V3, V1,
        List.of(SampleModel.host(false, V3), SampleModel.hostNetwork(), SampleModel.auditEntry()));

    CreateTable network = (CreateTable) plan(at3, V2).expand().get(0);
    assertEquals("host_network", network.entity().table());
    assertEquals(plan(SampleModel.model(), V2).expand().get(0) instanceof CreateTable c ? c.parent() : null,
        network.parent(), "the 2.0 plan must not change because a later release deprecates host");

    List<Change> contract3 = plan(at3, V3).contract();
    assertEquals(List.of("DropForeignKey", "DropTable"), kinds(contract3));
    DropForeignKey dropKey = assertInstanceOf(DropForeignKey.class, contract3.get(0));
    assertEquals("host_network", dropKey.entity().table());
    assertEquals("host_network_host_fk", dropKey.name());
  }
}
