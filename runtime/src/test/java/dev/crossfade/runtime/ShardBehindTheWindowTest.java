package dev.crossfade.runtime;

import static dev.crossfade.runtime.ReleaseWindowWalk.V1;
import static dev.crossfade.runtime.ReleaseWindowWalk.V2;
import static dev.crossfade.runtime.ReleaseWindowWalk.V3;
import static dev.crossfade.runtime.MigratorTestKit.assertRefusedUnchanged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A shard still at R-1 (1.0 contracted, 2.0 never expanded) meeting release R+1 (3.0), on the device domain of
 * {@link ThreeReleasesInFlightTest}. Decided (docs/runtime.md, "A shard a release behind"): 3.0's migrator refuses
 * to skip 2.0 and names the whole path, which it can walk itself verb by verb, because 2.0's migrate and contract
 * each have a gate only the operator can satisfy; 3.0's servers serve the shard meanwhile (their code carries 2.0's
 * history). A release that squashed 2.0's history (4.0, baseline 2.0) no longer knows how to get there: its
 * migrator and servers refuse the shard, naming the release whose migrator can walk it, and change nothing.
 */
class ShardBehindTheWindowTest {
  static final Version V4 = Version.parse("4.0");
  static ReleaseCode r1;
  static ReleaseCode r3;
  static ReleaseCode r4;

  @BeforeAll
  static void compile() {
    r1 = new ReleaseCode("device", "dev.crossfade.device", "1.0");
    r3 = new ReleaseCode("device", "dev.crossfade.device", "3.0");
    r4 = new ReleaseCode("device", "dev.crossfade.device", "4.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theNextButOneMigratorRefusesToSkipAReleaseNamingThePathThenWalksIt(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("dev-1", db.url());
      Migrator third = new Migrator(r3.plan(), ReleaseWindowWalk.options());
      third.expand(shard, V1);
      saveDevice(r1, shard, 7);

      assertRefusedUnchanged(third, shard, "shard dev-1, release 3.0: ", () -> third.expand(shard, V3),
          "release 2.0 is PENDING here", "finish it first: its next step is `expand --release 2.0`",
          "the whole path: `expand --release 2.0`, `migrate --release 2.0`, `contract --release 2.0`, then"
              + " `expand --release 3.0`");

      // Half-way through 2.0 the path that is left is named.
      third.expand(shard, V2);
      assertRefusedUnchanged(third, shard, "shard dev-1, release 3.0: ", () -> third.expand(shard, V3),
          "release 2.0 is EXPANDED here",
          "the whole path: `migrate --release 2.0`, `contract --release 2.0`, then `expand --release 3.0`");

      // A 3.0 server serves the shard in every phase of 2.0 (ThreeReleasesInFlightTest walks it); 3.0's migrator
      // finishes 2.0 and goes on.
      try (Crossfade server = r3.start("server-3.0", shard)) {
        third.migrate(shard, V2);
        third.contract(shard, V2);
        third.expand(shard, V3);
        Object device = r3.repository(server, "DeviceRepository", "dev-1").findById(7L).orElseThrow();
        assertEquals("dev-7", ReleaseCode.view(device).get("title"));
      }
      assertEquals(Phase.EXPANDED, third.status(shard).phase(V3));
      assertEquals(List.of(), third.status(shard).drift());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aReleaseThatSquashedTheMissingReleaseRefusesTheShardNamingWhoCanWalkIt(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of("dev-1", db.url());
      new Migrator(r3.plan(), MigratorOptions.defaults()).expand(shard, V1);
      saveDevice(r1, shard, 7);
      Migrator fourth = new Migrator(r4.plan(), MigratorOptions.defaults());
      String[] path = {"the shard is at release 1.0, before release 2.0 where this plan's history starts (its"
          + " baseline", "walk it through release 2.0 (expand, migrate, contract) with the migrator of a release whose"
          + " history still holds 1.0 and 2.0", "nothing was changed"};
      for (Version release : List.of(V2, V4)) {
        assertRefusedUnchanged(fourth, shard, "shard dev-1, release " + release + ": ",
            () -> fourth.expand(shard, release), path);
      }
      ShardRefusedException e = assertThrows(ShardRefusedException.class, () -> r4.start("server-4.0", shard));
      for (String part : List.of("shard dev-1", "the shard is at release 1.0, before release 2.0",
          "walk it through release 2.0")) {
        assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
      }
      try (Crossfade server = r1.start("server-1.0", shard)) {
        assertEquals("dev-7", ReleaseCode.view(r1.repository(server, "DeviceRepository", "dev-1").findById(7L)
            .orElseThrow()).get("label"), "the 1.0 layout is untouched");
      }
    }
  }

  private static void saveDevice(ReleaseCode code, Shard shard, long id) {
    try (Crossfade server = code.start("server-" + code.release, shard)) {
      code.repository(server, "DeviceRepository", shard.name()).save(code.build("Device", Map.of("id", id,
          "label", "dev-" + id, "siteCode", "S1", "rackPosition", "R1", "weightKg", 3)));
    }
  }
}
