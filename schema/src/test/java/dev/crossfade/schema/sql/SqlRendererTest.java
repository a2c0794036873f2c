package dev.crossfade.schema.sql;

import static dev.crossfade.schema.SampleModel.V1;
import static dev.crossfade.schema.SampleModel.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlRendererTest {
  private static final ReleasePlan PLAN_2 = new MigrationPlanner(SampleModel.model(true)).plan(V2);
  private static final ReleasePlan PLAN_1 = new MigrationPlanner(SampleModel.model(true)).plan(V1);

  private static ReleaseScripts render(Dialect dialect) {
    return new SqlRenderer(dialect).render(PLAN_2);
  }

  private static List<String> sql(List<Statement> statements) {
    return statements.stream().map(Statement::sql).toList();
  }

  private static List<String> allSql(ReleaseScripts s) {
    List<String> all = new ArrayList<>(sql(s.expand()));
    all.addAll(sql(s.contract()));
    for (BackfillSql b : s.backfill()) {
      Stream.of(b.bounds(), b.copy(), b.read(), b.write(), b.verify()).filter(x -> x != null).forEach(all::add);
    }
    return all;
  }

  private static String find(List<Statement> statements, String fragment) {
    return statements.stream().map(Statement::sql).filter(s -> s.contains(fragment)).findFirst()
        .orElseThrow(() -> new AssertionError("no statement contains " + fragment + " in " + sql(statements)));
  }

  private static int indexOf(List<Statement> statements, String fragment) {
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).sql().contains(fragment)) {
        return i;
      }
    }
    throw new AssertionError("no statement contains " + fragment + " in " + sql(statements));
  }

  // ---- PostgreSQL

  @Test
  void postgresStartsExpandAndContractWithALockTimeout() {
    ReleaseScripts s = render(Dialect.POSTGRES);
    assertEquals("SET lock_timeout = '5s'", s.expand().get(0).sql());
    assertEquals("SET lock_timeout = '5s'", s.contract().get(0).sql());
    assertTrue(s.expand().get(0).reason().contains("lock"));
  }

  @Test
  void postgresBuildsAnIndexOnAnExistingTableConcurrently() {
    List<Statement> expand = render(Dialect.POSTGRES).expand();
    Statement index = expand.get(expand.size() - 1);
    assertEquals("CREATE INDEX CONCURRENTLY IF NOT EXISTS \"host_hostname_idx\" ON \"host\"(\"hostname\")",
        index.sql());
    assertTrue(index.reason().contains("CONCURRENTLY"), index.reason());
  }

  @Test
  void postgresBuildsAnIndexOnANewTableWithoutConcurrently() {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef code = SampleModel.with(SampleModel.field("code", "code", JavaKind.STRING, true, null, null, null))
        .unique();
    SchemaModel m = new SchemaModel(V1, V1, List.of(new EntityDef("a.Tag", "tag", null, null, List.of(id, code))));
    List<Statement> expand = new SqlRenderer(Dialect.POSTGRES).render(new MigrationPlanner(m).plan(V1)).expand();
    assertEquals("CREATE UNIQUE INDEX IF NOT EXISTS \"tag_code_key\" ON \"tag\"(\"code\")", expand.get(2).sql());
  }

  @Test
  void postgresUniqueIndexOnAnExistingTableIsConcurrentToo() {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef code = SampleModel.with(SampleModel.field("code", "code", JavaKind.STRING, true, null, V2, null))
        .unique();
    SchemaModel m = new SchemaModel(V2, V1, List.of(new EntityDef("a.Tag", "tag", null, null, List.of(id, code))));
    List<Statement> expand = new SqlRenderer(Dialect.POSTGRES).render(new MigrationPlanner(m).plan(V2)).expand();
    assertEquals("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"tag_code_key\" ON \"tag\"(\"code\")",
        expand.get(2).sql());
  }

  @Test
  void postgresTightensWithANotValidCheckThenValidatesThenSetsNotNull() {
    List<Statement> contract = render(Dialect.POSTGRES).contract();
    int add = indexOf(contract, "NOT VALID");
    int validate = indexOf(contract, "VALIDATE CONSTRAINT");
    int setNotNull = indexOf(contract, "SET NOT NULL");
    int dropCheck = indexOf(contract, "DROP CONSTRAINT");
    assertTrue(add < validate && validate < setNotNull && setNotNull < dropCheck, sql(contract).toString());
    assertEquals("ALTER TABLE \"host\" ADD CONSTRAINT \"host_hostname_not_null\" CHECK (\"hostname\" IS NOT NULL)"
        + " NOT VALID", contract.get(add).sql());
    assertEquals("ALTER TABLE \"host\" VALIDATE CONSTRAINT \"host_hostname_not_null\"", contract.get(validate).sql());
    assertEquals("ALTER TABLE \"host\" ALTER \"hostname\" SET NOT NULL", contract.get(setNotNull).sql());
    assertEquals("ALTER TABLE \"host\" DROP CONSTRAINT \"host_hostname_not_null\"", contract.get(dropCheck).sql());
    assertTrue(add < indexOf(contract, "DROP \"name\""), "tightening comes before the drops");
  }

  @Test
  void postgresAddsTheBackfilledColumnNullableAndTheDefaultedColumnNotNull() {
    List<Statement> expand = render(Dialect.POSTGRES).expand();
    assertEquals("ALTER TABLE \"host\" ADD \"hostname\" varchar(255) NULL", find(expand, "\"hostname\" varchar"));
    assertEquals("ALTER TABLE \"host\" ADD \"memory_bytes\" bigint NULL", find(expand, "\"memory_bytes\""));
    assertEquals("ALTER TABLE \"host\" ADD \"cpu_count\" int NOT NULL DEFAULT 1", find(expand, "\"cpu_count\""));
  }

  @Test
  void postgresCreatesTheSplitTableWithACascadingForeignKey() {
    String create = find(render(Dialect.POSTGRES).expand(), "CREATE TABLE");
    assertTrue(create.startsWith("CREATE TABLE \"host_network\" ("), create);
    assertTrue(create.contains("CONSTRAINT \"host_network_pkey\" PRIMARY KEY (\"host_id\")"), create);
    assertTrue(create.contains("CONSTRAINT \"host_network_host_fk\" FOREIGN KEY (\"host_id\") REFERENCES \"host\""
        + " (\"id\") ON DELETE CASCADE"), create);
  }

  @Test
  void postgresContractDropsInPlanOrder() {
    List<String> contract = sql(render(Dialect.POSTGRES).contract());
    assertEquals(List.of(
        "SET lock_timeout = '5s'",
        "ALTER TABLE \"host\" ADD CONSTRAINT \"host_hostname_not_null\" CHECK (\"hostname\" IS NOT NULL) NOT VALID",
        "ALTER TABLE \"host\" VALIDATE CONSTRAINT \"host_hostname_not_null\"",
        "ALTER TABLE \"host\" ALTER \"hostname\" SET NOT NULL",
        "ALTER TABLE \"host\" DROP CONSTRAINT \"host_hostname_not_null\"",
        "ALTER TABLE \"host\" DROP \"name\"",
        "ALTER TABLE \"host\" DROP \"ip\"",
        "ALTER TABLE \"host\" DROP \"memory_mb\"",
        "ALTER TABLE \"host\" DROP \"rack\"",
        "DROP TABLE \"audit_entry\""), contract);
  }

  @Test
  void postgresRelaxesTheDeprecatedNotNullColumnsInExpandWithAMetadataOnlyDropNotNull() {
    List<Statement> expand = render(Dialect.POSTGRES).expand();
    assertEquals("ALTER TABLE \"host\" ALTER \"name\" DROP NOT NULL", find(expand, "\"name\" DROP NOT NULL"));
    assertEquals("ALTER TABLE \"host\" ALTER \"memory_mb\" DROP NOT NULL", find(expand, "\"memory_mb\""));
    assertTrue(indexOf(expand, "\"cpu_count\"") < indexOf(expand, "\"name\" DROP NOT NULL"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void rollbackToPendingRestoresTheRelaxedNotNullBeforeDroppingWhatExpandAdded(Dialect dialect) {
    List<RollbackSql> undo = new SqlRenderer(dialect).rollbackExpand(PLAN_2, SampleModel.model(true));
    List<String> reasons = undo.stream().map(r -> r.drop().reason()).toList();
    int restoreMemory = indexOfReason(reasons, "undo: allow NULL in host.memory_mb");
    int restoreName = indexOfReason(reasons, "undo: allow NULL in host.name");
    int dropCpu = indexOfReason(reasons, "undo: add column host.cpu_count");
    assertTrue(restoreMemory < restoreName && restoreName < dropCpu, reasons.toString());
    String restore = undo.stream().map(r -> r.drop().sql()).filter(x -> x.contains("`name` varchar(255) NOT NULL") || x.contains("\"name\" SET NOT NULL"))
        .findFirst().orElseThrow(() -> new AssertionError(undo.toString()));
    assertEquals(switch (dialect) {
      case POSTGRES, H2 -> "ALTER TABLE \"host\" ALTER \"name\" SET NOT NULL";
      case MARIADB, MYSQL -> "ALTER TABLE `host` CHANGE COLUMN `name` `name` varchar(255) NOT NULL,\n"
          + "ALGORITHM=INPLACE, LOCK=NONE";
    }, restore);
    RollbackSql restoreFirst = undo.get(restoreName);
    assertTrue(restoreFirst.restores());
    assertNull(restoreFirst.lossCount(), "restoring a constraint destroys nothing");
    assertTrue(restoreFirst.blockerCount().contains("IS NULL"), restoreFirst.blockerCount());
    assertEquals("rows of host.name are NULL (inserted while CONTRACTING)", restoreFirst.blocks());
  }

  private static int indexOfReason(List<String> reasons, String prefix) {
    for (int i = 0; i < reasons.size(); i++) {
      if (reasons.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no reason starts with " + prefix + " in " + reasons);
  }

  // ---- MariaDB

  @Test
  void mariadbRelaxesTheDeprecatedNotNullColumnsInPlace() {
    assertEquals("ALTER TABLE `host` CHANGE COLUMN `name` `name` varchar(255) NULL,\nALGORITHM=INPLACE, LOCK=NONE",
        find(render(Dialect.MARIADB).expand(), "`name`"));
  }

  @Test
  void mariadbAltersInPlaceWithoutLocksForEveryAddAndDrop() {
    ReleaseScripts s = render(Dialect.MARIADB);
    List<Statement> alters = new ArrayList<>();
    s.expand().stream().filter(x -> x.sql().startsWith("ALTER TABLE")).forEach(alters::add);
    s.contract().stream().filter(x -> x.sql().startsWith("ALTER TABLE")).forEach(alters::add);
    assertEquals(3 + 2 + 1 + 4, alters.size(), sql(alters).toString());
    for (Statement alter : alters) {
      assertTrue(alter.sql().endsWith(",\nALGORITHM=INPLACE, LOCK=NONE"), alter.sql());
    }
    assertEquals("ALTER TABLE `host` ADD `cpu_count` int NOT NULL DEFAULT 1,\nALGORITHM=INPLACE, LOCK=NONE",
        find(s.expand(), "`cpu_count`"));
    assertEquals("ALTER TABLE `host` DROP `rack`,\nALGORITHM=INPLACE, LOCK=NONE", find(s.contract(), "`rack`"));
  }

  @Test
  void mariadbQuotesWithBackticksOnly() {
    for (String sql : allSql(render(Dialect.MARIADB))) {
      assertFalse(sql.contains("\""), sql);
    }
    assertTrue(find(render(Dialect.MARIADB).expand(), "CREATE TABLE").startsWith("CREATE TABLE `host_network` ("));
  }

  @Test
  void mariadbBuildsAnIndexOnAnExistingTableInPlace() {
    List<Statement> expand = render(Dialect.MARIADB).expand();
    assertEquals("CREATE INDEX IF NOT EXISTS `host_hostname_idx` ON `host`(`hostname`) ALGORITHM=INPLACE LOCK=NONE",
        expand.get(expand.size() - 1).sql());
  }

  @Test
  void mariadbTightensInPlaceWithoutACheckConstraint() {
    List<Statement> contract = render(Dialect.MARIADB).contract();
    assertEquals("SET SESSION lock_wait_timeout = 5", contract.get(0).sql());
    assertEquals("ALTER TABLE `host` CHANGE COLUMN `hostname` `hostname` varchar(255) NOT NULL,\n"
        + "ALGORITHM=INPLACE, LOCK=NONE", contract.get(1).sql());
    for (String sql : sql(contract)) {
      assertFalse(sql.contains("NOT VALID") || sql.contains("VALIDATE"), sql);
    }
  }

  // ---- H2

  @Test
  void h2GetsPlainDdlWithoutOnlineIdioms() {
    ReleaseScripts s = render(Dialect.H2);
    assertEquals("SET LOCK_TIMEOUT 5000", s.expand().get(0).sql());
    for (String sql : allSql(s)) {
      assertFalse(sql.contains("CONCURRENTLY"), sql);
      assertFalse(sql.contains("ALGORITHM"), sql);
      assertFalse(sql.contains("NOT VALID"), sql);
      assertFalse(sql.contains("`"), sql);
    }
    assertEquals("CREATE INDEX IF NOT EXISTS \"host_hostname_idx\" ON \"host\"(\"hostname\")",
        s.expand().get(s.expand().size() - 1).sql());
    assertEquals("ALTER TABLE \"host\" ALTER \"name\" DROP NOT NULL", find(s.expand(), "\"name\""));
    assertEquals(List.of(
        "SET LOCK_TIMEOUT 5000",
        "ALTER TABLE \"host\" ALTER \"hostname\" SET NOT NULL",
        "ALTER TABLE \"host\" DROP \"name\"",
        "ALTER TABLE \"host\" DROP \"ip\"",
        "ALTER TABLE \"host\" DROP \"memory_mb\"",
        "ALTER TABLE \"host\" DROP \"rack\"",
        "DROP TABLE \"audit_entry\""), sql(s.contract()));
  }

  // ---- every dialect

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void expandFollowsThePlanAfterTheLockTimeout(Dialect dialect) {
    List<Statement> expand = render(dialect).expand();
    assertEquals(1 + PLAN_2.expand().size(), expand.size());
    assertTrue(expand.get(0).sql().toUpperCase().startsWith("SET "), expand.get(0).sql());
    for (int i = 0; i < PLAN_2.expand().size(); i++) {
      assertTrue(expand.get(i + 1).reason().startsWith(PLAN_2.expand().get(i).reason()),
          expand.get(i + 1).reason());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theDefaultAppearsOnlyAsATypedLiteralOnItsOwnColumn(Dialect dialect) {
    List<String> withDefault = allSql(render(dialect)).stream().filter(s -> s.contains("DEFAULT")).toList();
    assertEquals(1, withDefault.size(), withDefault.toString());
    assertTrue(withDefault.get(0).contains("cpu_count"), withDefault.get(0));
    assertTrue(withDefault.get(0).contains(" int NOT NULL DEFAULT 1"), withDefault.get(0));
    assertFalse(withDefault.get(0).contains("DEFAULT '1'"), withDefault.get(0));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aStringDefaultWithAQuoteIsEscaped(Dialect dialect) {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef note = SampleModel.field("note", "note", JavaKind.STRING, false, "it's", V2, null);
    SchemaModel m = new SchemaModel(V2, V1, List.of(new EntityDef("a.T", "t", null, null, List.of(id, note))));
    String add = find(new SqlRenderer(dialect).render(new MigrationPlanner(m).plan(V2)).expand(), "note");
    assertTrue(add.contains("NOT NULL DEFAULT 'it''s'"), add);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void enumAndBooleanDefaultsAreRenderedAsLiterals(Dialect dialect) {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef color = SampleModel.field("color", "color", JavaKind.ENUM, false, "RED", V2, null);
    FieldDef active = SampleModel.field("active", "active", JavaKind.BOOLEAN_PRIMITIVE, false, "true", V2, null);
    SchemaModel m = new SchemaModel(V2, V1,
        List.of(new EntityDef("a.T", "t", null, null, List.of(id, color, active))));
    List<Statement> expand = new SqlRenderer(dialect).render(new MigrationPlanner(m).plan(V2)).expand();
    assertTrue(find(expand, "color").contains("DEFAULT 'RED'"), find(expand, "color"));
    assertTrue(find(expand, "active").contains("DEFAULT TRUE"), find(expand, "active"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void noStatementContainsABlankLineSoScriptsSplitCleanly(Dialect dialect) {
    for (ReleasePlan plan : List.of(PLAN_1, PLAN_2)) {
      for (String sql : allSql(new SqlRenderer(dialect).render(plan))) {
        assertFalse(sql.matches("(?s).*\\n\\s*\\n.*"), sql);
        assertFalse(sql.isBlank());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyDdlStatementIsOneStatementWithoutASemicolon(Dialect dialect) {
    // The runtime executes each block of a script as one JDBC statement; a ';' inside means two statements
    // (or a stored-program fragment such as DECLARE … HANDLER that no plain connection accepts).
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef code = SampleModel.with(SampleModel.field("code", "code", JavaKind.STRING, true, null, null, null))
        .unique();
    SchemaModel withBaselineIndex = new SchemaModel(V1, V1,
        List.of(new EntityDef("a.Tag", "tag", null, null, List.of(id, code))));
    List<String> statements = new ArrayList<>(allSql(render(dialect)));
    statements.addAll(allSql(new SqlRenderer(dialect).render(new MigrationPlanner(withBaselineIndex).plan(V1))));
    for (String sql : statements) {
      assertFalse(sql.contains(";"), dialect + ": " + sql);
      assertFalse(sql.startsWith("DECLARE"), dialect + ": " + sql);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void identifiersAreAlwaysQuotedSoReservedWordsAreSafe(Dialect dialect) {
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG, false, null, null, null)).id();
    FieldDef order = SampleModel.field("order", "order", JavaKind.INT, true, null, null, null);
    SchemaModel m = new SchemaModel(V1, V1, List.of(new EntityDef("a.User", "user", null, null, List.of(id, order))));
    String create = find(new SqlRenderer(dialect).render(new MigrationPlanner(m).plan(V1)).expand(), "CREATE");
    String q = dialect.isMySqlFamily() ? "`" : "\"";
    assertTrue(create.startsWith("CREATE TABLE " + q + "user" + q), create);
    assertTrue(create.contains(q + "order" + q + " int"), create);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void quoteUsesTheDialectsQuotes(Dialect dialect) {
    String q = dialect.isMySqlFamily() ? "`" : "\"";
    assertEquals(q + "order" + q, new SqlRenderer(dialect).quote("order"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anEmptyPhaseRendersNoStatementsAtAll(Dialect dialect) {
    ReleaseScripts s = new SqlRenderer(dialect).render(PLAN_1);
    assertEquals(List.of(), s.contract());
    assertEquals(List.of(), s.backfill());
    assertEquals(3, s.expand().size(), sql(s.expand()).toString());
    assertEquals(dialect, s.dialect());
    assertEquals(V1, s.release());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void renderingIsDeterministic(Dialect dialect) {
    assertEquals(new SqlRenderer(dialect).render(PLAN_2), new SqlRenderer(dialect).render(PLAN_2));
  }

  @Test
  void backfillStepsCannotBeRenderedAsDdl() {
    SqlRenderer renderer = new SqlRenderer(Dialect.POSTGRES);
    assertThrows(IllegalArgumentException.class, () -> renderer.statements(PLAN_2.backfill().get(0)));
  }

  // ---- backfill

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void backfillHasOneEntryPerCopyStepKeyedByTheSourceKey(Dialect dialect) {
    List<BackfillSql> backfill = render(dialect).backfill();
    assertEquals(3, backfill.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(PLAN_2.backfill().get(i), backfill.get(i).step());
      assertEquals("id", backfill.get(i).keyColumn());
      // The bounds are read without a lock; the batch's own statement locks its old rows.
      assertFalse(backfill.get(i).bounds().contains("FOR UPDATE"), backfill.get(i).bounds());
      assertEquals(2, count(backfill.get(i).bounds(), '?'), backfill.get(i).bounds());
      BackfillSql b = backfill.get(i);
      String locking = b.copy() != null ? b.copy() : b.read();
      assertTrue(locking.startsWith("UPDATE ") || locking.contains("FOR UPDATE"), locking);
      assertEquals(0, count(backfill.get(i).verify(), '?'), backfill.get(i).verify());
      assertTrue(backfill.get(i).verify().startsWith("SELECT count(*)"), backfill.get(i).verify());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void unconvertedStepsCopyInsideTheDatabaseAndConvertedStepsReadThenWrite(Dialect dialect) {
    List<BackfillSql> backfill = render(dialect).backfill();
    BackfillSql rename = backfill.get(0);
    assertFalse(rename.converted());
    assertNotNull(rename.copy());
    assertNull(rename.read());
    assertNull(rename.write());
    assertTrue(rename.copy().startsWith("UPDATE "), rename.copy());
    assertEquals(2, count(rename.copy(), '?'), rename.copy());

    BackfillSql split = backfill.get(1);
    assertNotNull(split.copy());
    assertNull(split.read());
    assertEquals(2, count(split.copy(), '?'), split.copy());
    assertTrue(split.copy().contains("host_network"), split.copy());

    BackfillSql converted = backfill.get(2);
    assertTrue(converted.converted());
    assertNull(converted.copy());
    assertNotNull(converted.read());
    assertNotNull(converted.write());
    assertEquals(2, count(converted.read(), '?'), converted.read());
    assertEquals(2, count(converted.write(), '?'), converted.write());
    assertTrue(converted.read().contains("memory_mb"), converted.read());
    assertTrue(converted.write().contains("memory_bytes"), converted.write());
  }

  @Test
  void postgresBackfillStatementsReadAsExpected() {
    List<BackfillSql> backfill = render(Dialect.POSTGRES).backfill();
    assertEquals("UPDATE \"host\"\nSET\n  \"hostname\" = \"name\"\nWHERE (\n  \"host\".\"id\" >= ?\n"
        + "  AND \"host\".\"id\" <= ?\n)", backfill.get(0).copy());
    assertEquals("SELECT count(*)\nFROM \"host\"\nWHERE \"host\".\"hostname\" IS DISTINCT FROM \"host\".\"name\"",
        backfill.get(0).verify());
    assertTrue(backfill.get(1).copy().startsWith("INSERT INTO \"host_network\" (\"host_id\", \"ip_address\")\n"
        + "SELECT \"host\".\"id\", \"host\".\"ip\"\nFROM \"host\""), backfill.get(1).copy());
    assertTrue(backfill.get(1).copy().contains("ON CONFLICT (\"host_id\")"), backfill.get(1).copy());
    assertTrue(backfill.get(1).verify().contains("LEFT OUTER JOIN \"host_network\""), backfill.get(1).verify());
    assertTrue(backfill.get(2).verify().contains("\"host\".\"memory_bytes\" IS NULL"), backfill.get(2).verify());
  }

  private static long count(String text, char c) {
    return text.chars().filter(x -> x == c).count();
  }
}
