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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code status} reads and never writes (issue 16): on an empty PostgreSQL or MariaDB database it says there is
 * no Crossfade state, exits {@value MigratorCommand#NO_STATE} and leaves the database without a table; a
 * mistyped H2 file path creates no file; and a database that does not exist is reported as missing, with advice
 * to check the URL, never as a lost connection to retry.
 */
class StatusReadOnlyTest {
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

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MigratorCommand.run(args, new PrintStream(out, true, Charset.defaultCharset()),
        new PrintStream(err, true, Charset.defaultCharset()), planLoader);
    return new Result(code, out.toString(Charset.defaultCharset()), err.toString(Charset.defaultCharset()));
  }

  private static List<String> tables(Connection c) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        if (schema == null || !schema.toLowerCase(java.util.Locale.ROOT).matches("information_schema|pg_catalog")) {
          out.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void statusOfAnEmptyDatabaseSaysItHoldsNoCrossfadeStateExitsFiveAndCreatesNoTable(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Result r = run("status", "--shard", "eu-1=" + db.url());
      assertEquals(MigratorCommand.NO_STATE, r.code(), r::toString);
      assertEquals("", r.out(), r::toString);
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r::toString);
      assertTrue(lines.get(0).startsWith("error: shard eu-1: this " + dialect.displayName()
          + " database holds no Crossfade state"), r::toString);
      assertTrue(lines.get(0).contains("status created nothing"), r::toString);
      try (Connection c = db.connect()) {
        assertEquals(List.of(), tables(c), "status wrote nothing");
      }
    }
  }

  @Test
  void statusOfAMistypedH2FileCreatesNoFileAndSaysTheDatabaseDoesNotExist(@TempDir Path dir) throws Exception {
    Result r = run("status", "--shard", "eu-1=jdbc:h2:file:" + dir.resolve("eu1-typo") + ";DATABASE_TO_LOWER=TRUE");
    assertEquals(MigratorCommand.FAILED, r.code(), r::toString);
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r::toString);
    assertTrue(lines.get(0).startsWith("error: shard eu-1: the database the shard's URL names does not exist"),
        r::toString);
    assertTrue(lines.get(0).contains("check the database name in the URL"), r::toString);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList(), "no H2 file was created");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aDatabaseThatDoesNotExistIsReportedAsMissingNotAsALostConnection(Dialect dialect) throws Exception {
    String missing;
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) { // skips loudly when the server is down
      missing = db.url().replace(db.name(), db.name() + "_typo");
    }
    for (String[] args : List.of(new String[] {"status"}, new String[] {"expand", "--release", "1.0"})) {
      List<String> cmd = new ArrayList<>(List.of(args));
      cmd.addAll(List.of("--shard", "eu-1=" + missing));
      Result r = run(cmd.toArray(String[]::new));
      assertEquals(MigratorCommand.FAILED, r.code(), r::toString);
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r::toString);
      String line = lines.get(0);
      assertTrue(line.startsWith("error: shard eu-1" + (args.length > 1 ? ", release 1.0" : "")
          + ": the database the shard's URL names does not exist"), line);
      assertTrue(line.contains("check the database name in the URL, or create the database first"), line);
      assertFalse(line.contains("lost the connection"), line);
      assertFalse(line.contains("run the same command again"), line);
    }
  }
}
