package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by the benchmarks: after a backfill, PostgreSQL still plans with the statistics taken while the new
 * columns were empty and the split-off tables had never been analyzed, so a finder on {@code hostname} got a
 * hash join over whole tables (26 ms instead of 0.1 ms at 100,000 hosts) until autovacuum came by. migrate
 * therefore analyzes every table its backfill wrote before it records MIGRATED.
 */
class MigrateRefreshesStatisticsTest {

  @Test
  void migrateAnalyzesTheTablesItsBackfillWroteOnPostgres() throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(Dialect.POSTGRES)) {
      MigratorTestKit.shardAt(db, Phase.MIGRATED, 50);
      try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
          "SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname IN ('host', 'host_network', 'host_os')"
              + " ORDER BY relname")) {
        try (ResultSet rs = ps.executeQuery()) {
          for (String table : List.of("host", "host_network", "host_os")) {
            assertTrue(rs.next(), table + " has statistics");
            assertEquals(table, rs.getString(1));
            assertTrue(rs.getTimestamp(2) != null, table + " was analyzed by migrate");
          }
        }
      }
    }
  }
}
