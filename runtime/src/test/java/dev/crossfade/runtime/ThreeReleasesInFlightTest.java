package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three releases in flight on a product other than hosts (issue 19): release 2.0 splits a device's site and
 * rack into {@code device_location}, renames {@code label} to {@code display_name} and turns kilograms into
 * grams; release 3.0 renames {@code display_name} again, to {@code title}, and turns grams into milligrams.
 * One shard per database is walked through every phase combination servers can meet — 2.0 through all six
 * phases while 3.0 is PENDING, then 3.0 through its phases — with servers of 1.0, 2.0 and 3.0 on it while the
 * protocol lets them be. At every step each release that may write inserts and updates devices (also devices
 * another release wrote last), one deletes, and each release that may read reads every device back — by id, in
 * full, through a derived finder and, for 2.0 and 3.0, through the split-off {@code DeviceLocation} — and must
 * read what the last writer meant. The migrator runs from 3.0's jar, so 3.0's plan finishes 2.0. Forbidden
 * cells are refused: 1.0 writing from 2.0's MIGRATING on, 1.0 starting from 2.0's CONTRACTING on, and the
 * same for 2.0 under 3.0.
 */
class ThreeReleasesInFlightTest {
  static final String SHARD = "dev-1";
  static final Version V4 = Version.parse("4.0");
  static ReleaseCode r1;
  static ReleaseCode r2;
  static ReleaseCode r3;
  static ReleaseCode r4;

  @BeforeAll
  static void compileThreeReleases() {
    r1 = new ReleaseCode("device", "dev.crossfade.device", "1.0");
    r2 = new ReleaseCode("device", "dev.crossfade.device", "2.0");
    r3 = new ReleaseCode("device", "dev.crossfade.device", "3.0");
    r4 = new ReleaseCode("device", "dev.crossfade.device", "4.0");
  }

  /** What the last writer meant, in release-neutral terms. */
  record Device(long id, String name, String site, String rack, int kg) {
    static Device of(long id, int version) {
      return new Device(id, "dev-" + id + "-v" + version, "S" + (version % 3), "R" + id + "-" + version,
          (int) (id % 50) + version);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void everyReleaseInTheWindowReadsWhatTheLastWriterMeantInEveryPhaseCombination(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); PooledDataSource pool = new PooledDataSource(db.url())) {
      // Servers use a pool, as applications do; the migrator its own connections.
      new Walk(Shard.of(SHARD, db.url()), new Shard(SHARD, pool, dialect)).run();
    }
  }

  private static final class Walk extends ReleaseWindowWalk {
    final Map<Long, Device> oracle = new TreeMap<>();
    long nextId = 1;
    int version;

    Walk(Shard shard, Shard pooled) {
      super(shard, pooled, r3);
    }

    void run() throws Exception {
      migrator.expand(shard, V1);
      for (ReleaseCode code : List.of(r1, r2, r3)) {
        start(code);
      }
      step("2.0 PENDING");
      window(V2, r1, () -> { });
      // Release 4.0 (2.0's fields deleted, its history squashed into the baseline) serves shards at 3.0 from
      // 3.0's MIGRATED on.
      window(V3, r2, () -> start(r4));
      assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 3.0 is contracted");
      // 4.0's own migrator takes the shard on: its plan starts at 2.0, which this shard has contracted.
      Migrator fourth = new Migrator(r4.plan(), MigratorOptions.defaults());
      fourth.expand(shard, V4);
      step("4.0 EXPANDED");
      assertEquals(List.of(), fourth.status(shard).drift(), "no drift as 4.0 sees the shard");
      stopAll();
    }

    /** One phase combination: every release writes (or is refused) and reads everything back. */
    @Override
    void step(String state) {
      refresh();
      List<Long> before = new ArrayList<>(oracle.keySet());
      for (ReleaseCode code : List.of(r1, r2, r3, r4)) {
        Crossfade server = servers.get(code);
        if (server == null) {
          continue;
        }
        CrossfadeRepository<Object, Object> repo = code.repository(server, "DeviceRepository", SHARD);
        boolean mayWrite = mayWrite(code);
        Device fresh = Device.of(nextId++, ++version);
        Device update = before.isEmpty() ? null : Device.of(before.get((int) (version % before.size())), ++version);
        if (mayWrite) {
          save(code, server, repo, fresh);
          if (update != null) {
            save(code, server, repo, update);
          }
          readAll(state + ", after " + code + " saved devices " + fresh.id() + (update == null ? "" : " and "
              + update.id()));
        } else {
          Map<Long, Device> was = new TreeMap<>(oracle);
          assertWriteRefused(state, code, () -> repo.save(entity(code, fresh)));
          readAll(state + ", after " + code + " was refused");
          assertEquals(was, oracle);
        }
      }
      // Two deletes per step of devices written before it: one by the oldest release that may write, one by 3.0.
      for (int i = 0; i < Math.min(2, before.size()); i++) {
        long gone = before.get(i);
        ReleaseCode deleter = i == 1 ? r3 : servers.keySet().stream().filter(this::mayWrite).findFirst().orElse(r3);
        deleter.repository(servers.get(deleter), "DeviceRepository", SHARD).deleteById(gone);
        oracle.remove(gone);
        readAll(state + ", after " + deleter + " deleted device " + gone);
      }
    }

    void save(ReleaseCode code, Crossfade server, CrossfadeRepository<Object, Object> repo, Device d) {
      repo.save(entity(code, d));
      if (code == r4) {
        // 4.0 writes a device's site and rack through DeviceLocation only: 2.0's fields for them are deleted.
        code.repository(server, "DeviceLocationRepository", SHARD).save(code.build("DeviceLocation",
            Map.of("deviceId", d.id(), "site", d.site(), "rack", d.rack())));
      }
      oracle.put(d.id(), d);
    }

    /** The device as the release's application writes it: its newest fields set, deprecated ones left unset. */
    Object entity(ReleaseCode code, Device d) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", d.id());
      v.put("siteCode", d.site());
      v.put("rackPosition", d.rack());
      if (code == r1) {
        v.put("label", d.name());
        v.put("weightKg", d.kg());
      } else if (code == r2) {
        v.put("displayName", d.name());
        v.put("weightGrams", d.kg() * 1000L);
      } else {
        v.put("title", d.name());
        v.put("weightMg", d.kg() * 1_000_000L);
      }
      if (code == r4) {
        v.remove("siteCode");
        v.remove("rackPosition");
      }
      return code.build("Device", v);
    }

    /** What the release reads for the device: every field of a moved datum carries the same value. */
    static Map<String, Object> expected(ReleaseCode code, Device d) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", d.id());
      if (code == r4) {
        // 4.0 no longer has the fields 2.0 deprecated; its own new field is never set here.
        v.put("displayName", d.name());
        v.put("title", d.name());
        v.put("weightGrams", d.kg() * 1000L);
        v.put("weightMg", d.kg() * 1_000_000L);
        v.put("notes", null);
        return v;
      }
      v.put("label", d.name());
      if (code != r1) {
        v.put("displayName", d.name());
      }
      if (code == r3) {
        v.put("title", d.name());
      }
      v.put("siteCode", d.site());
      v.put("rackPosition", d.rack());
      v.put("weightKg", d.kg());
      if (code != r1) {
        v.put("weightGrams", d.kg() * 1000L);
      }
      if (code == r3) {
        v.put("weightMg", d.kg() * 1_000_000L);
      }
      return v;
    }

    void readAll(String cell) {
      for (ReleaseCode code : List.of(r1, r2, r3, r4)) {
        Crossfade server = servers.get(code);
        if (server != null) {
          read(code, server, cell);
        }
      }
    }

    void read(ReleaseCode code, Crossfade server, String cell) {
      String who = cell + ": read by " + code;
      CrossfadeRepository<Object, Object> repo = code.repository(server, "DeviceRepository", SHARD);
      List<Map<String, Object>> all = new ArrayList<>();
      for (Device d : oracle.values()) {
        Map<String, Object> expected = expected(code, d);
        all.add(expected);
        assertEquals(Optional.of(expected), repo.findById(d.id()).map(ReleaseCode::view), who + ", findById("
            + d.id() + ")");
        String finder = code == r1 ? "findByLabel" : code == r2 ? "findByDisplayName" : "findByTitle";
        assertEquals(List.of(expected), ((List<?>) code.call("DeviceRepository", repo, finder, d.name())).stream()
            .map(ReleaseCode::view).toList(), who + ", " + finder + "(" + d.name() + ")");
      }
      assertEquals(all, repo.findAll().stream().map(ReleaseCode::view).toList(), who + ", findAll");
      assertEquals(oracle.size(), repo.count(), who + ", count");
      if (code == r1) {
        return;
      }
      CrossfadeRepository<Object, Object> locations = code.repository(server, "DeviceLocationRepository", SHARD);
      List<Map<String, Object>> allLocations = new ArrayList<>();
      Map<String, Integer> perSite = new TreeMap<>();
      for (Device d : oracle.values()) {
        Map<String, Object> expected = Map.of("deviceId", d.id(), "site", d.site(), "rack", d.rack());
        allLocations.add(new TreeMap<>(expected));
        perSite.merge(d.site(), 1, Integer::sum);
        assertEquals(Optional.of(new TreeMap<>(expected)), locations.findById(d.id()).map(l -> new TreeMap<>(
            ReleaseCode.view(l))), who + ", DeviceLocation findById(" + d.id() + ")");
        assertTrue(locations.existsById(d.id()), who + ", DeviceLocation existsById(" + d.id() + ")");
        assertEquals(true, code.call("DeviceLocationRepository", locations, "existsByRack", d.rack()),
            who + ", existsByRack(" + d.rack() + ")");
      }
      assertEquals(allLocations, locations.findAll().stream().map(l -> new TreeMap<>(ReleaseCode.view(l))).toList(),
          who + ", DeviceLocation findAll");
      assertEquals(oracle.size(), locations.count(), who + ", DeviceLocation count");
      perSite.forEach((site, n) -> {
        assertEquals((long) n, code.call("DeviceLocationRepository", locations, "countBySite", site),
            who + ", countBySite(" + site + ")");
        assertEquals(n.intValue(), ((List<?>) code.call("DeviceLocationRepository", locations, "findBySite", site)).size(),
            who + ", findBySite(" + site + ")");
      });
    }
  }
}
