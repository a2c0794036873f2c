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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
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
  /** The longest the test waits for a lease to run out: a lease that never ends, not a slow machine. */
  static final Duration CEILING = Duration.ofSeconds(60);

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  /** A server that beat once with a 1-second lease and then went away: its lease has run out. */
  static void registerGoneServer(TestDatabases.Fresh db, Shard shard, String id, long seen) throws Exception {
    new FleetRegistry(Duration.ofSeconds(1)).beat(shard, id, V2, seen);
    ServerInfo gone = await("the lease of 1 s runs out").atMost(CEILING).pollInterval(Duration.ofMillis(100))
        .until(() -> server(shard, id), s -> !s.live());
    assertFalse(gone.live(), "its lease of 1 s ran out: " + gone);
  }

  private static ServerInfo server(Shard shard, String id) {
    return migrator().status(shard).servers().stream().filter(s -> s.serverId().equals(id)).findFirst()
        .orElseThrow();
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
      // A lease long enough that the refusal below is checked within it on a busy machine too.
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(5));
      // beat early in the database's second: this test is about the gate, not about sub-second rounding
      awaitDbSecondFraction(db, 0.0, 0.3);
      fleet.beat(shard, "old-1", V1, 0);
      assertRefusedUnchanged(shard, PREFIX, () -> migrator().migrate(shard, V2), "old-1 (release 1.0",
          "a stopped server blocks until its lease runs out");

      await("the stopped server's lease runs out").atMost(CEILING).pollInterval(Duration.ofMillis(100))
          .until(() -> server(shard, "old-1"), s -> !s.live());
      ShardStatus migrated = migrator().migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrated.phase(V2), migrated.render());
      List<ServerInfo> servers = migrated.servers();
      assertEquals(1, servers.size(), "an expired server stays registered: " + servers);
      assertFalse(servers.get(0).live(), servers.toString());
      assertTrue(servers.get(0).toString().contains("lease ended"), servers.toString());
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
   * second, whenever in the second it beat. The beat is placed late in the database's second and checked once
   * the database's clock has passed into the next second, where a lease rounded to whole seconds would have
   * ended. A check that a busy machine delayed past the lease proves nothing either way, so it is made again
   * with a new beat.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aOneSecondLeaseKeepsTheServerLiveForTheWholeSecondWheneverItBeat(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 0);
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(1));
      List<String> tooLate = new java.util.ArrayList<>();
      for (int trial = 1; ; trial++) {
        String id = "old-" + trial;
        awaitDbSecondFraction(db, 0.6, 0.75);
        fleet.beat(shard, id, V1, 0);
        LocalDateTime beat;
        try (Connection c = db.connect()) {
          beat = FleetRegistry.servers(c, shard).stream().filter(s -> s.serverId().equals(id)).findFirst()
              .orElseThrow().lastBeat();
        }
        LocalDateTime nextSecond = beat.withNano(0).plusSeconds(1);
        await("the database's clock passes into the next second").atMost(CEILING)
            .pollInterval(Duration.ofMillis(10)).until(() -> !dbUtcNow(db, shard).isBefore(nextSecond));
        ServerInfo server;
        LocalDateTime checkedBy;
        try (Connection c = db.connect()) {
          server = FleetRegistry.servers(c, shard).stream().filter(s -> s.serverId().equals(id)).findFirst()
              .orElseThrow();
          checkedBy = dbUtcNow(db, shard);
        }
        if (Duration.between(beat, checkedBy).compareTo(fleet.lease()) < 0) {
          assertTrue(server.live(), Duration.between(beat, checkedBy).toMillis() + " ms into a 1 s lease that began"
              + " late in its second, the server is live: " + server);
          return;
        }
        tooLate.add(id + " checked " + Duration.between(beat, checkedBy).toMillis() + " ms after its beat");
        assertTrue(trial < 20, "never checked within the lease: " + tooLate);
      }
    }
  }

  private static LocalDateTime dbUtcNow(TestDatabases.Fresh db, Shard shard) throws Exception {
    try (Connection c = db.connect()) {
      return StateStore.dsl(c, db.dialect()).select(FleetRegistry.utcNow(shard)).fetchOne().value1();
    }
  }
}
