package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two servers whose clocks disagree: server "skewed" has a monotonic clock ten minutes ahead, its database
 * sessions run in a time zone thirteen or fourteen hours off, and its network is slow (each reply half a
 * second late). Leases are still the database's: both servers' leases are exactly the lease long from the
 * database's UTC clock, both count as live, and when the skewed server is cut off the registry drops it after
 * one lease, not minutes or hours later. And the skewed server stops writing no later than the registry
 * counts it gone: it measures its lease from when its beat was sent, never from when the late reply came.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClockSkewTest {
  static final Duration LEASE = Duration.ofSeconds(3);
  /**
   * The last guard on how long after the cut the registry may still count the skewed server: one lease plus a
   * generous allowance for a busy machine, and still far from the ten minutes and thirteen hours of skew.
   */
  static final Duration DROP_CEILING = LEASE.plusSeconds(60);
  static final long TEN_MINUTES = TimeUnit.MINUTES.toNanos(10);

  @BeforeAll
  static void compile() {
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void serversWithSkewedClocksGetLeasesByTheDatabaseClockAndStopWritingBeforeTheRegistryDropsThem(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 2);
      String skewedZone = switch (dialect) {
        case POSTGRES -> "SET TIME ZONE 'Pacific/Kiritimati'";
        case MARIADB, MYSQL -> "SET time_zone = '+13:00'";
        case H2 -> "SET TIME ZONE '+13:00'";
      };
      FaultyDataSource skewedWay = new FaultyDataSource(db.url(), skewedZone);
      skewedWay.slowCloseMillis = 500;
      Shard skewedShard = new Shard(shard.name(), skewedWay, dialect);
      ClassLoader loader = SampleCode.v2().loader;
      try (Crossfade normal = Crossfade.builder().shards(shard).serverId("normal").classLoader(loader).lease(LEASE)
              .heartbeat(Duration.ofMillis(300)).start();
          Crossfade skewed = Crossfade.builder().shards(skewedShard).serverId("skewed").classLoader(loader)
              .lease(LEASE).heartbeat(Duration.ofMillis(300)).ticker(() -> System.nanoTime() + TEN_MINUTES).start()) {
        Map<String, LocalDateTime[]> leases = leases(db, shard);
        LocalDateTime dbNow = dbUtcNow(db, shard);
        for (String server : new String[] {"normal", "skewed"}) {
          LocalDateTime[] beatAndUntil = leases.get(server);
          assertNotNull(beatAndUntil, server + " is registered: " + leases.keySet());
          assertEquals(LEASE, Duration.between(beatAndUntil[0], beatAndUntil[1]),
              server + ": the lease is exactly " + LEASE + " of the database's clock");
          assertTrue(Duration.between(beatAndUntil[0], dbNow).abs().compareTo(Duration.ofMinutes(2)) < 0,
              server + ": its last beat is by the database's UTC clock (" + beatAndUntil[0] + " vs now " + dbNow
                  + "), not by its session's time zone");
        }
        assertTrue(live(shard, "normal") && live(shard, "skewed"), "both servers are live");
        assertNull(skewed.refusal(skewedShard, skewed.phases().state(skewedShard), true),
            "a clock ten minutes ahead does not end the skewed server's own lease");

        skewedWay.partitioned = true;
        long cut = System.nanoTime();
        boolean registryDropped = false;
        int checks = 0;
        while (!registryDropped) {
          // Registry first, then the server: a server that may still write after the registry already counted it
          // gone is the failure. (The other order would race the clock between the two reads.)
          registryDropped = !live(shard, "skewed");
          ShardRefusedException fenced = skewed.refusal(skewedShard, skewed.phases().state(skewedShard), true);
          if (fenced == null) {
            assertTrue(!registryDropped, "the skewed server would still write although the registry counts it gone");
          }
          assertTrue(System.nanoTime() - cut < DROP_CEILING.toNanos(),
              "the registry drops a silent server after one lease of the database's clock");
          checks++;
          Thread.sleep(10); // the polling interval of this hand-written await: each check compares two reads
        }
        ShardRefusedException fenced = skewed.refusal(skewedShard, skewed.phases().state(skewedShard), true);
        assertNotNull(fenced, "once its lease is over the skewed server refuses writes");
        assertTrue(fenced.getMessage().contains("this server's lease there ran out"), fenced.getMessage());
        assertTrue(live(shard, "normal"), "the other server kept beating");
        System.out.printf("%s: the registry dropped the silent skewed server %,d ms after the cut (lease %s, %d"
            + " checks, it had fenced itself first)%n", dialect, (System.nanoTime() - cut) / 1_000_000, LEASE, checks);
        skewedWay.partitioned = false;
      }
    }
  }

  private static boolean live(Shard shard, String serverId) throws Exception {
    try (Connection c = shard.dataSource().getConnection()) {
      return FleetRegistry.servers(c, shard).stream().anyMatch(s -> s.serverId().equals(serverId) && s.live());
    }
  }

  private static Map<String, LocalDateTime[]> leases(TestDatabases.Fresh db, Shard shard) throws Exception {
    Map<String, LocalDateTime[]> out = new TreeMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT server_id, last_beat, lease_until FROM crossfade_server")) {
      while (rs.next()) {
        out.put(rs.getString(1), new LocalDateTime[] {rs.getObject(2, LocalDateTime.class),
            rs.getObject(3, LocalDateTime.class)});
      }
    }
    return out;
  }

  private static LocalDateTime dbUtcNow(TestDatabases.Fresh db, Shard shard) throws Exception {
    try (Connection c = db.connect()) {
      return StateStore.dsl(c, db.dialect()).select(FleetRegistry.utcNow(shard)).fetchOne().value1();
    }
  }
}
