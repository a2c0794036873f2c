package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V1;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One server, two shards; the network to one of them freezes (a TCP proxy that forwards nothing and closes
 * nothing, so connects, replies and queries all hang). Each shard beats on its own, and every beat is bounded:
 * the frozen shard's beats end in failures while the network is still frozen, its lease runs out and writes
 * there are refused; the healthy shard keeps its lease all along and serves every write; once the network
 * comes back, the frozen shard's beats succeed again and it takes writes. The migrator counts the server gone
 * on the frozen shard only after its lease.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FrozenShardTest {
  static final Duration LEASE = Duration.ofSeconds(3);

  @BeforeAll
  static void compile() {
    SampleCode.v1();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aFrozenShardNeitherStallsTheHealthyShardsBeatsNorItsWritesAndComesBackCleanly(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh frozenDb = TestDatabases.create(dialect);
        TestDatabases.Fresh healthyDb = TestDatabases.create(dialect);
        TcpProxy proxy = TcpProxy.to(frozenDb.url())) {
      Shard direct = MigratorTestKit.shard(frozenDb);
      Shard healthy = Shard.of("us-1", healthyDb.url());
      Migrator migrator = MigratorTestKit.migrator();
      migrator.expand(direct, V1);
      migrator.expand(healthy, V1);
      // The server reaches eu-1 only through the proxy, with a new connection each time (no pool): while frozen,
      // even connecting hangs.
      Shard frozen = Shard.of(direct.name(), proxy.url(frozenDb.url()));
      SampleCode c1 = SampleCode.v1();
      try (Crossfade server = Crossfade.builder().shards(frozen, healthy).serverId("app-1").classLoader(c1.loader)
          .lease(LEASE).heartbeat(Duration.ofMillis(300)).start()) {
        CrossfadeRepository<Object, Object> onFrozen = c1.hosts(server, frozen.name());
        CrossfadeRepository<Object, Object> onHealthy = c1.hosts(server, healthy.name());
        onFrozen.save(c1.host(HostRow.of(1, 1, 1)));
        onHealthy.save(c1.host(HostRow.of(1, 1, 1)));
        Heartbeat beat = server.heartbeat();

        proxy.freeze();
        long failedBefore = beat.failedBeats(frozen);
        AtomicLong next = new AtomicLong(100);
        // While frozen: every write to the healthy shard succeeds and its lease never lapses, until the frozen
        // shard's beats have ended (failed) twice and its lease has run out.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
          onHealthy.save(c1.host(HostRow.of(next.getAndIncrement(), 1, 1)));
          Duration since = beat.sinceLastSuccess(healthy);
          assertTrue(since.compareTo(LEASE) < 0, "the healthy shard's lease holds: last beat " + since + " ago");
          return beat.failedBeats(frozen) >= failedBefore + 2 && beat.sinceLastSuccess(frozen).compareTo(LEASE) > 0;
        });
        ShardRefusedException refused = assertThrows(ShardRefusedException.class,
            () -> onFrozen.save(c1.host(HostRow.of(2, 1, 1))));
        assertTrue(refused.getMessage().contains("lease there ran out"), refused.getMessage());
        assertTrue(servers(healthy).stream().anyMatch(s -> s.serverId().equals("app-1") && s.live()),
            "the healthy shard's registry shows the server live: " + servers(healthy));
        await().atMost(Duration.ofSeconds(30)).until(() -> servers(direct).stream().noneMatch(ServerInfo::live));
        assertEquals(next.get() - 100 + 1, onHealthy.count(), "every write to the healthy shard was kept");

        proxy.resume();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .until(() -> beat.sinceLastSuccess(frozen).compareTo(LEASE) < 0);
        onFrozen.save(c1.host(HostRow.of(3, 1, 1)));
        assertEquals(2, onFrozen.count(), "back: writes there work again, and the refused one wrote nothing");
        assertTrue(servers(direct).stream().anyMatch(s -> s.serverId().equals("app-1") && s.live()));
      }
    }
  }

  private static List<ServerInfo> servers(Shard shard) throws Exception {
    try (Connection c = shard.dataSource().getConnection()) {
      return FleetRegistry.servers(c, shard);
    }
  }
}
