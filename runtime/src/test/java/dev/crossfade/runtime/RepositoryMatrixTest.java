package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mixed-version matrix (DESIGN section 8): the sample domain compiled as release 1.0 and as release 2.0
 * — two sets of generated repositories in one JVM — on one shard of each database, in every phase of 2.0.
 * Each release inserts, updates and deletes hosts, and each release reads every host back with
 * {@code findById}, {@code findAll} and a derived finder: what it reads is what the last writer wrote,
 * whichever release wrote it. The cells the contract forbids — 1.0 writing from MIGRATING on, 1.0 doing
 * anything from CONTRACTING on, 2.0 storing a new field on a shard that does not have it — are refused, and
 * the refusal leaves the data as it was.
 */
class RepositoryMatrixTest {
  static final String SHARD = MigratorTestKit.SHARD;

  @BeforeAll
  static void compileBothReleases() {
    SampleCode.v1();
    SampleCode.v2();
  }

  static Stream<Arguments> dialectsAndPhases() {
    List<Arguments> out = new ArrayList<>();
    for (Dialect d : MigratorVerbMatrixTest.DIALECTS) {
      for (Phase p : Phase.values()) {
        out.add(Arguments.of(d, p));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, release 2.0 {1}")
  @MethodSource("dialectsAndPhases")
  void eachReleaseReadsWhatTheLastWriterWroteAndForbiddenCellsAreRefused(Dialect dialect, Phase phase)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      // A 1.0 server cannot start on a contracting shard, so for those phases it starts while the shard is
      // MIGRATED and stays on as the shard moves on (a zombie of the old release).
      boolean late = phase.atLeast(Phase.CONTRACTING);
      Shard shard = MigratorTestKit.shardAt(db, late ? Phase.MIGRATED : phase, 4);
      SampleCode c1 = SampleCode.v1();
      SampleCode c2 = SampleCode.v2();
      try (Crossfade s2 = c2.start("server-2.0", shard); Crossfade s1 = c1.start("server-1.0", shard)) {
        if (late) {
          advance(shard, phase);
          // Servers act on the phase once their cache has it; the protocol waits for that before it matters.
          s1.phases().refresh(shard);
          s2.phases().refresh(shard);
          ShardRefusedException atStart = assertThrows(ShardRefusedException.class, () -> c1.start("late-1.0", shard));
          assertNames(atStart, "release 2.0 is " + phase, "upgrade this server to release 2.0");
        }
        Cells cells = new Cells(db, phase, c1, c1.hosts(s1, SHARD), c2, c2.hosts(s2, SHARD));
        cells.networks = c2.networkSearch(s2, SHARD);
        cells.oses = c2.oses(s2, SHARD);
        cells.run();
      }
    }
  }

  /** From MIGRATED with live servers to CONTRACTING (a contract refused by a lagging server) or CONTRACTED. */
  private static void advance(Shard shard, Phase phase) {
    Migrator m = MigratorTestKit.migrator();
    FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
    if (phase == Phase.CONTRACTING) {
      fleet.beat(shard, "lagging", V2, 0);
      assertThrows(MigrationRefusedException.class, () -> m.contract(shard, V2));
      fleet.leave(shard, "lagging");
    } else {
      new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(20)))
          .contract(shard, V2);
    }
    assertEquals(phase, m.status(shard).phase(V2));
  }

  private static void assertNames(RuntimeException e, String... parts) {
    assertTrue(e.getMessage().contains("shard " + SHARD), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
  }

  /** The matrix in one phase, with the oracle of what each host should be. */
  private static final class Cells {
    final TestDatabases.Fresh db;
    final Phase phase;
    final SampleCode c1;
    final SampleCode c2;
    final CrossfadeRepository<Object, Object> r1;
    final CrossfadeRepository<Object, Object> r2;
    final Map<Long, HostRow> oracle = new TreeMap<>();
    final boolean v1Writes;
    final boolean v1Reads;
    final boolean rackWritten;
    CrossfadeRepository<Object, Object> networks;
    CrossfadeRepository<Object, Object> oses;

    Cells(TestDatabases.Fresh db, Phase phase, SampleCode c1, CrossfadeRepository<Object, Object> r1, SampleCode c2,
        CrossfadeRepository<Object, Object> r2) {
      this.db = db;
      this.phase = phase;
      this.c1 = c1;
      this.c2 = c2;
      this.r1 = r1;
      this.r2 = r2;
      this.v1Writes = !phase.atLeast(Phase.MIGRATING);
      this.v1Reads = !phase.atLeast(Phase.CONTRACTING);
      this.rackWritten = !phase.atLeast(Phase.CONTRACTING);
    }

    void run() throws Exception {
      // 2.0 stores cpuCount only where its column exists; elsewhere only the default.
      int cpu = phase == Phase.PENDING ? 1 : 3;
      assertEquals(phase != Phase.PENDING, r2.supports("cpuCount"), "supports(cpuCount) in " + phase);
      if (phase == Phase.PENDING) {
        refusedUnchanged(FieldNotSupportedException.class, () -> r2.save(c2.host(HostRow.of(150, 0, 4))),
            "Host.cpuCount = 4", "release 2.0 adds it", "supports(\"cpuCount\")");
      }

      write(c1, r1, HostRow.of(101, 1, 1), "1.0 inserts");
      write(c2, r2, HostRow.of(102, 2, cpu), "2.0 inserts");
      readEverything("after the inserts");

      write(c2, r2, HostRow.of(101, 3, phase == Phase.PENDING ? 1 : 5), "2.0 updates 1.0's host");
      write(c1, r1, HostRow.of(102, 4, 0), "1.0 updates 2.0's host");
      write(c2, r2, HostRow.of(103, 5, cpu), "2.0 inserts another");
      readEverything("after the updates");

      delete(c1, r1, 103L, "1.0 deletes 2.0's host");
      delete(c2, r2, 101L, "2.0 deletes a host");
      readEverything("after the deletes");
      if (phase.atLeast(Phase.EXPANDED)) {
        for (long gone : List.of(101L, 103L)) {
          if (!oracle.containsKey(gone)) {
            assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = " + gone),
                "no host_network row is left behind for deleted host " + gone);
            assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_os WHERE host_id = " + gone),
                "no host_os row is left behind for deleted host " + gone);
          }
        }
      }
    }

    /** A save by one release: allowed cells change the oracle, forbidden ones are refused and change nothing. */
    void write(SampleCode code, CrossfadeRepository<Object, Object> repo, HostRow row, String cell) throws Exception {
      HostRow before = oracle.get(row.id());
      if (!code.isV2() && !v1Writes) {
        refusedUnchanged(ShardRefusedException.class, () -> repo.save(code.host(row)), "code release 1.0",
            phase.atLeast(Phase.CONTRACTING) ? "release 2.0 is " + phase : "only release 2.0 or later may write");
        return;
      }
      HostRow meant = row;
      if (!code.isV2()) {
        // 1.0 does not know cpuCount: an insert gets the column's default, an update leaves it alone.
        meant = row.withCpuCount(before == null ? 1 : before.cpuCount());
      } else if (!rackWritten) {
        // 2.0 stops writing the deprecated rack once its contract starts.
        meant = row.withRack(before == null ? null : before.rack());
      }
      repo.save(code.host(row));
      oracle.put(row.id(), meant);
      readEverything(cell);
    }

    void delete(SampleCode code, CrossfadeRepository<Object, Object> repo, long id, String cell) throws Exception {
      if (!code.isV2() && !v1Writes) {
        refusedUnchanged(ShardRefusedException.class, () -> repo.deleteById(id), "code release 1.0");
        return;
      }
      repo.deleteById(id);
      oracle.remove(id);
      readEverything(cell);
    }

    /** Every reader reads every host with findById, findAll and findByStatus; 1.0 is refused once contracting. */
    void readEverything(String cell) {
      readAll(c2, r2, cell);
      if (v1Reads) {
        readAll(c1, r1, cell);
      } else {
        assertNames(assertThrows(ShardRefusedException.class, () -> r1.findById(101L), cell), "code release 1.0");
        assertNames(assertThrows(ShardRefusedException.class, r1::findAll, cell), "code release 1.0");
        assertNames(assertThrows(ShardRefusedException.class, () -> c1.call(r1, "findByStatus", c1.statusOf("ACTIVE")),
            cell), "code release 1.0");
      }
    }

    /**
     * Release 2.0 reads the split-off entities {@code HostNetwork} and {@code HostOs}: every host is one of
     * each in every phase — also the baseline hosts 1–4 and the hosts 1.0 wrote or updated last, which until
     * MIGRATED live only in host's old columns (issue 19) — with findById, existsById, findAll, count and
     * derived finders.
     */
    void readSplitOff(String cell) {
      String who = cell + ", split-off entities read by 2.0 in " + phase;
      Map<Long, Map<String, Object>> network = new TreeMap<>();
      Map<Long, Map<String, Object>> os = new TreeMap<>();
      for (long id = 1; id <= 4; id++) {
        network.put(id, Map.of("hostId", id, "ipAddress", MigratorTestKit.ip(id),
            "macAddress", "02:00:00:00:00:" + String.format("%02x", id % 256)));
        os.put(id, Map.of("hostId", id, "name", "linux", "version", "6." + id));
      }
      oracle.forEach((id, row) -> {
        network.put(id, Map.of("hostId", id, "ipAddress", row.ip(), "macAddress", row.mac()));
        os.put(id, Map.of("hostId", id, "name", row.osName(), "version", row.osVersion()));
      });
      for (long id : List.of(1L, 2L, 3L, 4L, 101L, 102L, 103L)) {
        assertEquals(Optional.ofNullable(network.get(id)), networks.findById(id).map(SampleCode::record),
            who + ": HostNetwork findById(" + id + ")");
        assertEquals(network.containsKey(id), networks.existsById(id), who + ": HostNetwork existsById(" + id + ")");
        assertEquals(Optional.ofNullable(os.get(id)), oses.findById(id).map(SampleCode::record),
            who + ": HostOs findById(" + id + ")");
        assertEquals(os.containsKey(id), oses.existsById(id), who + ": HostOs existsById(" + id + ")");
      }
      assertEquals(List.copyOf(network.values()), networks.findAll().stream().map(SampleCode::record).toList(),
          who + ": HostNetwork findAll");
      assertEquals(List.copyOf(os.values()), oses.findAll().stream().map(SampleCode::record).toList(),
          who + ": HostOs findAll");
      assertEquals(network.size(), networks.count(), who + ": HostNetwork count");
      assertEquals(os.size(), oses.count(), who + ": HostOs count");
      for (Map<String, Object> n : network.values()) {
        Object ip = n.get("ipAddress");
        assertEquals(List.of(n), ((List<?>) c2.callNetworkSearch(networks, "findByIpAddress", ip)).stream()
            .map(SampleCode::record).toList(), who + ": findByIpAddress(" + ip + ")");
        assertEquals(1L, c2.callNetworkSearch(networks, "countByIpAddress", ip), who + ": countByIpAddress(" + ip + ")");
        assertEquals(true, c2.callNetworkSearch(networks, "existsByMacAddress", n.get("macAddress")),
            who + ": existsByMacAddress(" + n.get("macAddress") + ")");
      }
      List<Map<String, Object>> byMac = new ArrayList<>(network.values());
      byMac.sort((a, b) -> ((String) b.get("ipAddress")).compareTo((String) a.get("ipAddress")));
      assertEquals(byMac, ((List<?>) c2.callNetworkSearch(networks, "findByMacAddressStartingWithOrderByIpAddressDesc",
          "02:00")).stream().map(SampleCode::record).toList(), who + ": findByMacAddressStartingWith…OrderByIpAddressDesc");
    }

    void readAll(SampleCode reader, CrossfadeRepository<Object, Object> repo, String cell) {
      String who = cell + ", read by " + reader.release + " in " + phase;
      if (reader.isV2()) {
        readSplitOff(cell);
      }
      boolean rackGone = reader.isV2() && phase.atLeast(Phase.CONTRACTING);
      List<Map<String, Object>> expectedAll = new ArrayList<>();
      for (long id : List.of(101L, 102L, 103L)) {
        HostRow row = oracle.get(id);
        Optional<Object> found = repo.findById(id);
        assertEquals(row != null, repo.existsById(id), who + ": existsById(" + id + ")");
        if (row == null) {
          assertTrue(found.isEmpty(), who + ": host " + id + " is gone");
          continue;
        }
        Map<String, Object> expected = reader.expected(row, rackGone);
        expectedAll.add(expected);
        assertTrue(found.isPresent(), who + ": findById(" + id + ")");
        assertEquals(expected, reader.view(found.get()), who + ": findById(" + id + ")");
        List<Map<String, Object>> byStatus = new ArrayList<>();
        for (Object h : (List<?>) reader.call(repo, "findByStatus", reader.statusOf(row.status()))) {
          if (reader.view(h).get("id").equals(id)) {
            byStatus.add(reader.view(h));
          }
        }
        assertEquals(List.of(expected), byStatus, who + ": findByStatus(" + row.status() + ")");
      }
      List<Map<String, Object>> all = new ArrayList<>();
      for (Object h : repo.findAll()) {
        if ((Long) reader.view(h).get("id") > 100) {
          all.add(reader.view(h));
        }
      }
      assertEquals(expectedAll, all, who + ": findAll");
    }

    /** The call is refused with a message naming the shard and each part, and no host changed. */
    <T extends RuntimeException> void refusedUnchanged(Class<T> type, org.junit.jupiter.api.function.Executable call,
        String... parts) throws Exception {
      List<Map<String, Object>> before = snapshot();
      T e = assertThrows(type, call);
      assertTrue(e.getMessage().contains(SHARD), e.getMessage());
      for (String p : parts) {
        assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
      }
      assertEquals(before, snapshot(), "a refused call changes nothing: " + e.getMessage());
    }

    List<Map<String, Object>> snapshot() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object h : r2.findAll()) {
        out.add(c2.view(h));
      }
      return out;
    }
  }
}
