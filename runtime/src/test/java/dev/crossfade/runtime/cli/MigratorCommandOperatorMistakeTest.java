package dev.crossfade.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's mistakes, made on the command line against real PostgreSQL, MariaDB and H2: contract before
 * migrate, migrate where 2.0 was never expanded, rollback past PENDING, expand twice, a release the plan does
 * not have, a malformed release, and a shard URL that leads to another shard's database. Each exits non-zero
 * with one line on standard error saying why and what to do, prints nothing on standard output, and leaves
 * the shard exactly as it was: every row of the state tables (phases, state version, min writer release,
 * step progress, backfill checkpoints, registry), the list of tables and the hosts.
 */
class MigratorCommandOperatorMistakeTest {
  private static ClassLoader planLoader;

  @BeforeAll
  static void compile() {
    planLoader = CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader();
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MigratorCommand.run(args, new PrintStream(out, true, Charset.defaultCharset()),
        new PrintStream(err, true, Charset.defaultCharset()), planLoader, false);
    return new Result(code, out.toString(Charset.defaultCharset()), err.toString(Charset.defaultCharset()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void everyMistakeExitsNonZeroWithOneLineAndLeavesTheShardAsItWas(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      String eu = "eu-1=" + db.url();
      assertEquals(0, run("expand", "--release", "1.0", "--shard", eu).code());
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        for (int i = 1; i <= 4; i++) {
          s.executeUpdate("INSERT INTO host (id, name, ip, os_name, memory_mb, monitored) VALUES (" + i + ", 'h" + i
              + "', '10.0.0." + i + "', 'linux', " + (i * 1024) + ", TRUE)");
        }
      }

      // Release 2.0 is PENDING.
      refused(db, "shard eu-1, release 2.0: it is PENDING here, not EXPANDED; run `expand --release 2.0` first",
          "migrate", "--release", "2.0", "--shard", eu);
      refused(db, "shard eu-1, release 2.0: it is PENDING here, not MIGRATED; run `expand --release 2.0` first",
          "contract", "--release", "2.0", "--shard", eu);
      refused(db, "shard eu-1, release 2.0: it is PENDING here; there is nothing to roll back; see `status`",
          "rollback", "--release", "2.0", "--shard", eu);
      refused(db, "shard eu-1, release 2.0: it is PENDING here; there is nothing to roll back; see `status`",
          "rollback", "--release", "2.0", "--force", "--shard", eu);
      refused(db, "shard eu-1, release 1.0: contract dropped the old layout; CONTRACTED cannot be rolled back",
          "rollback", "--release", "1.0", "--force", "--shard", eu);
      refused(db, "shard eu-1, release 1.0: it is already CONTRACTED here; there is nothing to expand",
          "expand", "--release", "1.0", "--shard", eu);
      refused(db, "shard eu-1, release 9.9: this application's plan has no release 9.9; use one of 1.0, 2.0",
          "expand", "--release", "9.9", "--shard", eu);
      refused(db, "shard us-1, release 2.0: the database behind this URL is shard 'eu-1', not 'us-1'; check the"
          + " --shard NAME=JDBC_URL pairs", "expand", "--release", "2.0", "--shard", "us-1=" + db.url());
      usageError(db, "expand", "--release", "two", "--shard", eu);

      // Release 2.0 is EXPANDED.
      Result expanded = run("expand", "--release", "2.0", "--shard", eu);
      assertEquals(0, expanded.code(), expanded::toString);
      refused(db, "shard eu-1, release 2.0: it is already EXPANDED here; there is nothing to expand; see `status`;"
          + " the next step is `migrate`", "expand", "--release", "2.0", "--shard", eu);
      refused(db, "shard eu-1, release 2.0: it is EXPANDED here, not MIGRATED; run `migrate --release 2.0` first",
          "contract", "--release", "2.0", "--shard", eu);
      refused(db, "shard eu-1, release 3.0: this application's plan has no release 3.0; use one of 1.0, 2.0",
          "migrate", "--release", "3.0", "--shard", eu);
      refused(db, "shard us-1, release 2.0: the database behind this URL is shard 'eu-1', not 'us-1'",
          "migrate", "--release", "2.0", "--shard", "us-1=" + db.url());
      refused(db, "shard us-1, release 2.0: the database behind this URL is shard 'eu-1', not 'us-1'",
          "rollback", "--release", "2.0", "--force", "--shard", "us-1=" + db.url());
    }
  }

  /** Exit 3, one line {@code refused: <expected>…} on stderr, nothing on stdout, and the shard unchanged. */
  private static void refused(TestDatabases.Fresh db, String expected, String... args) throws Exception {
    List<String> before = shardContents(db);
    Result r = run(args);
    String what = String.join(" ", args).replace(db.url(), "<url>") + "\n" + r;
    assertEquals(MigratorCommand.REFUSED, r.code(), what);
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), what);
    assertTrue(lines.get(0).startsWith("refused: " + expected), "expected 'refused: " + expected + "…' in " + what);
    assertFalse(r.err().contains("\tat "), "no stack trace: " + what);
    assertEquals("", r.out(), what);
    assertEquals(before, shardContents(db), "a refused command changes nothing: " + what);
  }

  private static void usageError(TestDatabases.Fresh db, String... args) throws Exception {
    List<String> before = shardContents(db);
    Result r = run(args);
    assertEquals(MigratorCommand.USAGE, r.code(), r::toString);
    assertTrue(r.err().lines().findFirst().orElse("").startsWith("usage error: "), r::toString);
    assertEquals(before, shardContents(db), "a usage error changes nothing: " + r);
  }

  /** The tables of the shard and every row of the state tables and of host, as text. */
  private static List<String> shardContents(TestDatabases.Fresh db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      DatabaseMetaData md = c.getMetaData();
      String catalog = db.dialect() == Dialect.MARIADB ? c.getCatalog() : null;
      String schema = db.dialect() == Dialect.POSTGRES ? "public" : db.dialect() == Dialect.H2 ? "public" : null;
      try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          out.add("table " + rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      for (String table : List.of("crossfade_shard", "crossfade_release", "crossfade_backfill", "crossfade_server",
          "host")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          ResultSetMetaData m = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder(table).append(':');
            for (int i = 1; i <= m.getColumnCount(); i++) {
              b.append(' ').append(rs.getString(i));
            }
            out.add(b.toString());
          }
        }
      }
    }
    out.sort(null);
    assertTrue(out.stream().anyMatch(l -> l.startsWith("crossfade_release:")), "the state is there: " + out);
    return out;
  }
}
