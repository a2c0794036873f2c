package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Code pointed at a shard that is ahead of it — release 2.0 CONTRACTED under code 1.0, or state rows of a
 * release 3.0 this code has never heard of — refuses to start, naming the shard, its own release, the release
 * to upgrade to, and writes nothing: no state change, no registration, no data. A future release that is only
 * expanded is not "ahead": code R-1 keeps working against shards expanded for R.
 */
class ShardAheadOfCodeTest {
  @BeforeAll
  static void compile() {
    SampleCode.v1();
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void code10OnAShardWhere20IsContractedIsRefusedAtStartAndWritesNothing(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.CONTRACTED, 4);
      refusedAtStartWritingNothing(db, SampleCode.v1(), shard,
          "shard eu-1 refuses code release 1.0 (shard at release 2.0): release 2.0 is CONTRACTED there",
          "upgrade this server to release 2.0 or later");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aShardWithAnUnknownFutureReleaseContractedRefusesBothReleasesNamingThatRelease(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.CONTRACTED, 4);
      futureRelease(db, "3.0", Phase.CONTRACTING, null);
      refusedAtStartWritingNothing(db, SampleCode.v2(), shard,
          "shard eu-1 refuses code release 2.0 (shard at release 3.0): release 3.0 is CONTRACTING there (a release"
              + " this code does not know)", "upgrade this server to release 3.0 or later");
      // Code 1.0 is two releases behind: the remedy names the release it must reach, 3.0, not 2.0.
      refusedAtStartWritingNothing(db, SampleCode.v1(), shard, "shard eu-1 refuses code release 1.0 (shard at"
          + " release 3.0): release 3.0 is CONTRACTING there", "upgrade this server to release 3.0 or later");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aShardWhoseStateTablesSpeakANewerProtocolIsRefusedAtStartAndWritesNothing(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.EXPANDED, 4);
      MigratorTestKit.execute(db, "UPDATE crossfade_shard SET protocol = 2");
      List<String> before = everything(db);
      RuntimeException e = assertThrows(RuntimeException.class, () -> SampleCode.v2().start("app", shard));
      assertTrue(e.getMessage().startsWith("shard eu-1: its state tables use protocol 2 but this Crossfade understands"
          + " up to 1; upgrade this server"), e.getMessage());
      assertEquals(before, everything(db), "a refused start writes nothing");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aFutureReleaseThatIsOnlyExpandedOrMigratingIsNotAheadCode20ReadsAndOnlyWritesWhileAllowed(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.shardAt(db, Phase.CONTRACTED, 4);
      SampleCode c2 = SampleCode.v2();
      futureRelease(db, "3.0", Phase.EXPANDED, null);
      try (Crossfade server = c2.start("app-2.0", shard)) {
        CrossfadeRepository<Object, Object> hosts = c2.hosts(server, MigratorTestKit.SHARD);
        hosts.save(c2.host(SampleCode.HostRow.of(50, 1, 2)));
        assertEquals(5, hosts.count(), "code 2.0 reads and writes a shard expanded for 3.0");
        futureRelease(db, "3.0", Phase.MIGRATING, "3.0");
        server.phases().refresh(shard);
        ShardRefusedException refused = assertThrows(ShardRefusedException.class,
            () -> hosts.save(c2.host(SampleCode.HostRow.of(51, 1, 2))));
        assertTrue(refused.getMessage().contains("shard eu-1 refuses code release 2.0 (shard at release 3.0): only"
            + " release 3.0 or later may write"), refused.getMessage());
        assertEquals(5, hosts.count(), "reads still work, and the refused write wrote nothing");
      }
    }
  }

  /** Records {@code release} in {@code phase} as its own migrator would: a new state version. */
  private static void futureRelease(TestDatabases.Fresh db, String release, Phase phase, String minWriter)
      throws Exception {
    MigratorTestKit.execute(db, "UPDATE crossfade_shard SET state_version = state_version + 1"
        + (minWriter == null ? "" : ", min_writer_release = '" + minWriter + "'"));
    long version = MigratorTestKit.scalar(db, "SELECT state_version FROM crossfade_shard");
    MigratorTestKit.execute(db, "DELETE FROM crossfade_release WHERE " + quoted(db, "release") + " = '" + release + "'");
    MigratorTestKit.execute(db, "INSERT INTO crossfade_release (" + quoted(db, "release") + ", phase, state_version,"
        + " expand_step, contract_step, undo_step, old_stale) VALUES ('" + release + "', '" + phase + "', " + version
        + ", 0, 0, 0, 0)");
  }

  private static String quoted(TestDatabases.Fresh db, String name) {
    return db.dialect() == Dialect.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
  }

  private static void refusedAtStartWritingNothing(TestDatabases.Fresh db, SampleCode code, Shard shard,
      String... parts) throws Exception {
    List<String> before = everything(db);
    ShardRefusedException e = assertThrows(ShardRefusedException.class, () -> code.start("app-" + code.release, shard));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
    assertEquals(before, everything(db), "a refused start writes nothing: no state, no registration, no data");
  }

  /** Every row of the state tables and of host, as text. */
  private static List<String> everything(TestDatabases.Fresh db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (String table : List.of("crossfade_shard", "crossfade_release", "crossfade_backfill", "crossfade_server",
          "host")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder(table).append(':');
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append(' ').append(rs.getString(i));
            }
            out.add(b.toString());
          }
        }
      }
    }
    return out;
  }
}
