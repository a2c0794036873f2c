package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.PREFIX;
import static dev.crossfade.runtime.MigratorTestKit.V1;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static dev.crossfade.runtime.MigratorTestKit.assertOldLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertRefusedUnchanged;
import static dev.crossfade.runtime.MigratorTestKit.migrator;
import static dev.crossfade.runtime.MigratorTestKit.shardAt;
import static dev.crossfade.runtime.MigratorTestKit.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an operator gets wrong, on real PostgreSQL, MariaDB and H2: each mistake is refused with a message
 * that says what to do, and the shard's state is what it was.
 */
class MigratorOperatorMistakeTest {
  static final int HOSTS = 4;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void contractBeforeMigrateIsRefused(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().contract(shard, V2), "it is EXPANDED here, not MIGRATED",
          "; run `migrate --release 2.0` first");
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void migrateOnAShardWhere20WasNeverExpandedIsRefused(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.PENDING, HOSTS);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().migrate(shard, V2), "it is PENDING here, not EXPANDED",
          "; run `expand --release 2.0` first");
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void migrateOrExpandOfReleaseTwoOnAnEmptyDatabaseIsRefused(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shard(db);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().migrate(shard, V2), "it is PENDING here, not EXPANDED",
          "; run `expand --release 2.0` first");
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().expand(shard, V2), "release 1.0 is PENDING here",
          "; finish it first: its next step is `expand --release 1.0`");
      ShardStatus status = migrator().status(shard);
      assertEquals(Phase.PENDING, status.phase(V1), status.render());
      assertEquals(Phase.PENDING, status.phase(V2), status.render());
      assertEquals(List.of(), status.drift(), "nothing was created: " + status.render());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void expandTwiceIsRefused(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().expand(shard, V2),
          "it is already EXPANDED here; there is nothing to expand", "; see `status`; the next step is `migrate`");
      assertRefusedUnchanged(shard, "shard eu-1, release 1.0: ", () -> migrator().expand(shard, V1),
          "it is already CONTRACTED here");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void anUnknownReleaseIsRefusedByEveryVerbNamingTheKnownReleases(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      Version unknown = Version.parse("9.9");
      String prefix = "shard eu-1, release 9.9: ";
      String[] says = {"this application's plan has no release 9.9", "; use one of 1.0, 2.0"};
      assertRefusedUnchanged(shard, prefix, () -> migrator().expand(shard, unknown), says);
      assertRefusedUnchanged(shard, prefix, () -> migrator().migrate(shard, unknown), says);
      assertRefusedUnchanged(shard, prefix, () -> migrator().contract(shard, unknown), says);
      assertRefusedUnchanged(shard, prefix, () -> migrator().rollback(shard, unknown, false), says);
      assertRefusedUnchanged(shard, prefix, () -> migrator().rollback(shard, unknown, true), says);
      assertEquals(Phase.EXPANDED, migrator().status(shard).phase(V2));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void rollbackOfAPendingReleaseIsRefusedEvenWithForce(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.PENDING, HOSTS);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, false),
          "it is PENDING here; there is nothing to roll back", "; see `status`");
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, true),
          "it is PENDING here; there is nothing to roll back");
      assertRefusedUnchanged(shard, "shard eu-1, release 1.0: ", () -> migrator().rollback(shard, V1, true),
          "CONTRACTED cannot be rolled back");
      assertRefusedUnchanged(shard, "shard eu-1, release 1.0: ", () -> migrator().migrate(shard, V1),
          "the baseline has no window to migrate");
      assertOldLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aShardNameThatDiffersFromTheOneRecordedInTheDatabaseIsRefusedByEveryVerbAndStatus(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      Shard other = Shard.of("other", db.url());
      String[] says = {"the database behind this URL is shard 'eu-1', not 'other'",
          "; check the --shard NAME=JDBC_URL pairs"};
      assertRefusedUnchanged(shard, "shard other, release 2.0: ", () -> migrator().expand(other, V2), says);
      assertRefusedUnchanged(shard, "shard other, release 2.0: ", () -> migrator().migrate(other, V2), says);
      assertRefusedUnchanged(shard, "shard other, release 2.0: ", () -> migrator().contract(other, V2), says);
      assertRefusedUnchanged(shard, "shard other, release 2.0: ", () -> migrator().rollback(other, V2, true), says);
      assertRefusedUnchanged(shard, "shard other: ", () -> migrator().status(other), says);
      MigrationRefusedException beat = assertThrows(MigrationRefusedException.class,
          () -> new FleetRegistry(java.time.Duration.ofSeconds(60)).beat(other, "app-1", V2, 0));
      assertTrue(beat.getMessage().contains(says[0]), beat.getMessage());
      MigratorTestKit.Snapshot after = snapshot(shard);
      assertEquals(Phase.EXPANDED, after.phases().get(V2));
      assertEquals(List.of(), migrator().status(shard).servers(), "the misnamed server was not registered");
      assertOldLayoutIntact(db, HOSTS);
    }
  }
}
