package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.SampleCode.HostRow;
import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21, item 2: application servers run with a database user that may only read and write rows (the grants
 * of docs/privileges.md: SELECT, INSERT, UPDATE, DELETE on the application's and Crossfade's tables, no DDL), the
 * migrator with the owner. Each test creates such a user for real (a PostgreSQL role, a MariaDB user) and drops it
 * afterwards: the user cannot create a table, yet a server started with it registers, beats, reads and writes
 * through its repositories while the migrator, as the owner, moves the shard on. On a shard the migrator has not
 * set up yet, the server refuses to start saying what is missing, and creates nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeastPrivilegeTest {

  @BeforeAll
  static void compile() {
    SampleCode.v2();
    MigratorTestKit.plan();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aServerWhoseUserMayOnlyReadAndWriteRowsServesAShardTheOwnersMigratorSetUp(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); RowsOnlyUser app = RowsOnlyUser.create(db)) {
      Shard owner = MigratorTestKit.shardAt(db, Phase.EXPANDED, 3);
      app.grantRows();
      Shard shard = Shard.of(MigratorTestKit.SHARD, app.url());
      SQLException denied = assertThrows(SQLException.class, () -> app.execute("CREATE TABLE intruder (id int)"));
      assertTrue(SqlErrors.permissionDenied(dialect, denied), "the user may not create a table: " + denied);

      SampleCode c2 = SampleCode.v2();
      try (Crossfade server = c2.start("app-1", shard)) {
        CrossfadeRepository<Object, Object> hosts = c2.hosts(server, MigratorTestKit.SHARD);
        hosts.save(c2.host(HostRow.of(10, 1, 1)));
        Map<String, Object> read = c2.view(hosts.findById(10L).orElseThrow());
        assertEquals(HostRow.of(10, 1, 1).name(), read.get("hostname"));
        assertEquals(List.of("app-1"), MigratorTestKit.migrator().status(owner).servers().stream()
            .map(ServerInfo::serverId).toList(), "the server registered with its rows-only user");

        // The owner's migrator moves the shard on while the server runs; the server follows with no DDL right.
        ShardStatus migrated = MigratorTestKit.migrator().migrate(owner, V2);
        assertEquals(Phase.MIGRATED, migrated.phase(V2));
        server.phases().refresh(shard);
        hosts.save(c2.host(HostRow.of(11, 1, 1)));
        assertEquals(HostRow.of(11, 1, 1).name(), c2.view(hosts.findById(11L).orElseThrow()).get("hostname"));
        hosts.deleteById(11L);
        assertTrue(hosts.findById(11L).isEmpty());
      }
      assertEquals(List.of(), MigratorTestKit.migrator().status(owner).servers(), "it left the registry");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aServerOnAShardTheMigratorHasNotSetUpSaysWhatIsMissingAndCreatesNothing(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); RowsOnlyUser app = RowsOnlyUser.create(db)) {
      app.grantRows();
      Shard shard = Shard.of(MigratorTestKit.SHARD, app.url());
      MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
          () -> SampleCode.v2().start("app-1", shard));
      String m = refused.getMessage();
      assertTrue(m.startsWith("shard eu-1: it has no Crossfade state tables yet, and this database user may not"
          + " create them ("), m);
      assertTrue(m.endsWith("run the migrator as the database's owner first (`expand --release` the baseline"
          + " release); servers need only the rights to read and write rows, see docs/privileges.md"), m);
      assertEquals(0, MigratorTestKit.scalar(db, dialect == Dialect.POSTGRES
          ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
          : "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"), "nothing was created");

      // Once the owner's migrator has set the shard up, the same server starts.
      MigratorTestKit.baseline(db, 1);
      try (Crossfade server = SampleCode.v2().start("app-1", shard)) {
        assertEquals(Phase.PENDING, server.phases().state(shard).phase(V2));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aServerWhoseUserLacksOneGrantIsRefusedAtStartNamingTheRightAndTheRemedy(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); RowsOnlyUser app = RowsOnlyUser.create(db)) {
      Shard owner = MigratorTestKit.shardAt(db, Phase.EXPANDED, 3);
      app.grantRowsExceptWritingTheFleetRegistry();
      Shard shard = Shard.of(MigratorTestKit.SHARD, app.url());
      MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
          () -> SampleCode.v2().start("app-1", shard));
      String m = refused.getMessage();
      assertTrue(m.startsWith("shard eu-1: server app-1 may not register in Crossfade's fleet registry, because its"
          + " database user lacks a right ("), m);
      assertTrue(m.contains("crossfade_server"), "the database's words name the table: " + m);
      assertTrue(m.endsWith("grant that user SELECT, INSERT, UPDATE and DELETE on every table of the shard"
          + " (Crossfade's crossfade_* tables included), see docs/privileges.md; until then this server does not"
          + " write to the shard"), m);
      assertEquals(List.of(), MigratorTestKit.migrator().status(owner).servers(),
          "nothing was registered");
    }
  }

  /**
   * A database user made for one test with the rights docs/privileges.md gives an application server, dropped on
   * close. Its name is generated; it is the only text spliced into these statements.
   */
  static final class RowsOnlyUser implements AutoCloseable {
    private final TestDatabases.Fresh db;
    private final String name;

    private RowsOnlyUser(TestDatabases.Fresh db, String name) {
      this.db = db;
      this.name = name;
    }

    static RowsOnlyUser create(TestDatabases.Fresh db) throws SQLException {
      RowsOnlyUser user = new RowsOnlyUser(db, "cf_app_" + UUID.randomUUID().toString().replace("-", "")
          .substring(0, 10));
      user.admin(db.dialect() == Dialect.POSTGRES ? "CREATE ROLE " + user.name + " LOGIN"
          : "CREATE USER '" + user.name + "'@'%'");
      return user;
    }

    /** The grants of docs/privileges.md for a server: rows only, on every table, now and (PostgreSQL) later. */
    void grantRows() throws SQLException {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        if (db.dialect() == Dialect.POSTGRES) {
          s.execute("GRANT USAGE ON SCHEMA public TO " + name);
          s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + name);
          s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "
              + name);
        } else {
          s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + db.name() + ".* TO '" + name + "'@'%'");
        }
      }
    }

    /**
     * The rows-only grants on every table but Crossfade's fleet registry, which the user may only read: the
     * mistake of a grant list written by hand from an older table list.
     */
    void grantRowsExceptWritingTheFleetRegistry() throws SQLException {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        if (db.dialect() == Dialect.POSTGRES) {
          s.execute("GRANT USAGE ON SCHEMA public TO " + name);
          s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + name);
          s.execute("REVOKE INSERT, UPDATE, DELETE ON crossfade_server FROM " + name);
        } else {
          List<String> tables = new java.util.ArrayList<>();
          try (java.sql.ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
              + " WHERE TABLE_SCHEMA = DATABASE()")) {
            while (rs.next()) {
              tables.add(rs.getString(1));
            }
          }
          for (String table : tables) {
            // Table names come from the test's own database, the user name is generated.
            s.execute("GRANT " + (table.equals("crossfade_server") ? "SELECT" : "SELECT, INSERT, UPDATE, DELETE")
                + " ON " + db.name() + ".`" + table + "` TO '" + name + "'@'%'");
          }
        }
      }
    }

    /** The test database's URL, as this user. */
    String url() {
      return db.url().replaceFirst("user=[^&]*", "user=" + name);
    }

    void execute(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    private void admin(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(db.adminUrl()); Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    @Override
    public void close() throws SQLException {
      if (db.dialect() == Dialect.POSTGRES) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
          s.execute("DROP OWNED BY " + name); // its grants and default privileges in the test database
        }
        admin("DROP ROLE " + name);
      } else {
        admin("DROP USER '" + name + "'@'%'");
      }
    }
  }
}
