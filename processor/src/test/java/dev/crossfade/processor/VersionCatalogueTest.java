package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Version} (optimistic locking, issue 16): one whole-number field that lives on the entity's driving
 * table for as long as the table, so that every release that writes the row bumps it. In the catalogue's shape:
 * per mistake the exact text, the file and line at fault, one error, and the fix compiling.
 */
class VersionCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String NOTE = "inventory.HostNote";

  @TempDir
  Path snapshots;

  private static ErrorCatalogueDomain release2(String hostBody) {
    return ErrorCatalogueDomain.empty().packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(HOST, hostBody);
  }

  private ErrorCatalogueDomain shipped(String release, String hostBody) {
    String annotation = release.equals("1.0") ? "@Release(\"1.0\")"
        : "@Release(value = \"" + release + "\", baseline = \"1.0\")";
    return ErrorCatalogueDomain.empty().packageInfo("inventory", annotation).type(HOST, hostBody)
        .options("-Acrossfade.snapshots=" + snapshots);
  }

  private void ship(ErrorCatalogueDomain domain, String release) {
    assertThat(domain.compile()).succeededWithoutWarnings();
    assertTrue(Files.isRegularFile(snapshots.resolve(release + ".json")), release + ".json written");
  }

  @Test
  @Raises(Message.VERSION_DUPLICATE)
  void secondVersionIsRejectedOnTheSecondField() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id, @Version long version,
            @Version long revision) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_DUPLICATE.format("Host", "revision", "version"))
            .inFile(broken.file(HOST)).onLineContaining("@Version long revision"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Version long revision", "long revision").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_TYPE)
  void versionThatIsNotAWholeNumberIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Version String version) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_TYPE.format("Host.version", "java.lang.String"))
            .inFile(broken.file(HOST)).onLineContaining("@Version String version"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Version String version", "@Version Integer version").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.VERSION_ON_ID)
  void versionOnTheKeyIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(
            @Id @Version long id, String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_ON_ID.format("Host.id"))
            .inFile(broken.file(HOST)).onLineContaining("@Id @Version long id"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Id @Version long id", "@Id long id").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_NOT_LASTING)
  void deprecatedVersionIsRejectedBecauseTheColumnMustLiveAsLongAsItsTable() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Version @DeprecatedIn("2.0") long version) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
                Message.VERSION_NOT_LASTING.format("Host.version", "DeprecatedIn", "DeprecatedIn"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"2.0\") long version"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Version @DeprecatedIn(\"2.0\")", "@Version").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_ADDED_LATE)
  void versionAddedToAnOlderTableIsRejectedBecauseOlderReleasesDoNotBumpIt() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Since("2.0") @Version long version) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
                Message.VERSION_ADDED_LATE.format("Host.version", "2.0", "the baseline"))
            .inFile(broken.file(HOST)).onLineContaining("@Version long version"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Since(\"2.0\") @Version long version",
            "@Since(\"2.0\") Long version").compile()).succeeded(),
        // The safe neighbour: a version on an entity the same release creates.
        () -> assertThat(broken.replace(HOST, "@Table(\"host\")", "@Table(\"host\") @Since(\"2.0\")").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.VERSION_NOT_ON_DRIVING_TABLE)
  void versionOnASplitOffEntityIsRejectedBecauseItsParentKeepsTheRows() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = HostNote.class, field = "text") String note) {}
        """).type(NOTE, """
        @Table("host_note")
        @Since("2.0")
        public record HostNote(@Id long hostId, String text,
            @Version long version) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_NOT_ON_DRIVING_TABLE.format(
                "HostNote.version", "host_note", "HostNote", "Host.note", "host", "HostNote.version"))
            .inFile(broken.file(NOTE)).onLineContaining("@Version long version"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(NOTE, "@Version long version", "long version").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_ADDED_TO_SHIPPED)
  void versionOnAColumnThatShippedWithoutItIsRejected() {
    ship(shipped("1.0", """
        @Table("host")
        public record Host(@Id long id, long revision) {}
        """), "1.0");
    ErrorCatalogueDomain broken = shipped("2.0", """
        @Table("host")
        public record Host(@Id long id,
            @Version long revision) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
                Message.VERSION_ADDED_TO_SHIPPED.format("Host.revision", "host", "1.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Version long revision"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Version long revision", "long revision").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.VERSION_REMOVED)
  void versionRemovedFromAShippedTableIsRejectedAndKeptItShipsAgain() throws IOException {
    ship(shipped("1.0", """
        @Table("host")
        public record Host(@Id long id, @Version long version) {}
        """), "1.0");
    Snapshot one = Snapshot.parse(Files.readString(snapshots.resolve("1.0.json"), StandardCharsets.UTF_8));
    assertThat(one.tables().get("host").columns().get("version").versionColumn()).isTrue();
    assertThat(one.tables().get("host").columns().get("id").version()).isNull();
    ErrorCatalogueDomain broken = shipped("2.0", """
        @Table("host")
        public record Host(@Id long id,
            long version) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
                Message.VERSION_REMOVED.format("Host.version", "host", "1.0", "version"))
            .inFile(broken.file(HOST)).onLineContaining("long version"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "    long version", "    @Version long version").compile())
            .succeededWithoutWarnings());
  }
}
