package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Any {@code DataSource} is a shard (issue 16): {@link Shard#of(String, javax.sql.DataSource)} reads the dialect
 * from the database on PostgreSQL, MariaDB and H2, and the migrator gives a pooled connection back without the
 * lock timeout its scripts set, so the application's traffic on that connection is not held to it.
 */
class ShardOfDataSourceTest {

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aPooledDataSourceIsAShardWhoseDialectIsReadFromTheDatabase(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); PooledDataSource pool = new PooledDataSource(db.url())) {
      Shard shard = Shard.of("eu-1", pool);
      assertEquals(dialect, shard.dialect());
      assertEquals("eu-1", shard.name());
      ShardStatus status = MigratorTestKit.migrator().expand(shard, MigratorTestKit.V1);
      assertEquals(dev.crossfade.schema.Phase.CONTRACTED, status.phase(MigratorTestKit.V1), status.render());
    }
  }

  @Test
  void aMariaDbServerBehindMySqlsDriverIsMariaDb() {
    assertEquals(Optional.of(Dialect.MARIADB), Dialect.forProduct("MySQL", "5.5.5-10.11.6-MariaDB"));
    assertEquals(Optional.of(Dialect.MARIADB), Dialect.forProduct("MariaDB", "11.4.2-MariaDB"));
    assertEquals(Optional.of(Dialect.MYSQL), Dialect.forProduct("MySQL", "8.4.0"));
    assertEquals(Optional.of(Dialect.POSTGRES), Dialect.forProduct("PostgreSQL", "16.3"));
    assertEquals(Optional.of(Dialect.H2), Dialect.forProduct("H2", "2.3.232 (2024-08-11)"));
    assertEquals(Optional.empty(), Dialect.forProduct("Oracle", "23ai"));
  }

  @Test
  void aDataSourceThatCannotConnectIsRefusedNamingTheShardAndWhatToDo() {
    javax.sql.DataSource down = new JdbcUrlDataSource("jdbc:h2:./target/no-such-dir/none;IFEXISTS=TRUE");
    ShardUnavailableException e = assertThrows(ShardUnavailableException.class, () -> Shard.of("eu-1", down));
    assertTrue(e.getMessage().startsWith("shard eu-1: could not connect to read which database it is ("),
        e.getMessage());
    assertTrue(e.getMessage().contains("or name the dialect with new Shard(name, dataSource, dialect)"),
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void theMigratorGivesPooledConnectionsBackWithoutTheLockTimeoutItsScriptsSet(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); PooledDataSource pool = new PooledDataSource(db.url())) {
      String before = lockTimeout(pool, dialect, 1).get(0);
      Shard shard = Shard.of("eu-1", pool);
      MigratorTestKit.migrator().expand(shard, MigratorTestKit.V1);
      MigratorTestKit.migrator().expand(shard, MigratorTestKit.V2); // its script sets a 5 s lock timeout
      // Every connection the migrator used is idle in the pool now; take them all at once.
      for (String after : lockTimeout(pool, dialect, 4)) {
        assertEquals(before, after, "the session's lock timeout after the migrator used it");
      }
    }
  }

  /** The lock timeout of {@code n} connections held at once (so each is a different session). */
  private static List<String> lockTimeout(PooledDataSource pool, Dialect dialect, int n) throws SQLException {
    List<Connection> held = new ArrayList<>();
    List<String> out = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        Connection c = pool.getConnection();
        held.add(c);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect == Dialect.POSTGRES
            ? "SHOW lock_timeout" : "SELECT @@SESSION.lock_wait_timeout")) {
          rs.next();
          out.add(rs.getString(1));
        }
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    return out;
  }
}
