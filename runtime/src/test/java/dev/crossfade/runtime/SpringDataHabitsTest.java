package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.SHARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.PageRequest;
import dev.crossfade.runtime.repository.Property;
import dev.crossfade.runtime.repository.Slice;
import dev.crossfade.runtime.repository.Sort;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spring Data habits of every repository — {@code findAllById}, sorting, {@code Slice}, {@code deleteAllById},
 * {@code deleteAll} — on a shard where release 2.0 is EXPANDED (a host lives in both layouts: {@code memoryBytes}
 * is read through a converter, so sorting by it is done in Java there) and where it is MIGRATED (all in SQL), on
 * PostgreSQL, MariaDB and H2. Results are checked against the rows read with {@code findAll()}, sorted by the
 * test.
 */
class SpringDataHabitsTest {
  private static final int BASELINE = 6;

  @BeforeAll
  static void compile() {
    SampleCode.v2();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Dialect d : MigratorVerbMatrixTest.DIALECTS) {
      out.add(Arguments.of(d, Phase.EXPANDED));
      out.add(Arguments.of(d, Phase.MIGRATED));
    }
    return out.stream();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Property<Object, ?> property(String name) {
    return (Property) new Property<>(name);
  }

  /** A 2.0 host with a plain lower-case name (ordered alike by every collation) and a chosen rack and memory. */
  private static HostRow host(long id, String rack, int memoryMb) {
    HostRow r = HostRow.of(id, 1, 2);
    return new HostRow(id, "x" + id, r.ip(), r.mac(), r.osName(), r.osVersion(), memoryMb, r.cpuCount(), rack,
        r.status(), r.assetTag(), r.purchasedOn(), r.monthlyCost(), r.lastSeen(), r.monitored(), r.sshFingerprint());
  }

  @ParameterizedTest(name = "{0}, release 2.0 {1}")
  @MethodSource("cases")
  void findAllByIdSortingAndSlicesReadWhatFindAllReadsInTheRequestedOrder(Dialect dialect, Phase phase)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, phase, BASELINE);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("habits", shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        // Ties on memory (host 7 and 8, and 2.0's 256 MB = baseline host 4) and racks without a value.
        hosts.save(c.host(host(7, null, 128)));
        hosts.save(c.host(host(8, "r1", 128)));
        hosts.save(c.host(host(9, null, 256)));
        hosts.save(c.host(host(10, "r6", 1024)));
        List<Map<String, Object>> all = hosts.findAll().stream().map(c::view).toList();
        assertEquals(10, all.size());

        // findAllById: existing keys once each, in key order; unknown keys skipped.
        assertEquals(List.of(1L, 3L, 9L), ids(c, hosts.findAllById(List.of(9L, 3L, 99L, 1L, 3L))));
        assertEquals(List.of(), hosts.findAllById(List.of()));
        assertThrows(IllegalArgumentException.class, () -> hosts.findAllById(Arrays.asList(1L, null)));

        // Sorting: by rack (nulls last), then memory descending, then the key.
        Comparator<Map<String, Object>> byRack = Comparator.comparing(m -> (String) m.get("rack"),
            Comparator.nullsLast(Comparator.naturalOrder()));
        Comparator<Map<String, Object>> byMemoryDesc = Comparator.comparing(
            (Map<String, Object> m) -> (Long) m.get("memoryBytes")).reversed();
        Comparator<Map<String, Object>> byId = Comparator.comparing(m -> (Long) m.get("id"));
        Sort<Object> rackThenMemory = Sort.by(property("rack")).thenDesc(property("memoryBytes"));
        assertEquals(sorted(all, byRack.thenComparing(byMemoryDesc).thenComparing(byId)),
            views(c, hosts.findAll(rackThenMemory)), "findAll(" + rackThenMemory + ")");
        Sort<Object> memoryDesc = Sort.desc(property("memoryBytes"));
        List<Map<String, Object>> byMemory = sorted(all, byMemoryDesc.thenComparing(byId));
        assertEquals(byMemory, views(c, hosts.findAll(memoryDesc)), "findAll(" + memoryDesc + ")");
        Sort<Object> nameDesc = Sort.desc(property("hostname"));
        assertEquals(sorted(all, Comparator.comparing((Map<String, Object> m) -> (String) m.get("hostname"))
            .reversed().thenComparing(byId)), views(c, hosts.findAll(nameDesc)), "findAll(" + nameDesc + ")");

        // Slices: pages of 3 and of 5 (10 rows: the last page of 5 is full and says there is no next page).
        for (Sort<Object> sort : List.of(memoryDesc, rackThenMemory)) {
          List<Map<String, Object>> expected = views(c, hosts.findAll(sort));
          for (int size : new int[] {3, 5}) {
            List<Map<String, Object>> read = new ArrayList<>();
            PageRequest request = PageRequest.of(0, size);
            int pages = 0;
            while (request != null) {
              Slice<Object> slice = hosts.findAll(request, sort);
              read.addAll(views(c, slice.content()));
              assertTrue(slice.content().size() <= size);
              assertEquals(read.size() < expected.size(), slice.hasNext(), "hasNext of page " + request);
              request = slice.nextRequest();
              pages++;
            }
            assertEquals(expected, read, "slices of " + size + " by " + sort);
            assertEquals((expected.size() + size - 1) / size, pages, "no empty page at the end");
          }
        }
        Slice<Object> beyond = hosts.findAll(PageRequest.of(7, 5), memoryDesc);
        assertEquals(List.of(), beyond.content());
        assertFalse(beyond.hasNext());
        assertNull(beyond.nextRequest());

        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class,
            () -> hosts.findAll(Sort.by(property("sshFingerprint"))));
        assertTrue(bytes.getMessage().contains("sshFingerprint") && bytes.getMessage().contains("byte[]"),
            bytes.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> hosts.findAll(Sort.by(property("colour"))));
        assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
      }
    }
  }

  @ParameterizedTest(name = "{0}, release 2.0 {1}")
  @MethodSource("cases")
  void deleteAllByIdAndDeleteAllRemoveRowsFromEveryLayoutInOneTransaction(Dialect dialect, Phase phase)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, phase, BASELINE);
      SampleCode c = SampleCode.v2();
      try (Crossfade cf = c.start("habits", shard)) {
        CrossfadeRepository<Object, Object> hosts = c.hosts(cf, SHARD);
        hosts.save(c.host(host(7, "r1", 128)));
        assertEquals(1, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = 7"));

        hosts.deleteAllById(List.of(2L, 7L, 99L));
        assertEquals(List.of(1L, 3L, 4L, 5L, 6L), ids(c, hosts.findAll()));
        for (long gone : new long[] {2, 7}) {
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE id = " + gone));
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network WHERE host_id = " + gone));
          assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_os WHERE host_id = " + gone));
        }

        hosts.deleteAll(hosts.findAllById(List.of(3L, 4L)));
        assertEquals(List.of(1L, 5L, 6L), ids(c, hosts.findAll()));

        // deleteAll inside a transaction that rolls back deletes nothing.
        assertThrows(IllegalStateException.class, () -> cf.runInTransaction(SHARD, tx -> {
          hosts.deleteAll();
          assertEquals(0, hosts.count());
          throw new IllegalStateException("roll back");
        }));
        assertEquals(List.of(1L, 5L, 6L), ids(c, hosts.findAll()));

        hosts.deleteAll();
        assertEquals(0, hosts.count());
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_network"));
        assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host_os"));
        hosts.deleteAll();
        hosts.deleteAllById(List.of());
      }
    }
  }

  private static List<Long> ids(SampleCode c, List<Object> hosts) {
    return hosts.stream().map(h -> (Long) c.view(h).get("id")).toList();
  }

  private static List<Map<String, Object>> views(SampleCode c, List<Object> hosts) {
    return hosts.stream().map(c::view).toList();
  }

  private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows,
      Comparator<Map<String, Object>> order) {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    out.sort(order);
    return out;
  }
}
