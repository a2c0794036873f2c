package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The escape hatch end to end (issue 17): reviewed SQL fragments under {@code <snapshots>/sql/2.0/<dialect>/…} of the
 * note domain — an expression index on PostgreSQL, a virtual column and its index on MariaDB, a generated column and
 * its index on H2 (expand); a partial index on PostgreSQL once the backfill is verified (backfill); a table comment
 * (contract) — are placed into release 2.0's scripts with their comments, shown in plan.md, run by the migrator in
 * its steps, and the drift check expects what they declare: it is quiet when they ran and names the structure when
 * someone dropped it.
 */
class EscapeHatchTest {
  static final String SHARD = "hatch-1";

  @TempDir
  Path snapshots;

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void fragmentsRunInTheirStepsAndTheDriftCheckCatchesWhatTheyCreateWhenItIsGone(Dialect dialect) throws Exception {
    copy(Path.of("src", "test", "resources", "domains", "note", "snapshots"), snapshots);
    ReleaseCode r2 = new ReleaseCode("note", "dev.crossfade.note", "2.0", "-Acrossfade.snapshots=" + snapshots);
    String folder = "META-INF/crossfade/" + dialect.folder() + "/2.0/";
    String expand = r2.resource(folder + "expand.sql");
    String contract = r2.resource(folder + "contract.sql");
    String plan = r2.resource(folder + "plan.md");
    assertTrue(expand.contains("-- reviewed SQL fragment sql/2.0/" + dialect.folder() + "/expand/01-text-lower.sql:"
        + " Case-insensitive search of customer notes"), expand);
    assertTrue(expand.indexOf("CREATE TABLE") < expand.indexOf("reviewed SQL fragment"), "after the generated expand");
    assertTrue(contract.indexOf("reviewed SQL fragment") < contract.indexOf("DROP TABLE"), "before the drops");
    assertTrue(plan.contains("## Reviewed SQL fragments"), plan);
    assertTrue(plan.contains("`sql/2.0/" + dialect.folder() + "/backfill/01-long-notes.sql`"), plan);

    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults());
      migrator.expand(shard, r2.plan().model().baseline());
      migrator.expand(shard, r2.release);
      assertEquals(List.of(), migrator.status(shard).drift(), "the fragments ran with expand");

      execute(db.url(), dialect == Dialect.MARIADB
          ? "DROP INDEX customer_note_text_lower_idx ON customer_note"
          : dialect == Dialect.H2 ? "DROP INDEX \"customer_note_text_lower_idx\""
          : "DROP INDEX customer_note_text_lower_idx");
      assertEquals(List.of("missing index customer_note_text_lower_idx on customer_note (declared by a reviewed SQL"
          + " fragment of release 2.0)"), migrator.status(shard).drift());
      if (dialect != Dialect.POSTGRES) {
        execute(db.url(), dialect == Dialect.H2 ? "ALTER TABLE \"customer_note\" DROP COLUMN \"text_lower\""
            : "ALTER TABLE customer_note DROP COLUMN text_lower");
        assertTrue(migrator.status(shard).drift().contains("missing column customer_note.text_lower (declared by a"
            + " reviewed SQL fragment of release 2.0)"), migrator.status(shard).drift().toString());
      }
      // Expand again runs nothing (the shard is EXPANDED): put the structures back as the fragments would.
      for (var st : r2.plan().expand(dialect, r2.release)) {
        if (st.reason().startsWith("reviewed SQL fragment")) {
          execute(db.url(), st.sql());
        }
      }
      assertEquals(List.of(), migrator.status(shard).drift(), "the fragments' structures are back");

      migrator.migrate(shard, r2.release);
      assertEquals(List.of(), migrator.status(shard).drift(), "the backfill's fragments ran before MIGRATED");
      if (dialect == Dialect.POSTGRES) {
        execute(db.url(), "DROP INDEX customer_note_long_idx");
        assertEquals(List.of("missing index customer_note_long_idx on customer_note (declared by a reviewed SQL"
            + " fragment of release 2.0)"), migrator.status(shard).drift());
        execute(db.url(), "CREATE INDEX customer_note_long_idx ON customer_note (customer_id) WHERE length(text) > 100");
      }
      migrator.contract(shard, r2.release);
      assertEquals(List.of(), migrator.status(shard).drift(), "no drift once contracted");
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
