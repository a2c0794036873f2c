package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.ForkedJvm;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A server and a migrator on a machine with a Turkish locale and a UTC+12:45 time zone send the very same
 * SQL text: the state and fleet registry statements, the lock, the backfill, and the repositories' compiled
 * statements of both releases of the sample in every phase of 2.0, on PostgreSQL, MariaDB and H2. The same
 * rollout runs here and in a fresh JVM started in that locale, and every statement either sends is recorded
 * at the JDBC driver.
 */
class LocaleProofStatementsTest {
  private static final List<Dialect> DIALECTS = List.of(Dialect.POSTGRES, Dialect.MARIADB, Dialect.H2);

  @Test
  void theRuntimeSendsByteIdenticalStatementsInATurkishLocaleAndTheChathamTimeZone() throws Exception {
    List<TestDatabases.Fresh> dbs = new ArrayList<>();
    try {
      List<String> usualUrls = new ArrayList<>();
      List<String> forkedUrls = new ArrayList<>();
      for (Dialect d : DIALECTS) {
        dbs.add(TestDatabases.create(d));
        usualUrls.add(dbs.get(dbs.size() - 1).url());
        dbs.add(TestDatabases.create(d));
        forkedUrls.add(dbs.get(dbs.size() - 1).url());
      }
      Map<String, String> usual = Rollout.statements(usualUrls);
      Map<String, String> turkish = ForkedJvm.run(Rollout.class, ForkedJvm.TURKISH, forkedUrls.toArray(String[]::new));
      ForkedJvm.assertRanTurkish(turkish);
      String output = turkish.remove("(output)");
      turkish.remove(ForkedJvm.JVM_KEY);
      assertEquals("null null", turkish.remove(JOOQ_PROPERTIES), "no jOOQ switch is left in the system properties");
      assertFalse(output.contains("Thank you for using jOOQ"), "jOOQ's banner is not logged:\n" + output);
      usual.remove(JOOQ_PROPERTIES);

      for (Dialect d : DIALECTS) {
        String sql = usual.get(d.name());
        for (String expected : List.of("crossfade_server", "crossfade_backfill", "host_network", "host_os")) {
          assertTrue(sql.contains(expected), d + " recorded statements on " + expected + ":\n" + sql);
        }
      }
      ForkedJvm.assertSameOutputs(usual, turkish, "the statements sent in the Turkish locale");
      turkish.forEach((d, sql) -> assertFalse(sql.contains("İ") || sql.contains("ı"), d + " sent a Turkish i:\n" + sql));
    } finally {
      for (TestDatabases.Fresh db : dbs) {
        db.close();
      }
    }
  }

  static final String JOOQ_PROPERTIES = "(jooq system properties)";

  /** The child: the same rollout, recorded, written for the parent. */
  static final class Rollout {
    private static final Version V1 = Version.parse("1.0");
    private static final Version V2 = Version.parse("2.0");

    public static void main(String[] args) throws Exception {
      ForkedJvm.write(args, statements(List.of(args).subList(0, DIALECTS.size())));
    }

    /** Per dialect, the distinct SQL texts sent during the rollout, sorted. */
    static Map<String, String> statements(List<String> urls) throws Exception {
      Map<String, String> out = new TreeMap<>();
      for (int i = 0; i < DIALECTS.size(); i++) {
        out.put(DIALECTS.get(i).name(), String.join("\n\n", new TreeSet<>(rollout(urls.get(i)))));
      }
      out.put(JOOQ_PROPERTIES, System.getProperty("org.jooq.no-logo") + " " + System.getProperty("org.jooq.no-tips"));
      return out;
    }

    /**
     * 1.0 expanded; a 1.0 and a 2.0 server use their repositories at PENDING and EXPANDED; the 1.0 server
     * leaves; 2.0 is migrated and contracted (CONTRACTING, then CONTRACTED), the 2.0 server using its
     * repository at each phase. The
     * heartbeat beats once at start; the test refreshes and acknowledges by hand, so that every statement
     * comes from a deterministic sequence of calls.
     */
    private static List<String> rollout(String url) throws Exception {
      Shard plain = Shard.of("eu-1", url);
      CountingDataSource recorder = new CountingDataSource(plain.dataSource());
      Shard shard = new Shard("eu-1", recorder, plain.dialect());
      SampleCode v1 = SampleCode.v1();
      SampleCode v2 = SampleCode.v2();
      Migrator migrator = new Migrator(GeneratedPlan.load(v2.loader),
          MigratorOptions.defaults().withBatches(2, Duration.ofMillis(50), Duration.ZERO));
      migrator.expand(shard, V1);
      try (Crossfade two = start(v2, "app-2", shard)) {
        try (Crossfade one = start(v1, "app-1", shard)) {
          use(v1, one, 100);
          use(v2, two, 200);
          migrator.expand(shard, V2);
          acknowledge(shard, one, two);
          use(v1, one, 300);
          use(v2, two, 400);
        }
        migrator.migrate(shard, V2);
        acknowledge(shard, two);
        use(v2, two, 500);
        try {
          migrator.contract(shard, V2);
          throw new AssertionError("contract waits for app-2 to acknowledge CONTRACTING");
        } catch (MigrationRefusedException notYet) {
          acknowledge(shard, two);
        }
        use(v2, two, 600);
        migrator.contract(shard, V2);
        acknowledge(shard, two);
        use(v2, two, 700);
      }
      return new ArrayList<>(recorder.executed);
    }

    private static Crossfade start(SampleCode code, String id, Shard shard) {
      return Crossfade.builder().shards(shard).serverId(id).classLoader(code.loader)
          .lease(Duration.ofSeconds(120)).heartbeat(Duration.ofSeconds(60)).start();
    }

    private static void acknowledge(Shard shard, Crossfade... servers) {
      for (Crossfade s : servers) {
        long seen = s.phases().refresh(shard).stateVersion();
        s.fleet().beat(shard, s.serverId(), s.token(), s.release(), seen);
      }
    }

    /** Every kind of repository call, on hosts {@code base+1 .. base+3} (CPU count 1, its default: 2.0 adds it). */
    private static void use(SampleCode code, Crossfade server, long base) {
      CrossfadeRepository<Object, Object> hosts = code.hosts(server, "eu-1");
      CrossfadeRepository<Object, Object> search = code.search(server, "eu-1");
      for (long id = base + 1; id <= base + 3; id++) {
        hosts.save(code.host(SampleCode.HostRow.of(id, 1, 1)));
        hosts.save(code.host(SampleCode.HostRow.of(id, 2, 1)));
      }
      hosts.findById(base + 1);
      hosts.existsById(base + 2);
      hosts.count();
      hosts.findAll();
      try (Stream<Object> all = hosts.streamAll()) {
        all.count();
      }
      code.callSearch(search, "findByRackIn", List.of("rack-2"));
      code.callSearch(search, "findByOsNameAndOsVersion", "os2", "2." + (base + 1));
      code.callSearch(search, "existsByRack", "rack-2");
      hosts.deleteById(base + 1);
      hosts.delete(code.host(SampleCode.HostRow.of(base + 2, 2, 1)));
      code.callSearch(search, "deleteByRack", "rack-2");
    }
  }
}
