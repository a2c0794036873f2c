package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.Page;
import dev.crossfade.runtime.repository.PageRequest;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile values through every repository method (save, saveAll, findById, existsById, findAll, paged,
 * streamed, count, deleteById, delete) and every finder of the sample's {@code HostRepository} of both
 * releases, plus pattern finders ({@code StartingWith}, {@code EndingWith}, {@code Containing}, {@code Like},
 * {@code NotLike}, {@code In}) of a test repository: SQL comment and quote tricks, backslashes, {@code %} and
 * {@code _}, unicode beyond the BMP. Every value is stored and read back verbatim (also after the backfill
 * copied it to 2.0's places), {@code %} and {@code _} in a StartingWith/EndingWith/Containing argument match
 * only themselves, and no table was dropped. A hostile server id is stored verbatim too. Table and column names
 * come from the processor's validated identifiers; values only ever travel as bind parameters.
 */
class InjectionTest {
  static final List<String> HOSTILE = List.of(
      "'; DROP TABLE host; --",
      "Robert'); DROP TABLE host_network;--",
      "O'Brien \"the\" `tick`",
      "back\\slash\\' \\\\",
      "100%_done",
      "%",
      "_",
      "\\%\\_",
      "Zürich ✓ 東京 🚀",
      "-- not a comment /* nor this */ ;",
      "x' OR '1'='1");
  static final List<String> TABLES = List.of("host", "host_network", "host_os", "audit_entry", "crossfade_shard",
      "crossfade_release", "crossfade_backfill", "crossfade_server");

  @BeforeAll
  static void compile() {
    SampleCode.v1();
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  /** Host {@code id} carrying hostile text {@code v} in every text field (short ones where columns are short). */
  static HostRow hostile(long id, String v, String status) {
    String shortValue = v.length() <= 15 ? v : v.substring(0, 15);
    return new HostRow(id, v, v.length() <= 45 ? v : v.substring(0, 45), shortValue, v, v + "/v", 512 + (int) id, 1,
        v, status, new UUID(id, 7), LocalDate.of(2024, 1, 1).plusDays(id), new BigDecimal(id + ".25"),
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id), id % 2 == 0, v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void hostileValuesAreStoredAndReadVerbatimThroughEveryMethodAndFinderOfBothReleasesAndNoTableIsDropped(
      Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard migrated = MigratorTestKit.shardAt(db, Phase.EXPANDED, 0);
      SampleCode c1 = SampleCode.v1();
      SampleCode c2 = SampleCode.v2();
      String hostileServer = "'; DROP TABLE crossfade_server; -- \\ 🚀";
      try (PooledDataSource pool = new PooledDataSource(db.url());
          Crossfade s2 = c2.start("server-2.0", new Shard(migrated.name(), pool, dialect))) {
        Shard shard = s2.shards().get(migrated.name());
        Map<Long, HostRow> oracle = new TreeMap<>();
        Release r2 = new Release(c2, s2, oracle, "Hostname", " #2");
        // A hostile server id is refused before anything is registered (issue 21): ids are ASCII letters, digits
        // and _ . : @ + - only. The values below still go through every statement verbatim.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> c1.start(hostileServer, shard));
        assertTrue(refused.getMessage().startsWith("server id ''; DROP TABLE crossfade_server; -- \\ \uD83D\uDE80'"
            + " is not valid"), refused.getMessage());
        try (Crossfade s1 = c1.start("server-1.0", shard)) {
          Release r1 = new Release(c1, s1, oracle, "Name", "");
          r1.write(1);
          r2.write(101);
          for (Release r : List.of(r1, r2)) {
            r.readEverything();
            r.finders();
            r.patternFinders();
          }
          assertEquals(List.of("server-1.0", "server-2.0"), MigratorTestKit.migrator().status(shard).servers().stream()
              .map(ServerInfo::serverId).sorted().toList(), "the hostile server id was not registered");

          r1.deletes(1);
          r2.deletes(101);
          r1.readEverything();
          r2.readEverything();
        }

        // The backfill copies the hostile values to 2.0's places; 2.0 reads them from there, verbatim.
        MigratorTestKit.migrator().migrate(migrated, V2);
        s2.phases().refresh(shard);
        r2.readEverything();
        r2.finders();
        r2.patternFinders();
      }
      assertTablesThere(db);
      assertEquals(0, MigratorTestKit.scalar(db, "SELECT count(*) FROM host WHERE name <> hostname"),
          "every hostile name was copied verbatim");
    }
  }

  @org.junit.jupiter.api.Test
  void aShardNameThatIsNotAPlainIdentifierIsRejected() {
    for (String bad : List.of("eu'1", "eu-1; DROP TABLE host", "eu 1", "", "a".repeat(129))) {
      assertThrows(IllegalArgumentException.class, () -> Shard.of(bad, "jdbc:h2:mem:x"), bad);
    }
  }

  private static void assertTablesThere(TestDatabases.Fresh db) throws Exception {
    TreeSet<String> tables = new TreeSet<>();
    try (Connection c = db.connect()) {
      DatabaseMetaData md = c.getMetaData();
      String catalog = db.dialect() == Dialect.MARIADB ? c.getCatalog() : null;
      String schema = db.dialect() == Dialect.MARIADB ? null : "public";
      try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    assertTrue(tables.containsAll(TABLES), "no table was dropped: " + tables);
  }

  /** One release's server and repositories, writing its own hosts and reading everybody's. */
  private static final class Release {
    final SampleCode code;
    final Crossfade server;
    final CrossfadeRepository<Object, Object> hosts;
    final CrossfadeRepository<Object, Object> search;
    final Map<Long, HostRow> oracle;
    final String name;
    final String suffix;

    Release(SampleCode code, Crossfade server, Map<Long, HostRow> oracle, String name, String suffix) {
      this.suffix = suffix;
      this.code = code;
      this.server = server;
      this.hosts = code.hosts(server, MigratorTestKit.SHARD);
      this.search = code.search(server, MigratorTestKit.SHARD);
      this.oracle = oracle;
      this.name = name;
    }

    /** The first half with save, the rest with saveAll; status RETIRED for the last one only. */
    void write(long firstId) {
      List<Object> batch = new ArrayList<>();
      for (int i = 0; i < HOSTILE.size(); i++) {
        HostRow row = hostile(firstId + i, HOSTILE.get(i) + suffix, i == HOSTILE.size() - 1 ? "RETIRED" : "ACTIVE");
        oracle.put(row.id(), row);
        if (i < HOSTILE.size() / 2) {
          hosts.save(code.host(row));
        } else {
          batch.add(code.host(row));
        }
      }
      assertEquals(batch.size(), hosts.saveAll(batch).size());
    }

    Map<String, Object> expected(HostRow row) {
      return code.expected(row, false);
    }

    void readEverything() {
      for (HostRow row : oracle.values()) {
        Optional<Object> found = hosts.findById(row.id());
        assertTrue(found.isPresent(), code.release + " findById(" + row.id() + ")");
        assertEquals(expected(row), code.view(found.get()), code.release + " reads host " + row.id() + " verbatim");
        assertTrue(hosts.existsById(row.id()));
      }
      List<Map<String, Object>> all = oracle.values().stream().map(this::expected).toList();
      assertEquals(all, views(hosts.findAll()), code.release + " findAll");
      List<Map<String, Object>> paged = new ArrayList<>();
      for (int p = 0; ; p++) {
        Page<Object> page = hosts.findAll(PageRequest.of(p, 4));
        paged.addAll(views(page.content()));
        if (!page.hasNext()) {
          break;
        }
      }
      assertEquals(all, paged, code.release + " findAll(PageRequest)");
      try (Stream<Object> stream = hosts.streamAll()) {
        assertEquals(all, views(stream.toList()), code.release + " streamAll");
      }
      assertEquals(oracle.size(), hosts.count());
    }

    /** Every finder of the sample's HostRepository, with hostile arguments where they take text. */
    void finders() {
      List<Map<String, Object>> active = rows(r -> r.status().equals("ACTIVE"));
      assertEquals(active, views(code.call(hosts, "findByStatus", code.statusOf("ACTIVE"))));
      List<Map<String, Object>> byNameDesc = active.stream().sorted((a, b) -> {
        int c = compareText(b.get(fieldOfName()), a.get(fieldOfName()));
        return c != 0 ? c : Long.compare((Long) a.get("id"), (Long) b.get("id"));
      }).toList();
      List<Map<String, Object>> sorted = views(code.call(hosts, "findByStatusOrderBy" + name + "Desc",
          code.statusOf("ACTIVE")));
      assertEquals(new TreeSet<>(ids(byNameDesc)), new TreeSet<>(ids(sorted)), "the same hosts, in the database's"
          + " collation order");
      assertEquals((long) active.size(), code.call(hosts, "countByStatus", code.statusOf("ACTIVE")));
      for (HostRow row : own()) {
        @SuppressWarnings("unchecked")
        Optional<Object> one = (Optional<Object>) code.call(hosts, "findBy" + name, row.name());
        assertEquals(expected(row), code.view(one.orElseThrow()), "findBy" + name + "(" + row.name() + ")");
        assertEquals(true, code.call(hosts, "existsBy" + name, row.name()));
      }
      assertEquals(false, code.call(hosts, "existsBy" + name, "' OR '1'='1"));
      assertEquals(Optional.empty(), code.call(hosts, "findBy" + name, "%"  + "' OR 1=1 --"));
      if (code.isV2()) {
        assertEquals(rows(r -> !r.status().equals("PROVISIONING")), views(code.call(hosts,
            "findByStatusInAndCpuCountGreaterThanEqual", List.of(code.statusOf("ACTIVE"), code.statusOf("RETIRED")), 1)));
        assertEquals(rows(r -> r.memoryMb() > 600), views(code.call(hosts, "findByMemoryBytesGreaterThan",
            600 * SampleCode.MB)));
      }
    }

    /** The pattern finders: %, _ and \ in StartingWith/EndingWith/Containing match only themselves. */
    void patternFinders() {
      for (String part : List.of("%", "_", "\\", "'", "\"", "--", "100%_", "%\\_", "🚀", "東京", "; DROP")) {
        assertEquals(rows(r -> r.name().startsWith(part)), views(code.callSearch(search, "findBy" + name
            + "StartingWith", part)), "StartingWith(" + part + ")");
        assertEquals(rows(r -> r.name().endsWith(part)), views(code.callSearch(search, "findBy" + name + "EndingWith",
            part)), "EndingWith(" + part + ")");
        assertEquals(rows(r -> r.name().contains(part)), views(code.callSearch(search, "findBy" + name + "Containing",
            part)), "Containing(" + part + ")");
        assertEquals((long) rows(r -> r.name().contains(part)).size(), code.callSearch(search, "countBy" + name
            + "Containing", part), "countContaining(" + part + ")");
      }
      // Like takes the caller's pattern as a pattern: % and _ are wildcards there, \ escapes them.
      for (String pattern : List.of("O'Brien%", "100\\%\\_done", "%DROP TABLE%", "_", "\\%", "%\\\\%")) {
        Pattern like = like(pattern);
        assertEquals(rows(r -> like.matcher(r.name()).matches()), views(code.callSearch(search, "findBy" + name
            + "Like", pattern)), "Like(" + pattern + ")");
        assertEquals(rows(r -> !like.matcher(r.name()).matches()), views(code.callSearch(search, "findBy" + name
            + "NotLike", pattern)), "NotLike(" + pattern + ")");
      }
      List<String> racks = List.of(HOSTILE.get(0), HOSTILE.get(3), "nope' OR 'a'='a");
      assertEquals(rows(r -> racks.contains(r.rack())), views(code.callSearch(search, "findByRackIn", racks)));
      for (HostRow row : own()) {
        assertEquals(rows(r -> r.osName().equals(row.osName()) && r.osVersion().equals(row.osVersion())),
            views(code.callSearch(search, "findByOsNameAndOsVersion", row.osName(), row.osVersion())));
        assertEquals(true, code.callSearch(search, "existsByRack", row.rack()));
      }
    }

    /** deleteById, delete, deleteByStatus and deleteByRack, each removing exactly its own hosts. */
    void deletes(long firstId) {
      HostRow a = oracle.remove(firstId);
      hosts.deleteById(a.id());
      HostRow b = oracle.remove(firstId + 1);
      hosts.delete(code.host(b));
      List<HostRow> retired = oracle.values().stream().filter(r -> r.status().equals("RETIRED")).toList();
      retired.forEach(r -> oracle.remove(r.id()));
      assertEquals((long) retired.size(), code.call(hosts, "deleteByStatus", code.statusOf("RETIRED")));
      HostRow byRack = oracle.remove(firstId + 2);
      assertEquals(1L, code.callSearch(search, "deleteByRack", byRack.rack()));
      List<HostRow> deleted = new ArrayList<>(List.of(a, b, byRack));
      deleted.addAll(retired);
      for (HostRow gone : deleted) {
        assertFalse(hosts.existsById(gone.id()), "host " + gone.id() + " is deleted");
      }
    }

    /** The hosts this release wrote (their names end with its suffix; the other release's do not). */
    private List<HostRow> own() {
      return oracle.values().stream().filter(r -> suffix.isEmpty() ? !r.name().endsWith(" #2")
          : r.name().endsWith(suffix)).toList();
    }

    private String fieldOfName() {
      return code.isV2() ? "hostname" : "name";
    }

    private List<Map<String, Object>> rows(Predicate<HostRow> p) {
      return oracle.values().stream().filter(p).map(this::expected).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> views(Object list) {
      return ((Collection<Object>) list).stream().map(code::view).collect(Collectors.toList());
    }
  }

  private static List<Object> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("id")).toList();
  }

  private static int compareText(Object a, Object b) {
    return a.toString().compareTo(b.toString());
  }

  /** SQL LIKE with backslash as the escape, as a regular expression. */
  private static Pattern like(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
