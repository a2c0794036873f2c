package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A shard's whole life on real PostgreSQL, MariaDB and H2: the baseline, then 2.0 through every phase,
 * each gate refusing while the fleet forbids the step (naming the blocking server) and passing once it
 * allows it, with the data in its new place at the end and no drift.
 */
class MigratorLifecycleTest {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static GeneratedPlan plan;

  @BeforeAll
  static void compile() {
    plan = GeneratedPlan.load(CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aShardGoesThroughEveryPhaseAndEachGateWaitsForTheFleet(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      List<BackfillProgress> progress = new ArrayList<>();
      Migrator migrator = new Migrator(plan, MigratorOptions.defaults().withListener(progress::add)
          .withBatches(2, Duration.ofMillis(50), Duration.ZERO));
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));

      assertEquals(Phase.CONTRACTED, migrator.expand(shard, V1).phase(V1), "the baseline has no window");
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        for (int i = 1; i <= 5; i++) {
          s.executeUpdate("INSERT INTO host (id, name, ip, os_name, memory_mb, monitored) VALUES (" + i + ", 'h" + i
              + "', '10.0.0." + i + "', 'linux', " + (i * 1024) + ", " + (dialect == Dialect.MARIADB ? "1" : "true")
              + ")");
        }
      }
      fleet.beat(shard, "old-1", V1, 0);
      ShardStatus expanded = migrator.expand(shard, V2);
      assertEquals(Phase.EXPANDED, expanded.phase(V2));
      assertEquals(List.of(), expanded.drift());

      MigrationRefusedException blocked = assertThrows(MigrationRefusedException.class,
          () -> migrator.migrate(shard, V2));
      assertTrue(blocked.getMessage().contains("old-1 (release 1.0"), blocked.getMessage());
      assertTrue(blocked.getMessage().startsWith("shard eu-1, release 2.0: "), blocked.getMessage());
      assertEquals(Phase.EXPANDED, migrator.status(shard).phase(V2), "a refused step changes nothing");

      fleet.leave(shard, "old-1");
      ShardStatus migrated = migrator.migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2));
      assertEquals(V2, migrated.minWriterRelease());
      for (int step = 1; step <= 4; step++) {
        int n = step;
        List<BackfillProgress> ofStep = progress.stream().filter(p -> p.step() == n).toList();
        assertTrue(ofStep.size() >= 2, "a batch of 2 rows first, so 5 rows take several batches: " + ofStep);
        assertEquals(5, ofStep.get(ofStep.size() - 1).rowsDone(), "step " + n + " copied every row");
      }

      fleet.beat(shard, "new-1", V2, migrated.stateVersion());
      MigrationRefusedException notAcked = assertThrows(MigrationRefusedException.class,
          () -> migrator.contract(shard, V2));
      assertTrue(notAcked.getMessage().contains("new-1"), notAcked.getMessage());
      ShardStatus contracting = migrator.status(shard);
      assertEquals(Phase.CONTRACTING, contracting.phase(V2));

      fleet.beat(shard, "new-1", V2, contracting.stateVersion());
      ShardStatus contracted = migrator.contract(shard, V2);
      assertEquals(Phase.CONTRACTED, contracted.phase(V2));
      assertEquals(List.of(), contracted.drift());
      assertThrows(MigrationRefusedException.class, () -> migrator.rollback(shard, V2, true));

      try (Connection c = db.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT h.hostname, h.memory_bytes, n.ip_address FROM host h"
              + " JOIN host_network n ON n.host_id = h.id WHERE h.id = 3")) {
        assertTrue(rs.next());
        assertEquals("h3", rs.getString(1));
        assertEquals(3L * 1024 * 1_048_576L, rs.getLong(2));
        assertEquals("10.0.0.3", rs.getString(3));
      }
    }
  }
}
