package dev.crossfade.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Heartbeats run in the background, keep the lease, carry the seen state version, and leave on close. */
class HeartbeatTest {
  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void backgroundBeatsKeepTheServerLiveWithItsSeenVersionAndCloseLeavesTheRegistry(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("eu-1", db.url());
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(1));
      AtomicLong seen = new AtomicLong(7);
      LocalDateTime firstBeat;
      try (Heartbeat beat = Heartbeat.start(fleet, List.of(shard), "app-1", Version.parse("2.0"),
          Duration.ofMillis(100), s -> seen.get())) {
        firstBeat = only(servers(shard, db)).lastBeat();
        assertEquals(7, only(servers(shard, db)).seenStateVersion());
        seen.set(9);
        // until a beat more than one lease after the first: only the background beats keep it alive
        LocalDateTime afterOneLease = firstBeat.plus(fleet.lease());
        ServerInfo later = await("a background beat one lease after the first").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50)).until(() -> only(servers(shard, db)),
                s -> s.lastBeat().isAfter(afterOneLease) && s.live()
                    && beat.sinceLastSuccess(shard).compareTo(fleet.lease()) < 0);
        assertTrue(later.live(), "beats every 100 ms renew a 1 s lease: " + later);
        assertTrue(later.lastBeat().isAfter(firstBeat), later + " after " + firstBeat);
        assertEquals(9, later.seenStateVersion(), "each beat reports the state version seen now");
      }
      assertEquals(List.of(), servers(shard, db), "close leaves the registry");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"H2"})
  void anUnreachableShardIsRetriedWithoutStoppingTheBeatsOfTheOthers(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard up = Shard.of("up", db.url());
      Shard down = Shard.of("down", "jdbc:h2:mem:nowhere;IFEXISTS=TRUE");
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(2));
      try (Heartbeat beat = Heartbeat.start(fleet, List.of(down, up), "app-1", Version.parse("2.0"),
          Duration.ofMillis(100), s -> 0)) {
        // until the shard that is up has had beats after its first: the one that is down did not stop them
        LocalDateTime first = only(servers(up, db)).lastBeat();
        ServerInfo later = await("beats go on on the shard that is up").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50)).until(() -> only(servers(up, db)), s -> s.lastBeat().isAfter(first));
        assertNull(beat.sinceLastSuccess(down));
        assertTrue(later.live(), later.toString());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"H2"})
  void aServerOnFortyShardsBeatsOnEveryOneWithABoundedNumberOfThreads(Dialect dialect) throws Exception {
    List<TestDatabases.Fresh> dbs = new java.util.ArrayList<>();
    try {
      List<Shard> shards = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        TestDatabases.Fresh db = TestDatabases.create(dialect);
        dbs.add(db);
        shards.add(Shard.of("s" + i, db.url()));
      }
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(3));
      try (Heartbeat beat = Heartbeat.start(fleet, shards, "app-many", Version.parse("2.0"), Duration.ofMillis(100),
          s -> 0)) {
        for (int i = 0; i < shards.size(); i++) {
          assertTrue(only(servers(shards.get(i), dbs.get(i))).live(), "registered on " + shards.get(i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> shards.stream()
            .allMatch(s -> beat.sinceLastSuccess(s) != null));
        long threads = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("crossfade-heartbeat-app-many")).count();
        assertTrue(threads > 0 && threads <= Heartbeat.MAX_THREADS, threads + " heartbeat threads for 40 shards");
      }
    } finally {
      for (TestDatabases.Fresh db : dbs) {
        db.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"H2"})
  void aBeatSlowerThanHalfTheLeaseIsRejected(Dialect dialect) {
    FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(10));
    assertThrows(IllegalArgumentException.class, () -> Heartbeat.start(fleet, List.of(), "app-1",
        Version.parse("2.0"), Duration.ofSeconds(6), s -> 0));
  }

  private static List<ServerInfo> servers(Shard shard, TestDatabases.Fresh db) throws Exception {
    try (Connection c = db.connect()) {
      return FleetRegistry.servers(c, shard);
    }
  }

  private static ServerInfo only(List<ServerInfo> servers) {
    assertEquals(1, servers.size(), servers.toString());
    return servers.get(0);
  }
}
