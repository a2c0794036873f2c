package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A verify that finds differing rows after every backfill checkpoint is done no longer leaves the shard stuck
 * at MIGRATING: {@code migrate} copies the differing step again (its copies are upserts) and goes on. If rows
 * still differ after that copy, the refusal says the step was copied again and that its checkpoint is reset,
 * and the next {@code migrate} copies it once more.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MigrateRecopyTest {
  static final int HOSTS = 6;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void rowsThatDifferAfterEveryCheckpointIsDoneAreCopiedAgainAndTheShardBecomesMigrated(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.MIGRATING, HOSTS);
      // Every step's checkpoint says done, but only the first batch of the first step was copied.
      List<BackfillSql> steps = MigratorTestKit.plan().backfill(dialect, V2);
      MigratorTestKit.execute(db, "DELETE FROM crossfade_backfill");
      try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO crossfade_backfill"
          + " (" + q(dialect, "release") + ", step, started, next_key, rows_done, done)"
          + " VALUES ('2.0', ?, 1, NULL, ?, 1)")) {
        for (int i = 0; i < steps.size(); i++) {
          ps.setInt(1, i);
          ps.setLong(2, HOSTS);
          ps.executeUpdate();
        }
      }
      assertTrue(MigratorTestKit.scalar(db, steps.get(1).verify()) > 0, "rows differ before the rerun");

      ShardStatus migrated = MigratorTestKit.migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      MigratorTestKit.assertNewLayoutIntact(db, HOSTS);
      WriteFencingTest.assertConsistent(db, shard, dialect);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void rowsThatStillDifferAfterTheCopyAreRefusedSayingSoAndTheNextMigrateCopiesThemAgain(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.MIGRATING, HOSTS);
      // Something outside Crossfade keeps writing the old layout alone: after every batch, host 1 gets a new name.
      AtomicInteger rogue = new AtomicInteger();
      Migrator racing = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(2, Duration.ofMillis(50), Duration.ZERO).withListener(p -> rename(db, rogue.incrementAndGet())));
      MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
          () -> racing.migrate(shard, V2));
      for (String part : List.of(MigratorTestKit.PREFIX, "rows still differ after \"copy host.name -> host.hostname"
          + " (rename)\" although the step was copied again", "its checkpoint is reset, so the next `migrate` copies"
          + " it once more", "run `migrate --release 2.0` again")) {
        assertTrue(refused.getMessage().contains(part), "'" + part + "' in: " + refused.getMessage());
      }
      assertEquals(Phase.MIGRATING, MigratorTestKit.migrator().status(shard).phase(V2));

      ShardStatus migrated = MigratorTestKit.migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = 1 AND hostname = 'rogue-"
          + rogue.get() + "'"), "the last rogue name was copied");
      WriteFencingTest.assertConsistent(db, shard, dialect);
    }
  }

  private static void rename(TestDatabases.Fresh db, int n) {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("UPDATE host SET name = ? WHERE id = 1")) {
      ps.setString(1, "rogue-" + n);
      ps.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String q(Dialect dialect, String name) {
    return dialect == Dialect.POSTGRES ? "\"" + name + "\"" : "`" + name + "`";
  }
}
