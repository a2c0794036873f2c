package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.PREFIX;
import static dev.crossfade.runtime.MigratorTestKit.V1;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static dev.crossfade.runtime.MigratorTestKit.assertNewLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertOldLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertRefusedUnchanged;
import static dev.crossfade.runtime.MigratorTestKit.execute;
import static dev.crossfade.runtime.MigratorTestKit.migrator;
import static dev.crossfade.runtime.MigratorTestKit.scalar;
import static dev.crossfade.runtime.MigratorTestKit.shardAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rollback from every phase it is allowed from, on real PostgreSQL, MariaDB and H2: each ends in the layout its
 * phase implies (no drift) with every host's data where that layout keeps it; what would lose data is refused
 * without force and says what it would lose; CONTRACTED is refused even with force.
 */
class MigratorRollbackTest {
  static final int HOSTS = 6;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void expandedToPendingDropsTheNewStructuresWithoutForceWhenTheAddedColumnHoldsOnlyItsDefault(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS - 1);
      MigratorTestKit.insertHosts(db, HOSTS, HOSTS); // a 1.0 server writing while EXPANDED: cpu_count gets its default
      assertEquals(HOSTS, scalar(db, "SELECT count(*) FROM host WHERE cpu_count = 1"));

      ShardStatus pending = migrator().rollback(shard, V2, false);

      assertEquals(Phase.PENDING, pending.phase(V2), pending.render());
      assertEquals(List.of(), pending.drift(), "host_network, host_os and the added columns are gone: "
          + pending.render());
      assertNull(pending.minWriterRelease(), pending.render());
      assertOldLayoutIntact(db, HOSTS);

      ShardStatus again = migrator().expand(shard, V2);
      assertEquals(Phase.EXPANDED, again.phase(V2), "a rolled back expand can run again: " + again.render());
      assertEquals(List.of(), again.drift(), again.render());
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void expandedToPendingRestoresTheRelaxedNotNullAndIsRefusedEvenWithForceWhileARowLeftItNull(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      // What a 2.0 server inserted while CONTRACTING, before a forced rollback brought the shard back here.
      execute(db, "UPDATE host SET name = NULL, memory_mb = NULL WHERE id = 4");

      for (boolean force : new boolean[] {false, true}) {
        assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, force),
            "PENDING needs the NOT NULL that expand relaxed back", "1 rows of host.name are NULL",
            "1 rows of host.memory_mb are NULL", "give those rows a value", "--force cannot help");
      }

      execute(db, "UPDATE host SET name = 'host-4', memory_mb = 4 WHERE id = 4");
      ShardStatus pending = migrator().rollback(shard, V2, false);
      assertEquals(Phase.PENDING, pending.phase(V2), pending.render());
      assertEquals(List.of(), pending.drift(), "host.name and host.memory_mb are NOT NULL again: " + pending.render());
      assertThrows(java.sql.SQLException.class, () -> execute(db, "UPDATE host SET name = NULL WHERE id = 1"),
          "the database enforces the restored constraint");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void expandedToPendingIsRefusedWithoutForceWhenTheAddedColumnHoldsOtherValuesAndDropsThemWithForce(
      Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      execute(db, "UPDATE host SET cpu_count = 8 WHERE id IN (2, 3)"); // a 2.0 server's writes

      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, false),
          "rolling back to PENDING would drop 2 rows of ", "cpu_count", "; rerun with --force");
      assertEquals(2, scalar(db, "SELECT count(*) FROM host WHERE cpu_count = 8"), "nothing was dropped");

      ShardStatus pending = migrator().rollback(shard, V2, true);
      assertEquals(Phase.PENDING, pending.phase(V2), pending.render());
      assertEquals(List.of(), pending.drift(), "cpu_count is gone with its values: " + pending.render());
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void migratingToExpandedForgetsTheBackfillAndALaterMigrateCopiesEveryRowAgain(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.MIGRATING, HOSTS);

      ShardStatus expanded = migrator().rollback(shard, V2, false);
      assertEquals(Phase.EXPANDED, expanded.phase(V2), expanded.render());
      assertEquals(V1, expanded.minWriterRelease(), "no live server, so 1.0 may write again: " + expanded.render());
      assertNull(expanded.backfillRows().get(V2), expanded.render());
      assertEquals(List.of(), expanded.drift(), expanded.render());
      assertOldLayoutIntact(db, HOSTS);

      // 1.0 servers write again; the next migrate must copy what they changed
      execute(db, "UPDATE host SET name = 'renamed-1' WHERE id = 1");
      execute(db, "UPDATE host SET name = 'h1' WHERE id = 1");
      MigratorTestKit.insertHosts(db, HOSTS + 1, HOSTS + 1);
      ShardStatus migrated = migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      assertEquals(4L * (HOSTS + 1), migrated.backfillRows().get(V2), "every row copied afresh: " + migrated.render());
      assertNewLayoutIntact(db, HOSTS + 1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void contractingGoesBackToMigratedAndThenToExpandedOnlyWithForceBecauseTheOldLayoutIsStale(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.CONTRACTING, HOSTS);

      ShardStatus migrated = migrator().rollback(shard, V2, false);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      assertEquals(V2, migrated.minWriterRelease(), migrated.render());
      assertEquals(List.of(), migrated.drift(), migrated.render());
      assertNewLayoutIntact(db, HOSTS);
      assertOldLayoutIntact(db, HOSTS);

      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, false),
          "servers stopped writing the old layout while it was CONTRACTING", "rerun with --force");

      ShardStatus expanded = migrator().rollback(shard, V2, true);
      assertEquals(Phase.EXPANDED, expanded.phase(V2), expanded.render());
      assertEquals(V1, expanded.minWriterRelease(), expanded.render());
      assertEquals(List.of(), expanded.drift(), expanded.render());
      assertOldLayoutIntact(db, HOSTS);

      ShardStatus pending = migrator().rollback(shard, V2, false);
      assertEquals(Phase.PENDING, pending.phase(V2), "all the way back: " + pending.render());
      assertEquals(List.of(), pending.drift(), pending.render());
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void contractedIsRefusedEvenWithForce(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.CONTRACTED, HOSTS);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, true),
          "contract dropped the old layout; CONTRACTED cannot be rolled back", "; restore the old columns");
      assertNewLayoutIntact(db, HOSTS);
    }
  }

  /**
   * A contract that stopped half-way (here: a table the operator added still references {@code audit_entry},
   * so its drop fails after every column drop ran) has already dropped old columns. Going back to MIGRATED
   * would claim a layout that is gone; the rollback must be refused, and contract finishes once the cause
   * is fixed.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aContractThatAlreadyDroppedOldColumnsCannotBeRolledBackAndFinishesOnceItsCauseIsFixed(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.MIGRATED, HOSTS);
      execute(db, "CREATE TABLE audit_ref (id bigint NOT NULL PRIMARY KEY, entry_id bigint NOT NULL,"
          + " CONSTRAINT audit_ref_fk FOREIGN KEY (entry_id) REFERENCES audit_entry (id))");
      MigrationRefusedException failed = assertThrows(MigrationRefusedException.class,
          () -> migrator().contract(shard, V2));
      assertTrue(failed.getMessage().startsWith(PREFIX + "the statement for \"drop table audit_entry"),
          failed.getMessage());
      assertEquals(Phase.CONTRACTING, migrator().status(shard).phase(V2));

      MigrationRefusedException refused = assertRefusedUnchanged(shard, PREFIX,
          () -> migrator().rollback(shard, V2, true), "contract");
      assertTrue(refused.getMessage().contains("contract --release 2.0"), "the remedy is to finish contract: "
          + refused.getMessage());

      execute(db, "DROP TABLE audit_ref");
      ShardStatus contracted = migrator().contract(shard, V2);
      assertEquals(Phase.CONTRACTED, contracted.phase(V2), contracted.render());
      assertEquals(List.of(), contracted.drift(), contracted.render());
      assertNewLayoutIntact(db, HOSTS);
    }
  }
}
