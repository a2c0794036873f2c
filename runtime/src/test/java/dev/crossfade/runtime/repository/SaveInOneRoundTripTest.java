package dev.crossfade.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A save's statements sent as one statement on PostgreSQL (data-modifying WITH clauses): they run in their
 * order — the order of their row locks, which keeps a save and a backfill batch from deadlocking — with each
 * parameter bound to its own statement. PostgreSQL documents the order of such clauses as unspecified, so this
 * test pins what the server does.
 */
class SaveInOneRoundTripTest {

  private static Stmt insert(String table, int value) {
    return new Stmt("insert into \"" + table + "\" (\"x\") values (?)",
        List.of(new Stmt.Bind(JavaKind.INT, (v, a) -> v[value])));
  }

  @Test
  void theStatementsRunInTheirOrderWithTheirOwnParameters() throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(Dialect.POSTGRES);
        Connection c = DriverManager.getConnection(db.url())) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SEQUENCE ran");
        for (String t : List.of("own", "child", "parent")) {
          s.execute("CREATE TABLE \"" + t + "\" (x int, ran bigint DEFAULT nextval('ran'))");
        }
      }
      Stmt one = EntityLayout.inOneRoundTrip(Dialect.POSTGRES,
          List.of(insert("own", 0), insert("child", 1), insert("parent", 2)), 0);
      assertTrue(one.sql().startsWith("with "), one.sql());
      try (PreparedStatement ps = c.prepareStatement(one.sql())) {
        one.bind(ps, Dialect.POSTGRES, new Object[] {10, 20, 30}, null);
        ps.executeUpdate();
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT 'own', x, ran FROM own UNION ALL SELECT 'child', x, ran FROM child"
              + " UNION ALL SELECT 'parent', x, ran FROM parent ORDER BY ran")) {
        for (Object[] expected : List.of(new Object[] {"own", 10}, new Object[] {"child", 20},
            new Object[] {"parent", 30})) {
          assertTrue(rs.next());
          assertEquals(expected[0], rs.getString(1), "ran in the order of the save's statements");
          assertEquals(expected[1], rs.getInt(2), "with its own parameter");
        }
      }
    }
  }

  @Test
  void onlyPostgresAndOnlyDifferentTablesAreCombined() {
    List<Stmt> two = List.of(insert("own", 0), insert("child", 1));
    assertNull(EntityLayout.inOneRoundTrip(Dialect.MARIADB, two, 0));
    assertNull(EntityLayout.inOneRoundTrip(Dialect.H2, two, 0));
    assertNull(EntityLayout.inOneRoundTrip(Dialect.POSTGRES, two, 1), "one statement left: nothing to combine");
    assertNull(EntityLayout.inOneRoundTrip(Dialect.POSTGRES, List.of(insert("own", 0), insert("own", 1)), 0),
        "two writes of one table could touch one row");
  }
}
