package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A converter's {@code @SqlEquivalent} lets the backfill convert inside the database, but the Java converter stays
 * the truth: the migrator compares the two on the first batch and refuses to copy with an expression that computes
 * something else; with the right one every row holds what the converter makes of it.
 */
class SqlEquivalentBackfillTest {
  static final int HOSTS = 40;

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void anSqlEquivalentThatDisagreesWithItsConverterIsRefusedBeforeItCopiesARow(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, HOSTS);
      // kilobytes, not bytes: what a slip of the pen gives
      Migrator wrong = new Migrator(MigratorTestKit.planWithSqlEquivalent("CAST(? AS BIGINT) * 1024"),
          MigratorOptions.defaults().withBatches(10, Duration.ofMillis(50), Duration.ZERO));
      wrong.expand(shard, V2);

      MigrationRefusedException refused = assertThrows(MigrationRefusedException.class, () -> wrong.migrate(shard, V2));

      assertTrue(refused.getMessage().contains("the @SqlEquivalent of dev.crossfade.sample.domain.MegabytesToBytes"
          + " does not compute what its toNew does"), refused.getMessage());
      assertTrue(refused.getMessage().contains("correct the expression of @SqlEquivalent"), refused.getMessage());
      assertEquals(0, count(db, "SELECT count(*) FROM host WHERE memory_bytes IS NOT NULL"),
          "no row of the memory step was copied");
      assertEquals(Phase.MIGRATING, wrong.status(shard).phase(V2));

      // The corrected expression (the sample's own) resumes and finishes.
      Migrator right = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withBatches(10, Duration.ofMillis(50), Duration.ZERO));
      assertEquals(Phase.MIGRATED, right.migrate(shard, V2).phase(V2));
      assertEquals(0, count(db, "SELECT count(*) FROM host WHERE memory_bytes IS NULL"
          + " OR memory_bytes / 1048576 <> memory_mb OR MOD(memory_bytes, 1048576) <> 0"));
    }
  }

  private static long count(TestDatabases.Fresh db, String sql) throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
