package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.PREFIX;
import static dev.crossfade.runtime.MigratorTestKit.V1;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static dev.crossfade.runtime.MigratorTestKit.assertNewLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertOldLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertRefusedUnchanged;
import static dev.crossfade.runtime.MigratorTestKit.awaitDbSecondFraction;
import static dev.crossfade.runtime.MigratorTestKit.migrator;
import static dev.crossfade.runtime.MigratorTestKit.shardAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gates of DESIGN section 3 against the fleet registry, on real PostgreSQL, MariaDB and H2: each refuses
 * while the fleet forbids the step, naming the servers that block it, and passes once the fleet allows it;
 * a server whose lease ran out never blocks.
 */
class MigratorFleetGateTest {
  static final int HOSTS = 5;

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  /** A server that beat once with a 1-second lease and then went away: its lease has run out. */
  static void registerGoneServer(TestDatabases.Fresh db, Shard shard, String id, long seen) throws Exception {
    new FleetRegistry(Duration.ofSeconds(1)).beat(shard, id, V2, seen);
    Thread.sleep(1_500);
    ServerInfo gone = migrator().status(shard).servers().stream().filter(s -> s.serverId().equals(id)).findFirst()
        .orElseThrow();
    assertFalse(gone.live(), "its lease of 1 s ran out 1.5 s ago: " + gone);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void migrateIsRefusedWhileALive10ServerIsRegisteredAndPassesOnceItLeaves(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
      fleet.beat(shard, "old-1", V1, 0);
      fleet.beat(shard, "new-1", V2, 0);

      MigrationRefusedException e = assertRefusedUnchanged(shard, PREFIX, () -> migrator().migrate(shard, V2),
          "live servers older than 2.0 are still registered: old-1 (release 1.0", "; upgrade or stop them");
      assertFalse(e.getMessage().contains("new-1"), "a 2.0 server does not block migrate: " + e.getMessage());

      fleet.leave(shard, "old-1");
      ShardStatus migrated = migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      assertEquals(V2, migrated.minWriterRelease());
      assertNewLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void migrateIsRefusedWhileA10ServersLeaseRunsAndPassesOnceItExpired(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.EXPANDED, HOSTS);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(1));
      // beat early in the database's second: this test is about the gate, not about sub-second rounding
      awaitDbSecondFraction(db, 0.0, 0.3);
      fleet.beat(shard, "old-1", V1, 0);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().migrate(shard, V2), "old-1 (release 1.0",
          "a stopped server blocks until its lease runs out");

      Thread.sleep(1_500);
      ShardStatus migrated = migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      List<ServerInfo> servers = migrated.servers();
      assertEquals(1, servers.size(), "an expired server stays registered: " + servers);
      assertFalse(servers.get(0).live(), servers.toString());
      assertTrue(servers.get(0).toString().contains("lease expired"), servers.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void contractIsRefusedUntilEveryLiveServerHasBeatenWithTheContractingStateVersion(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.MIGRATED, HOSTS);
      long migratedVersion = migrator().status(shard).stateVersion();
      registerGoneServer(db, shard, "gone-1", 0);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
      fleet.beat(shard, "new-1", V2, migratedVersion);
      fleet.beat(shard, "new-2", V2, migratedVersion);

      MigrationRefusedException first = assertThrows(MigrationRefusedException.class,
          () -> migrator().contract(shard, V2));
      ShardStatus contracting = migrator().status(shard);
      long contractingVersion = contracting.stateVersion();
      assertEquals(Phase.CONTRACTING, contracting.phase(V2), "servers are told first: " + contracting.render());
      assertTrue(contractingVersion > migratedVersion);
      assertTrue(first.getMessage().startsWith(PREFIX + "live servers have not acknowledged CONTRACTING (state version "
          + contractingVersion + "): new-1 (release 2.0"), first.getMessage());
      assertTrue(first.getMessage().contains("new-2"), first.getMessage());
      assertTrue(first.getMessage().contains("; the phase stays CONTRACTING; run `contract --release 2.0` again"),
          first.getMessage());
      assertFalse(first.getMessage().contains("gone-1"), "an expired lease never blocks: " + first.getMessage());
      assertEquals(List.of(), contracting.drift(), "nothing was dropped: " + contracting.render());
      assertOldLayoutIntact(db, HOSTS);

      fleet.beat(shard, "new-1", V2, contractingVersion);
      fleet.beat(shard, "new-2", V2, contractingVersion - 1);
      MigrationRefusedException second = assertRefusedUnchanged(shard, PREFIX,
          () -> migrator().contract(shard, V2), "new-2 (release 2.0, saw state " + (contractingVersion - 1));
      assertFalse(second.getMessage().contains("new-1"), "new-1 has acknowledged: " + second.getMessage());

      fleet.beat(shard, "new-2", V2, contractingVersion);
      ShardStatus contracted = migrator().contract(shard, V2);
      assertEquals(Phase.CONTRACTED, contracted.phase(V2), contracted.render());
      assertEquals(List.of(), contracted.drift(), contracted.render());
      assertNewLayoutIntact(db, HOSTS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void rollbackToExpandedIsImmediateButLowersTheMinWriterOnlyOnceEveryLiveServerAcknowledged(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, Phase.MIGRATED, HOSTS);
      long migratedVersion = migrator().status(shard).stateVersion();
      registerGoneServer(db, shard, "gone-1", 0);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
      fleet.beat(shard, "new-1", V2, migratedVersion);

      MigrationRefusedException first = assertThrows(MigrationRefusedException.class,
          () -> migrator().rollback(shard, V2, false));
      ShardStatus expanded = migrator().status(shard);
      long expandedVersion = expanded.stateVersion();
      assertEquals(Phase.EXPANDED, expanded.phase(V2), "the phase goes back at once: " + expanded.render());
      assertEquals(V2, expanded.minWriterRelease(), "only 2.0 writes until every server saw EXPANDED");
      assertTrue(first.getMessage().startsWith(PREFIX + "live servers have not acknowledged EXPANDED (state version "
          + expandedVersion + "): new-1 (release 2.0"), first.getMessage());
      assertTrue(first.getMessage().contains("; min_writer_release stays 2.0"), first.getMessage());
      assertTrue(first.getMessage().contains("run `rollback --release 2.0` again"), first.getMessage());
      assertFalse(first.getMessage().contains("gone-1"), "an expired lease never blocks: " + first.getMessage());
      assertEquals(List.of(), expanded.drift(), expanded.render());

      assertRefusedUnchanged(shard, PREFIX, () -> migrator().rollback(shard, V2, false),
          "live servers have not acknowledged EXPANDED", "new-1");

      fleet.beat(shard, "new-1", V2, expandedVersion);
      ShardStatus lowered = migrator().rollback(shard, V2, false);
      assertEquals(Phase.EXPANDED, lowered.phase(V2), "the second rollback only lowers the min writer: "
          + lowered.render());
      assertEquals(V1, lowered.minWriterRelease(), lowered.render());
      assertTrue(lowered.stateVersion() > expandedVersion, "servers must see the lowered min writer too");
      assertEquals(List.of(), lowered.drift(), lowered.render());
      assertOldLayoutIntact(db, HOSTS);

      // now 1.0 servers may come back and write
      fleet.beat(shard, "old-1", V1, lowered.stateVersion());
      fleet.beat(shard, "new-1", V2, lowered.stateVersion());
      MigratorTestKit.insertHosts(db, HOSTS + 1, HOSTS + 1);
      assertOldLayoutIntact(db, HOSTS + 1);
    }
  }

  /**
   * A lease is a promise (DESIGN section 3): a server that beat with a 1-second lease stays live for that
   * second, whenever in the second it beat. The beat is placed late in the database's second and checked
   * half a second later.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aOneSecondLeaseKeepsTheServerLiveForTheWholeSecondWheneverItBeat(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 0);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(1));
      awaitDbSecondFraction(db, 0.6, 0.75);
      fleet.beat(shard, "old-1", V1, 0);
      Thread.sleep(450);
      List<ServerInfo> servers;
      try (Connection c = db.connect()) {
        servers = FleetRegistry.servers(c, shard);
      }
      assertEquals(1, servers.size());
      assertTrue(servers.get(0).live(), "0.45 s into a 1 s lease the server is live: " + servers.get(0));
    }
  }
}
