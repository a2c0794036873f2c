package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Round trips, counted by a JDBC wrapper: {@code findById} is one statement on a MIGRATED or CONTRACTED
 * shard and one joined statement where it spans old and new tables; a dual write is one transaction on
 * one connection; and no operation reads the state tables (the phase cache answers), except that each write
 * ends with its fencing check (docs/runtime.md, Fencing).
 */
class RepositoryStatementCountTest {

  /** A server whose heartbeat will not fire during the test, so every counted statement is the repository's. */
  private static Crossfade quietServer(SampleCode code, Shard shard) {
    return Crossfade.builder().shards(shard).serverId("counted-" + code.release).classLoader(code.loader)
        .lease(Duration.ofHours(1)).heartbeat(Duration.ofMinutes(20)).start();
  }

  private static Shard counted(Shard shard, CountingDataSource ds) {
    return new Shard(shard.name(), ds, shard.dialect());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void findByIdIsOneStatementAndAJoinOnlyWhereTheEntitySpansTables(Dialect dialect) throws Exception {
    for (Phase phase : List.of(Phase.EXPANDED, Phase.MIGRATED, Phase.CONTRACTED)) {
      try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
        CountingDataSource ds = new CountingDataSource(new JdbcUrlDataSource(db.url()));
        Shard shard = counted(MigratorTestKit.shardAt(db, phase, 4), ds);
        SampleCode v2 = SampleCode.v2();
        try (Crossfade server = quietServer(v2, shard)) {
          CrossfadeRepository<Object, Object> hosts = v2.hosts(server, shard.name());
          @SuppressWarnings("unchecked")
          CrossfadeRepository<Object, Object> networks = (CrossfadeRepository<Object, Object>) server.repositoryOf(
              v2.loader.loadClass("dev.crossfade.sample.domain.HostNetwork"), shard.name());
          hosts.findById(1L);
          ds.reset();
          assertTrue(hosts.findById(1L).isPresent());
          assertEquals(1, ds.executed.size(), phase + ": " + ds.executed);
          String sql = ds.executed.get(0).toLowerCase();
          // Host reads from its own table until MIGRATED; from then on its moved fields come from the split tables.
          assertEquals(phase.atLeast(Phase.MIGRATED), sql.contains("left outer join") || sql.contains("left join"),
              phase + " Host: " + sql);

          networks.findById(1L);
          ds.reset();
          // Every host is a HostNetwork in every phase: until MIGRATED the truth is host's old columns, and a
          // host only release 1.0 wrote has no host_network row yet (issue 19).
          assertTrue(networks.findById(1L).isPresent(), phase + ": host 1, written by 1.0, is a HostNetwork");
          assertEquals(1, ds.executed.size(), phase + ": " + ds.executed);
          String networkSql = ds.executed.get(0).toLowerCase();
          // Before MIGRATED every HostNetwork field is read from host alone; from then on from host_network alone.
          assertEquals(!phase.atLeast(Phase.MIGRATED), networkSql.contains("from \"host\"")
              || networkSql.contains("from `host`"), phase + " HostNetwork: " + networkSql);
          assertTrue(!networkSql.contains("join"), phase + " HostNetwork reads one table: " + networkSql);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aDualWriteIsOneTransactionOnOneConnection(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      CountingDataSource ds = new CountingDataSource(new JdbcUrlDataSource(db.url()));
      Shard shard = counted(MigratorTestKit.shardAt(db, Phase.EXPANDED, 4), ds);
      SampleCode v2 = SampleCode.v2();
      try (Crossfade server = quietServer(v2, shard)) {
        CrossfadeRepository<Object, Object> hosts = v2.hosts(server, shard.name());
        hosts.save(v2.host(HostRow.of(500, 1, 2)));
        ds.reset();
        hosts.save(v2.host(HostRow.of(501, 1, 2)));
        assertEquals(1, ds.connections.get(), "one connection: " + ds.executed);
        assertEquals(1, ds.commits.get(), "one transaction: " + ds.executed);
        // The host row (old and new columns), the two split-off tables it keeps current, and last, before the
        // commit, the fencing check (docs/runtime.md, Fencing). PostgreSQL sends the three writes as one statement.
        int writes = dialect == Dialect.POSTGRES ? 1 : 3;
        assertEquals(writes + 1, ds.executed.size(), ds.executed.toString());
        List<String> sql = ds.executed.stream().map(s -> s.replace('`', '"')).toList();
        assertTrue(sql.get(0).contains("\"host\""), sql.get(0));
        assertTrue(sql.subList(0, writes).stream().anyMatch(s -> s.contains("\"host_network\"")), sql.toString());
        assertTrue(sql.subList(0, writes).stream().anyMatch(s -> s.contains("\"host_os\"")), sql.toString());
        assertFencingCheck(dialect, sql.get(writes));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theDualWriteOfASplitOffEntityIsOneRoundTripOnPostgres(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      CountingDataSource ds = new CountingDataSource(new JdbcUrlDataSource(db.url()));
      Shard shard = counted(MigratorTestKit.shardAt(db, Phase.EXPANDED, 4), ds);
      SampleCode v2 = SampleCode.v2();
      try (Crossfade server = quietServer(v2, shard)) {
        Class<?> network = v2.loader.loadClass("dev.crossfade.sample.domain.HostNetwork");
        @SuppressWarnings("unchecked")
        CrossfadeRepository<Object, Object> networks = (CrossfadeRepository<Object, Object>) server.repositoryOf(
            network, shard.name());
        var make = network.getDeclaredConstructor(long.class, String.class, String.class);
        networks.save(make.newInstance(2L, "10.9.9.1", "02:00:00:00:09:01"));
        ds.reset();
        // Host 3 was written by release 1.0 only: the save writes its host_network row and its old columns.
        networks.save(make.newInstance(3L, "10.9.9.2", "02:00:00:00:09:02"));
        assertEquals(1, ds.connections.get(), "one connection: " + ds.executed);
        assertEquals(1, ds.commits.get(), "one transaction: " + ds.executed);
        List<String> sql = ds.executed.stream().map(s -> s.replace('`', '"')).toList();
        // The upsert of host_network and the UPDATE of host's old columns: one statement on PostgreSQL (a
        // data-modifying WITH), two where the database has none; then the fencing check, last before the commit.
        int writes = dialect == Dialect.POSTGRES ? 1 : 2;
        assertEquals(writes + 1, sql.size(), sql.toString());
        String written = String.join("\n", sql.subList(0, writes));
        assertTrue(written.contains("\"host_network\"") && written.contains("update \"host\""), written);
        assertFencingCheck(dialect, sql.get(writes));
        // Both places hold the new value: the old layout (host) and the new one (host_network), and they agree.
        assertEquals("10.9.9.2", network.getMethod("ipAddress").invoke(networks.findById(3L).orElseThrow()));
        try (var c = java.sql.DriverManager.getConnection(db.url()); var st = c.createStatement();
            var rs = st.executeQuery("SELECT h.ip, n.ip_address FROM host h JOIN host_network n ON n.host_id = h.id"
                + " WHERE h.id = 3")) {
          assertTrue(rs.next(), "host 3 has its host_network row");
          assertEquals("10.9.9.2", rs.getString(1));
          assertEquals("10.9.9.2", rs.getString(2));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void noOperationReadsTheStateTablesButAWriteChecksItsFenceOnce(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      CountingDataSource ds = new CountingDataSource(new JdbcUrlDataSource(db.url()));
      Shard shard = counted(MigratorTestKit.shardAt(db, Phase.MIGRATED, 4), ds);
      SampleCode v2 = SampleCode.v2();
      try (Crossfade server = quietServer(v2, shard)) {
        CrossfadeRepository<Object, Object> hosts = v2.hosts(server, shard.name());
        long stateReads = server.phases().stateReads();
        ds.reset();
        for (int i = 0; i < 50; i++) {
          hosts.save(v2.host(HostRow.of(600 + i, i, 2)));
          hosts.findById(600L + i);
          v2.call(hosts, "findByStatus", v2.statusOf("ACTIVE"));
          hosts.count();
        }
        assertEquals(stateReads, server.phases().stateReads(), "the phase cache answered every operation");
        List<String> state = ds.executed.stream().filter(s -> s.contains("crossfade_")).toList();
        assertEquals(50, state.size(), "only each save's fencing check touched the state tables: " + state);
        for (String check : state) {
          assertFencingCheck(dialect, check.replace('`', '"'));
        }
        int writes = dialect == Dialect.POSTGRES ? 1 : 3;
        assertEquals(50 * (writes + 1) + 50 * 3, ds.executed.size(),
            "3 statements (one on PostgreSQL) and the fencing check per save, 1 per read, find and count");
      }
    }
  }

  /** The fencing check: the state row, share-locked where the database can, joined to the server's own row. */
  private static void assertFencingCheck(Dialect dialect, String sql) {
    assertTrue(sql.contains("\"crossfade_shard\"") && sql.contains("\"crossfade_server\""), sql);
    String lower = sql.toLowerCase();
    switch (dialect) {
      case POSTGRES -> assertTrue(lower.contains("for share"), sql);
      case MARIADB, MYSQL -> assertTrue(lower.contains("lock in share mode") || lower.contains("for share"), sql);
      case H2 -> assertFalse(lower.contains("for update"), "H2 reads without its exclusive lock: " + sql);
    }
  }
}
