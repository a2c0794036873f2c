package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape hatch's faults (issue 17): reviewed SQL fragments under {@code <snapshots>/sql/<release>/<dialect>/<step>/}
 * that the processor cannot place. A fragment file is not Java, so the errors have no element: the text (with the
 * file's path) and the count are asserted, and the fix compiling. The valid case shows where fragments land.
 */
class EscapeHatchCatalogueTest {
  private static final String HOST = "inventory.Host";

  @TempDir
  Path snapshots;

  private ErrorCatalogueDomain release2() {
    return ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, String hostname, @Since("2.0") String rack) {}
            """)
        .options("-Acrossfade.snapshots=" + snapshots, "-Acrossfade.dialects=postgres,h2");
  }

  private void fragment(String path, String text) throws IOException {
    Path file = snapshots.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static final String PG_INDEX = """
      -- Case-insensitive host lookup.
      -- crossfade:creates index host_hostname_lower_idx on host
      CREATE INDEX CONCURRENTLY IF NOT EXISTS host_hostname_lower_idx ON host (lower(hostname));
      """;

  @Test
  void fragmentsArePlacedInTheirStepsWithTheirCommentsAndShownInThePlan() throws IOException {
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX);
    fragment("sql/2.0/h2/expand/01-hostname-lower.sql", """
        -- H2 compares case-insensitively in this product's mode; nothing to add.
        -- crossfade:none
        """);

    Compilation compilation = release2().compile();

    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> files = CompiledDomain.of(compilation).resources();
    String expand = files.get("META-INF/crossfade/postgres/2.0/expand.sql");
    assertThat(expand).endsWith("""
        -- reviewed SQL fragment sql/2.0/postgres/expand/01-hostname-lower.sql: Case-insensitive host lookup.
        -- crossfade:creates index host_hostname_lower_idx on host
        CREATE INDEX CONCURRENTLY IF NOT EXISTS host_hostname_lower_idx ON host (lower(hostname));
        """);
    assertThat(files.get("META-INF/crossfade/postgres/2.0/plan.md")).contains("| expand |"
        + " `sql/2.0/postgres/expand/01-hostname-lower.sql` | Case-insensitive host lookup. |"
        + " index host_hostname_lower_idx on host |");
    assertThat(files.get("META-INF/crossfade/h2/2.0/plan.md")).contains("none on H2");
    assertThat(files.get("META-INF/crossfade/h2/2.0/expand.sql")).doesNotContain("reviewed SQL fragment");
  }

  @Test
  @Raises(Message.SQL_FRAGMENT_MISSING)
  void aFragmentOneDialectLacksIsRejectedNamingTheFileToAdd() throws IOException {
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX);

    Compilation compilation = release2().compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_FRAGMENT_MISSING.format("2.0", "expand",
            "01-hostname-lower", "PostgreSQL", "H2", "H2", "2.0", "h2", "expand", "01-hostname-lower", "H2")),
        () -> assertThat(compilation).hadErrorCount(1));
    fragment("sql/2.0/h2/expand/01-hostname-lower.sql", "-- Nothing on H2.\n-- crossfade:none\n");
    assertThat(release2().compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.SQL_FRAGMENT_UNREADABLE)
  void aFragmentWithoutACommentIsRejected() throws IOException {
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX.replace("-- Case-insensitive host lookup.\n", ""));
    fragment("sql/2.0/h2/expand/01-hostname-lower.sql", "-- Nothing on H2.\n-- crossfade:none\n");

    Compilation compilation = release2().compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_FRAGMENT_UNREADABLE.format(
            "sql/2.0/postgres/expand/01-hostname-lower.sql", "it has no comment saying why it exists; start it with --"
                + " lines that a reviewer reads in plan.md")),
        () -> assertThat(compilation).hadErrorCount(1));
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX);
    assertThat(release2().compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.SQL_FRAGMENT_CREATES)
  void aCreatesHeaderThatDoesNotParseIsRejected() throws IOException {
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX.replace("creates index host_hostname_lower_idx on host",
        "creates an index on host"));
    fragment("sql/2.0/h2/expand/01-hostname-lower.sql", "-- Nothing on H2.\n-- crossfade:none\n");

    Compilation compilation = release2().compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_FRAGMENT_CREATES.format(
            "sql/2.0/postgres/expand/01-hostname-lower.sql", "crossfade:creates an index on host")),
        () -> assertThat(compilation).hadErrorCount(1));
    fragment("sql/2.0/postgres/expand/01-hostname-lower.sql", PG_INDEX);
    assertThat(release2().compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.SQL_FRAGMENT_RELEASE)
  void fragmentsOfAReleaseThatChangesNoTableAreRejected() throws IOException {
    fragment("sql/2.1/postgres/expand/01-hostname-lower.sql", PG_INDEX);
    fragment("sql/2.1/h2/expand/01-hostname-lower.sql", "-- Nothing on H2.\n-- crossfade:none\n");

    Compilation compilation = release2().compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_FRAGMENT_RELEASE.format("2.1", "2.1",
            "1.0, 2.0")),
        () -> assertThat(compilation).hadErrorCount(1));
    Files.move(snapshots.resolve("sql/2.1"), snapshots.resolve("sql/2.0"));
    assertThat(release2().compile()).succeededWithoutWarnings();
  }
}
