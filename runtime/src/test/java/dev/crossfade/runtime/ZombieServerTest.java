package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A release 1.0 server loses its network to the shard while 2.0 is EXPANDED. Its lease runs out, so the
 * migrator no longer counts it and takes the shard to MIGRATING. While it is away it fences itself (its
 * cached phases still say EXPANDED, but its lease ran out). When it comes back, with the stale cache, its
 * writes are refused naming the shard and the minimum writer release, and write nothing; its reads still work
 * while the old layout exists (MIGRATING, MIGRATED, where 2.0 keeps that layout current); once the shard is
 * CONTRACTING it is refused entirely.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZombieServerTest {
  static final Duration LEASE = Duration.ofSeconds(2);
  /** The longest the test waits for the lease to run out: a lease that never ends, not a slow machine. */
  static final Duration CEILING = Duration.ofSeconds(60);

  @BeforeAll
  static void compile() {
    SampleCode.v1();
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void a10ServerBackAfterMigratingIsRefusedWritesNamingTheMinimumReleaseReadsUntilContractingThenEverything(
      Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      FaultyDataSource zombieWay = new FaultyDataSource(db.url(), null);
      Shard zombieShard = new Shard(shard.name(), zombieWay, dialect);
      SampleCode c1 = SampleCode.v1();
      SampleCode c2 = SampleCode.v2();
      try (Crossfade s2 = c2.start("server-2.0", shard);
          Crossfade zombie = Crossfade.builder().shards(zombieShard).serverId("zombie-1.0").classLoader(c1.loader)
              .lease(LEASE).heartbeat(Duration.ofMillis(200)).start()) {
        CrossfadeRepository<Object, Object> r1 = c1.hosts(zombie, MigratorTestKit.SHARD);
        CrossfadeRepository<Object, Object> r2 = c2.hosts(s2, MigratorTestKit.SHARD);
        r1.save(c1.host(HostRow.of(101, 1, 1)));
        MigrationRefusedException gate = assertThrows(MigrationRefusedException.class,
            () -> MigratorTestKit.migrator().migrate(shard, V2));
        assertTrue(gate.getMessage().contains("zombie-1.0"), "the live 1.0 server blocks migrate: " + gate.getMessage());

        // Away: the network to the shard is cut; the migrator waits out the lease and starts the backfill.
        zombieWay.partitioned = true;
        MigrationRefusedException[] stopped = {null};
        Migrator oneBatch = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults()
            .withBatches(2, Duration.ofMillis(50), Duration.ZERO).withListener(p -> {
              throw new MigratorTestKit.StopBackfill();
            }));
        try {
          await("the silent server's lease runs out and migrate starts").atMost(CEILING)
              .pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                  oneBatch.migrate(shard, V2);
                } catch (MigratorTestKit.StopBackfill afterOneBatch) {
                  return true;
                } catch (MigrationRefusedException stillLive) {
                  stopped[0] = stillLive;
                }
                return false;
              });
        } catch (ConditionTimeoutException e) {
          throw new AssertionError("the silent server's lease never ran out: " + stopped[0], e);
        }
        assertEquals(Phase.MIGRATING, MigratorTestKit.migrator().status(shard).phase(V2));
        assertEquals(Phase.EXPANDED, zombie.phases().state(zombieShard).phase(V2), "its cache is stale");
        ShardRefusedException fenced = zombie.refusal(zombieShard, zombie.phases().state(zombieShard), true);
        assertNotNull(fenced, "while away, with its lease run out, it refuses writes although its cache allows them");
        assertTrue(fenced.getMessage().contains("lease there ran out"), fenced.getMessage());

        // Back, still holding the stale EXPANDED phases.
        zombieWay.partitioned = false;
        List<Map<String, Object>> before = all(c2, r2);
        refusedNothingWritten(c2, r2, before, () -> r1.save(c1.host(HostRow.of(1, 9, 1))), "shard eu-1",
            "refuses code release 1.0 (shard at release 2.0): only release 2.0 or later may write");
        refusedNothingWritten(c2, r2, before, () -> r1.save(c1.host(HostRow.of(102, 9, 1))), "only release 2.0");
        refusedNothingWritten(c2, r2, before, () -> r1.deleteById(101L), "only release 2.0");
        refusedNothingWritten(c2, r2, before, () -> c1.call(r1, "deleteByStatus", c1.statusOf("ACTIVE")),
            "only release 2.0");
        assertEquals(c1.expected(HostRow.of(101, 1, 1), false), c1.view(r1.findById(101L).orElseThrow()),
            "its reads still work while MIGRATING");
        assertEquals(5, r1.count());

        // MIGRATED: 2.0 writes both layouts, so the zombie reads 2.0's writes from the old one.
        MigratorTestKit.migrator().migrate(shard, V2);
        HostRow by2 = HostRow.of(101, 5, 3);
        r2.save(c2.host(by2));
        assertEquals(c1.expected(by2, false), c1.view(r1.findById(101L).orElseThrow()),
            "its reads still work while MIGRATED, and see 2.0's writes");

        // CONTRACTING (a lagging server holds the contract there): the zombie is refused entirely.
        FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
        fleet.beat(shard, "lagging", V2, 0);
        assertThrows(MigrationRefusedException.class, () -> MigratorTestKit.migrator().contract(shard, V2));
        fleet.leave(shard, "lagging");
        zombie.phases().refresh(zombieShard);
        // The 2.0 server too, before its view is taken: otherwise its heartbeat may see CONTRACTING only between
        // this view and the one compared with it, and a field 2.0 deprecated then reads as its default.
        s2.phases().refresh(shard);
        List<Map<String, Object>> contracting = all(c2, r2);
        for (Executable call : List.<Executable>of(() -> r1.findById(101L), r1::findAll, r1::count,
            () -> c1.call(r1, "findByName", "h1"), () -> r1.save(c1.host(HostRow.of(103, 1, 1))))) {
          ShardRefusedException e = assertThrows(ShardRefusedException.class, call);
          assertTrue(e.getMessage().contains("shard eu-1 refuses code release 1.0 (shard at release 2.0): release 2.0"
              + " is CONTRACTING there"), e.getMessage());
          assertTrue(e.getMessage().contains("upgrade this server to release 2.0 or later"), e.getMessage());
        }
        assertEquals(contracting, all(c2, r2));
      }
    }
  }

  private static void refusedNothingWritten(SampleCode c2, CrossfadeRepository<Object, Object> r2,
      List<Map<String, Object>> before, Executable call, String... parts) {
    ShardRefusedException e = assertThrows(ShardRefusedException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("send writes to a server of release 2.0 or later; reads still work here"),
        e.getMessage());
    assertEquals(before, all(c2, r2), "a refused write writes nothing");
  }

  private static List<Map<String, Object>> all(SampleCode code, CrossfadeRepository<Object, Object> repo) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object h : repo.findAll()) {
      out.add(code.view(h));
    }
    return out;
  }
}
