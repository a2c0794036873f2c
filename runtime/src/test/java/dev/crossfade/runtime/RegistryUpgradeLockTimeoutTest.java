package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21, item 1: the registry's one-time upgrade (a {@code crossfade_server} made by a runtime older than
 * fencing has no {@code token} column) takes that table's strongest lock, and every write's fencing check reads
 * the table; so the upgrade waits for a transaction on it at most the migrator's lock timeout, is refused saying
 * so, and goes through once the transaction ended. Without the bound the verb waits for the blocker (and the
 * test's timeout ends it).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RegistryUpgradeLockTimeoutTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void theRegistryUpgradeWaitsAtMostTheLockTimeoutForATransactionOnTheRegistry(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 2);
      MigratorTestKit.execute(db, "ALTER TABLE crossfade_server DROP COLUMN token");
      Migrator migrator = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
          .withLockTimeout(Duration.ofSeconds(1)));
      try (Connection blocker = db.connect(); Statement s = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        s.executeQuery("SELECT count(*) FROM crossfade_server").close(); // a reader: holds the table until it ends
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
            () -> migrator.expand(shard, V2));
        assertTrue(refused.getMessage().startsWith("shard eu-1, release 2.0: the one-time upgrade of Crossfade's fleet"
            + " registry (adding crossfade_server.token) waited longer than the lock timeout of 1000 ms"),
            refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; run the same command again"), refused.getMessage());
        blocker.rollback();
      }
      assertEquals(Phase.EXPANDED, migrator.expand(shard, V2).phase(V2), "once the reader ended, it goes through");
      assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM crossfade_server WHERE token IS NOT NULL"));
    }
  }
}
