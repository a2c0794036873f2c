package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One id is one server. MariaDB's registry compares ids without case, so {@code APP-1} and {@code app-1} were one
 * registration there, and a 2.0 server's beats kept a 1.0 server "live" or hid it; Crossfade treats ids without
 * case on every database. A second live server under an id (in any case) is refused at start, naming the one
 * that holds it, and registers nothing; ids the registry cannot hold are refused before anything is written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerIdTest {
  @BeforeAll
  static void compile() {
    SampleCode.v1();
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aSecondLiveServerWithTheSameIdInAnyCaseIsRefusedAtStartAndTheFirstKeepsItsRegistration(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 2);
      SampleCode c1 = SampleCode.v1();
      SampleCode c2 = SampleCode.v2();
      try (Crossfade first = c1.start("APP-1", shard)) {
        for (String id : List.of("app-1", "APP-1", "App-1")) {
          ServerIdConflictException e = assertThrows(ServerIdConflictException.class, () -> c2.start(id, shard));
          assertTrue(e.getMessage().startsWith("shard eu-1: server id '" + id + "' is already registered by another"
              + " live server ('APP-1', release 1.0, lease until "), e.getMessage());
          assertTrue(e.getMessage().contains("give this server its own id"), e.getMessage());
        }
        List<ServerInfo> servers = servers(shard);
        assertEquals(1, servers.size(), "the refused starts registered nothing: " + servers);
        assertEquals("APP-1", servers.get(0).serverId());
        assertEquals(V1, servers.get(0).codeRelease(), "the 2.0 starts did not take over the 1.0 registration");
        c1.hosts(first, MigratorTestKit.SHARD).save(c1.host(HostRow.of(10, 1, 1)));
      }
      // Gone cleanly: the id is free again, in any case.
      try (Crossfade again = c2.start("app-1", shard)) {
        assertEquals(List.of("app-1"), servers(shard).stream().map(ServerInfo::serverId).toList());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void anExpiredRegistrationUnderTheIdIsTakenOverAndItsWritesAreFenced(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 2);
      // A predecessor that crashed: its lease is over, its row still there.
      new FleetRegistry(Duration.ofSeconds(1)).beat(shard, "APP-1", "crashed", V1, 0);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> servers(shard).stream().noneMatch(ServerInfo::live));
      try (Connection c = db.connect()) {
        c.setAutoCommit(false);
        String expired = FleetRegistry.fence(c, shard, "APP-1", "crashed",
            MigratorTestKit.migrator().status(shard).stateVersion());
        c.rollback();
        assertTrue(expired != null && expired.contains("has expired by the database's clock"),
            "a write whose lease ran out does not commit, though no gate moved: " + expired);
      }
      try (Crossfade next = SampleCode.v1().start("app-1", shard);
          Connection c = db.connect()) {
        assertEquals(List.of("app-1"), servers(shard).stream().map(ServerInfo::serverId).toList());
        c.setAutoCommit(false);
        long version = MigratorTestKit.migrator().status(shard).stateVersion();
        String refused = FleetRegistry.fence(c, shard, "APP-1", "crashed", version);
        c.rollback();
        assertTrue(refused != null && refused.contains("registration there is gone"),
            "a write of the crashed predecessor still in flight would not commit: " + refused);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void anIdLongerThanTheRegistryHoldsIsRefusedAtStartAndTheLongestThatFitsIsKept(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 1);
      String tooLong = "a".repeat(129);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SampleCode.v1().start(tooLong, shard));
      assertTrue(e.getMessage().contains("has 129 characters but the fleet registry holds at most 128"),
          e.getMessage());
      assertEquals(List.of(), servers(shard), "nothing was registered");
      String longest = "e".repeat(128);
      try (Crossfade fits = SampleCode.v1().start(longest, shard)) {
        assertEquals(List.of(longest), servers(shard).stream().map(ServerInfo::serverId).toList());
      }
    }
  }

  private static List<ServerInfo> servers(Shard shard) throws Exception {
    try (Connection c = shard.dataSource().getConnection()) {
      return FleetRegistry.servers(c, shard);
    }
  }
}
