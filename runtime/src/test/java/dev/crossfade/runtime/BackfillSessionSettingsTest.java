package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V1;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the backfill commits its batches without waiting for the WAL flush ({@code synchronous_commit =
 * off}, a batch and its checkpoint are lost or kept together); the application's pooled sessions get back the
 * setting they had.
 */
class BackfillSessionSettingsTest {
  @Test
  void aPostgresBackfillGivesPooledSessionsBackTheirSynchronousCommit() throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(Dialect.POSTGRES);
        PooledDataSource pool = new PooledDataSource(db.url())) {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        // every new session of this database starts with 'local', so a session the migrator left at 'off' shows
        s.execute("ALTER DATABASE \"" + db.name() + "\" SET synchronous_commit = local");
      }
      Shard shard = new Shard("eu-1", pool, Dialect.POSTGRES);
      Migrator migrator = new Migrator(MigratorTestKit.plan(),
          MigratorOptions.defaults().withBatches(5, Duration.ofMillis(50), Duration.ZERO));
      migrator.expand(shard, V1);
      MigratorTestKit.insertHosts(db, 1, 30);
      migrator.expand(shard, V2);

      assertEquals(Phase.MIGRATED, migrator.migrate(shard, V2).phase(V2));

      List<Connection> sessions = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) { // the pool's idle sessions first, then new ones
          Connection c = pool.getConnection();
          sessions.add(c);
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            assertEquals("local", rs.getString(1), "session " + i);
          }
        }
      } finally {
        for (Connection c : sessions) {
          c.close();
        }
      }
    }
  }
}
