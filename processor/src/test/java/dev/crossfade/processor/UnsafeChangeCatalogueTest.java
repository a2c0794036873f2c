package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.DialectCheck;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unsafe-change catalogue, in the same shape as {@link ErrorCatalogueTest}: per message a domain that
 * breaks one rule, the exact text, file and line, the count, and the suggested fix compiling.
 *
 * <p>Most cases need history: the test first ships release 1.0 (and sometimes 2.0) the way a team does,
 * compiling it with {@code -Acrossfade.snapshots} so that the processor writes its snapshot, then compiles
 * the next release's code against that folder.
 */
class UnsafeChangeCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String AUDIT_ENTRY = "inventory.AuditEntry";
  private static final String RACK = "inventory.Rack";
  private static final String PACKAGE_INFO = "inventory.package-info";

  /** Release 1.0's host, as shipped. */
  private static final String HOST_1_0 = """
      @Table("host")
      public record Host(@Id long id,
          @Column(length = 128) String name,
          String rack,
          int memoryMb,
          String serial) {}
      """;

  private static final String AUDIT_ENTRY_1_0 = """
      @Table("audit_entry")
      public record AuditEntry(@Id long id, String action) {}
      """;

  private static final String AUDIT_ENTRY_DEPRECATED = """
      @DeprecatedIn("2.0") @Table("audit_entry")
      public record AuditEntry(@Id long id, String action) {}
      """;

  @TempDir
  Path snapshots;

  /** Release {@code release} (baseline 1.0) of the inventory domain, compiled with the snapshots folder. */
  private ErrorCatalogueDomain release(String release, String hostBody, String... javacOptions) {
    String annotation = release.equals("1.0") ? "@Release(\"1.0\")"
        : "@Release(value = \"" + release + "\", baseline = \"1.0\")";
    String[] options = new String[javacOptions.length + 1];
    options[0] = "-Acrossfade.snapshots=" + snapshots;
    System.arraycopy(javacOptions, 0, options, 1, javacOptions.length);
    return ErrorCatalogueDomain.empty().packageInfo("inventory", annotation).type(HOST, hostBody).options(options);
  }

  /** Compiles a release as the team did when it shipped it: it succeeds and leaves its snapshot behind. */
  private void ship(ErrorCatalogueDomain domain, String release) {
    assertThat(domain.compile()).succeededWithoutWarnings();
    assertTrue(Files.isRegularFile(snapshots.resolve(release + ".json")), release + ".json written");
  }

  /** The user's edit that marks table {@code host} as large in a shipped snapshot. */
  private void estimateHostRows(String release, long rows) throws IOException {
    Path file = snapshots.resolve(release + ".json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    String key = "      \"key\" : \"id\",\n";
    int host = json.indexOf("\"host\" : {");
    int at = json.indexOf(key, host);
    Files.writeString(file, json.substring(0, at + key.length()) + "      \"rows\" : " + rows + ",\n"
        + json.substring(at + key.length()), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Gone from the code while older servers still use it

  @Test
  @Raises(Message.TABLE_REMOVED)
  void tableOfTheLastReleaseDeletedWithoutDeprecationIsRejectedOnTheRelease() {
    ship(release("1.0", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_REMOVED.format("audit_entry", "AuditEntry",
                "1.0", "2.0", "1.0", "AuditEntry", "2.0", "audit_entry"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("@Release(value = \"2.0\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.type(AUDIT_ENTRY, AUDIT_ENTRY_DEPRECATED).compile()).succeeded());
  }

  @Test
  @Raises(Message.COLUMN_REMOVED)
  void columnOfTheLastReleaseDeletedWithoutDeprecationIsRejectedOnTheEntity() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("    String rack,\n", ""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_REMOVED.format("host", "rack", "Host.rack",
                "1.0", "Host", "1.0", "2.0", "String", "rack"))
            .inFile(broken.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "    String serial)", "    String serial,\n"
            + "    @DeprecatedIn(\"2.0\") String rack)").compile()).succeeded());
  }

  @Test
  @Raises(Message.TABLE_DELETED_BEFORE_CONTRACT)
  void deprecatedTableDeletedWhileItsContractIsAheadIsRejectedOnTheRelease() {
    ship(release("1.0", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_1_0), "1.0");
    ship(release("2.0", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_DEPRECATED), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_DELETED_BEFORE_CONTRACT.format("AuditEntry",
                "audit_entry", "2.0", "2.0", "2.1", "2.0", "2.1", "2.0", "audit_entry"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("@Release(value = \"2.1\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.type(AUDIT_ENTRY, AUDIT_ENTRY_DEPRECATED).compile()).succeeded());
  }

  /** Release 2.1 kept it; its snapshot no longer lists it (2.0's contract ran first), so 3.0 may delete it. */
  @Test
  void deprecatedTableMayBeDeletedOnceItsContractIsBehindTheLastRelease() {
    ship(release("1.0", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_1_0), "1.0");
    ship(release("2.0", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_DEPRECATED), "2.0");
    ship(release("2.1", HOST_1_0).type(AUDIT_ENTRY, AUDIT_ENTRY_DEPRECATED), "2.1");

    assertThat(release("3.0", HOST_1_0).compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.FIELD_DELETED_BEFORE_CONTRACT)
  void deprecatedFieldDeletedWhileItsContractIsAheadIsRejectedOnTheEntity() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_1_0.replace("String rack", "@DeprecatedIn(\"2.0\") String rack")), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_1_0.replace("    String rack,\n", ""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.FIELD_DELETED_BEFORE_CONTRACT.format("Host.rack",
                "host", "rack", "2.0", "2.0", "2.1", "2.0", "2.1", "2.0", "String", "rack"))
            .inFile(broken.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "    String serial)", "    String serial,\n"
            + "    @DeprecatedIn(\"2.0\") String rack)").compile()).succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Changed in place instead of moved

  @Test
  @Raises(Message.TABLE_RENAMED_IN_PLACE)
  void tableRenamedInPlaceIsRejectedOnTheTableName() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("@Table(\"host\")", "@Table(\"hosts\")"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_RENAMED_IN_PLACE.format("Host", "hosts",
                "host", "1.0", "1.0", "host", "Host", "2.0", "Hosts", "hosts", "2.0", "Hosts"))
            .inFile(broken.file(HOST)).onLineContaining("@Table(\"hosts\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"hosts\"", "\"host\"").compile()).succeeded(),
        // The rename the message spells out: the old class keeps its table for the window, a new entity gets the name.
        () -> assertThat(broken.replace(HOST, "@Table(\"hosts\")",
                "@Table(\"host\") @DeprecatedIn(\"2.0\") @MovedTo(entity = Hosts.class)")
            .type("inventory.Hosts", HOST_1_0.replace("@Table(\"host\")", "@Table(\"hosts\") @Since(\"2.0\")")
                .replace("record Host(", "record Hosts("))
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.COLUMN_RENAMED_IN_PLACE)
  void columnRenamedInPlaceIsRejectedOnTheColumnName() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0",
        HOST_1_0.replace("@Column(length = 128) String name", "@Column(name = \"host_name\", length = 128) String name"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RENAMED_IN_PLACE.format("Host.name",
                "host_name", "name", "1.0", "1.0", "name", "2.0", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("\"host_name\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"host_name\"", "\"name\"").compile()).succeeded(),
        // The online rename the message describes.
        () -> assertThat(broken.replace(HOST, "@Column(name = \"host_name\", length = 128) String name",
            "@DeprecatedIn(\"2.0\") @MovedTo(entity = Host.class, field = \"hostName\") @Column(length = 128)"
                + " String name,\n    @Since(\"2.0\") @Column(length = 128) String hostName").compile()).succeeded());
  }

  @Test
  @Raises(Message.COLUMN_RETYPED_IN_PLACE)
  void javaTypeChangedInPlaceIsRejectedOnTheField() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("int memoryMb", "long memoryMb"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RETYPED_IN_PLACE.format("Host.memoryMb",
                "long", "BIGINT", "host", "memory_mb", "int", "INTEGER", "1.0", "1.0", "int memoryMb", "2.0", "2.0",
                "Host"))
            .inFile(broken.file(HOST)).onLineContaining("long memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "long memoryMb", "int memoryMb").compile()).succeeded());
  }

  @Test
  @Raises(Message.COLUMN_RETYPED_IN_PLACE)
  void varcharLengthChangedInPlaceIsRejectedOnTheField() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("length = 128", "length = 64"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RETYPED_IN_PLACE.format("Host.name",
                "String", "VARCHAR(64)", "host", "name", "String", "VARCHAR(128)", "1.0", "1.0",
                "its SQL type VARCHAR(128)", "2.0", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("length = 64"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "length = 64", "length = 128").compile()).succeeded());
  }

  @Test
  @Raises(Message.PRIMARY_KEY_CHANGED)
  void primaryKeyMovedToAnotherFieldIsRejectedOnTheNewKey() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("@Id long id", "long id")
        .replace("String serial", "@Id String serial"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.PRIMARY_KEY_CHANGED.format("host", "Host.serial",
                "VARCHAR(255)", "id", "BIGINT", "1.0", "id", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Id String serial"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Id String serial", "String serial")
            .replace(HOST, "(long id", "(@Id long id").compile()).succeeded());
  }

  @Test
  @Raises(Message.PRIMARY_KEY_CHANGED)
  void primaryKeyRetypedIsRejectedAsAKeyChange() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("@Id long id", "@Id String id"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.PRIMARY_KEY_CHANGED.format("host", "Host.id",
                "VARCHAR(255)", "id", "BIGINT", "1.0", "id", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Id String id"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Id String id", "@Id long id").compile()).succeeded());
  }

  @Test
  @Raises(Message.NOT_NULL_ADDED)
  void notNullAddedToAnExistingColumnIsRejectedOnTheNullability() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0",
        HOST_1_0.replace("String rack", "@Column(nullable = Column.Nullability.NOT_NULL) String rack"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.NOT_NULL_ADDED.format("Host.rack", "host", "rack",
                "1.0", "1.0", "@Column(nullable = Column.Nullability.NULLABLE)", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("NOT_NULL) String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "Nullability.NOT_NULL", "Nullability.NULLABLE").compile()).succeeded());
  }

  @Test
  @Raises(Message.INDEX_ADDED_IN_PLACE)
  void uniqueAddedToAnExistingColumnIsRejectedExplainingTheOnlineWay() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("String serial", "@Column(unique = true) String serial"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.INDEX_ADDED_IN_PLACE.format("unique", "Host.serial",
                "a unique index", "host", "serial", "1.0", " and fails on duplicates", "unique", "UNIQUE ", "2.0",
                "unique", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("unique = true"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Column(unique = true) String serial", "String serial").compile())
            .succeeded(),
        // The online way: a new column that expand indexes online, filled by the backfill.
        () -> assertThat(broken.replace(HOST, "@Column(unique = true) String serial",
            "@DeprecatedIn(\"2.0\") @MovedTo(entity = Host.class, field = \"serialNumber\") String serial,\n"
                + "    @Since(\"2.0\") @Column(unique = true) String serialNumber").compile()).succeeded());
  }

  @Test
  @Raises(Message.INDEX_ADDED_IN_PLACE)
  void plainIndexAddedToAnExistingColumnIsRejectedToo() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("String serial", "@Column(indexed = true) String serial"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.INDEX_ADDED_IN_PLACE.format("indexed", "Host.serial",
                "an index", "host", "serial", "1.0", "", "indexed", "", "2.0", "indexed", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("indexed = true"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Column(indexed = true) String serial", "String serial").compile())
            .succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Release history against the snapshots

  @Test
  @Raises(Message.ADDED_WITHOUT_SINCE)
  void newFieldWithoutSinceIsRejectedBecauseNoExpandWouldCreateIt() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("String serial)", "String serial,\n    String owner)"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ADDED_WITHOUT_SINCE.format("Host.owner", "1.0",
                "2.0", "1.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String owner"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "String owner", "@Since(\"2.0\") String owner").compile()).succeeded());
  }

  @Test
  @Raises(Message.ADDED_WITHOUT_SINCE)
  void newEntityWithoutSinceIsRejectedOnTheEntity() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0).type(RACK, """
        @Table("rack")
        public record Rack(@Id long id, String label) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ADDED_WITHOUT_SINCE.format("Rack", "1.0", "2.0",
                "1.0", "2.0"))
            .inFile(broken.file(RACK)).onLineContaining("public record Rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(RACK, "@Table(\"rack\")", "@Table(\"rack\") @Since(\"2.0\")").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.SINCE_BEFORE_SNAPSHOT)
  void sinceOfAShippedReleaseThatDidNotHaveTheFieldIsRejected() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0",
        HOST_1_0.replace("String serial)", "String serial,\n    @Since(\"1.0\") String owner)"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SINCE_BEFORE_SNAPSHOT.format("Host.owner", "1.0",
                "1.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Since(\"1.0\") String owner"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Since(\"1.0\")", "@Since(\"2.0\")").compile()).succeeded());
  }

  @Test
  @Raises(Message.SINCE_AFTER_SNAPSHOT)
  void sinceLaterThanTheReleaseThatShippedTheFieldIsRejected() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("String rack", "@Since(\"2.0\") String rack"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SINCE_AFTER_SNAPSHOT.format("Host.rack", "2.0",
                "1.0", "1.0", "2.0", "1.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Since(\"2.0\") String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Since(\"2.0\")", "@Since(\"1.0\")").compile()).succeeded());
  }

  @Test
  @Raises(Message.DEPRECATION_WITHDRAWN)
  void shippedDeprecationWithdrawnIsRejectedOnTheField() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_1_0.replace("String rack", "@DeprecatedIn(\"2.0\") String rack")), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.DEPRECATION_WITHDRAWN.format("Host.rack", "2.0",
                "2.0", "has no @DeprecatedIn", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "String rack", "@DeprecatedIn(\"2.0\") String rack").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.DEPRECATED_IN_SHIPPED_RELEASE)
  void deprecationDatedInAShippedReleaseIsRejected() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_1_0), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_1_0.replace("String rack", "@DeprecatedIn(\"2.0\") String rack"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.DEPRECATED_IN_SHIPPED_RELEASE.format("Host.rack",
                "2.0", "2.0", "2.0", "2.1"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"2.0\") String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@DeprecatedIn(\"2.0\")", "@DeprecatedIn(\"2.1\")").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.RELEASE_BEHIND_SNAPSHOT)
  void releaseBelowAShippedSnapshotIsRejectedOnTheReleaseAnnotation() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_1_0), "2.0");
    ErrorCatalogueDomain broken = release("1.5", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.RELEASE_BEHIND_SNAPSHOT.format("1.5", "2.0", "1.5",
                "2.1"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("@Release(value = \"1.5\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(PACKAGE_INFO, "value = \"1.5\"", "value = \"2.1\"").compile()).succeeded());
  }

  /** Without {@code @Release(baseline)} the earliest snapshot says where the schema began. */
  @Test
  void earliestSnapshotSuppliesTheBaselineWhenTheCodeNamesNone() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain release2 = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(\"2.0\")")
        .type(HOST, HOST_1_0.replace("String rack", "@DeprecatedIn(\"2.0\") String rack"));

    assertAll(
        () -> assertThat(release2.options("-Acrossfade.snapshots=" + snapshots).compile()).succeeded(),
        // Without the snapshots the lowest release named, 2.0, is the baseline, and 2.0 cannot deprecate.
        () -> assertThat(release2.compile()).hadErrorContaining(
            Message.DEPRECATED_IN_BASELINE.format("Host.rack", "2.0", "2.0", "2.0")));
  }

  // ---------------------------------------------------------------------------------------------------------
  // The snapshots folder

  @Test
  @Raises(Message.SNAPSHOTS_OFF)
  void withoutASnapshotsFolderANoteSaysNothingWasCompared() {
    ErrorCatalogueDomain domain = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")").type(HOST, HOST_1_0);

    Compilation compilation = domain.compile();

    assertAll(
        () -> assertThat(compilation).succeededWithoutWarnings(),
        () -> assertThat(compilation).hadNoteContaining(Message.SNAPSHOTS_OFF.format("2.0")),
        () -> assertThat(domain.options("-Acrossfade.snapshots=" + snapshots).compile()).hadNoteCount(0));
  }

  @Test
  @Raises(Message.SNAPSHOTS_FOLDER_UNUSABLE)
  void snapshotsOptionNamingAFileIsRejected() throws IOException {
    Path file = Files.writeString(snapshots.resolve("not-a-folder.txt"), "x");
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(\"1.0\")").type(HOST, HOST_1_0)
        .options("-Acrossfade.snapshots=" + file);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
            Message.SNAPSHOTS_FOLDER_UNUSABLE.format(file, "it is a file, not a folder")),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.options("-Acrossfade.snapshots=" + snapshots.resolve("snapshots")).compile())
            .succeeded());
  }

  @Test
  @Raises(Message.SNAPSHOT_UNREADABLE)
  void snapshotThatIsNotJsonIsRejectedNamingTheFile() throws IOException {
    Path file = Files.writeString(snapshots.resolve("1.0.json"), "{ \"release\" : ");
    String reason = assertThrows(IllegalArgumentException.class, () -> Snapshot.parse("{ \"release\" : "))
        .getMessage();
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SNAPSHOT_UNREADABLE.format(file, reason)),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> {
          Files.delete(file);
          assertThat(broken.compile()).succeeded();
        });
  }

  @Test
  @Raises(Message.SNAPSHOT_UNREADABLE)
  void snapshotNotNamedAfterItsReleaseIsRejected() throws IOException {
    ship(release("1.0", HOST_1_0), "1.0");
    Path misnamed = Files.move(snapshots.resolve("1.0.json"), snapshots.resolve("latest.json"));
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SNAPSHOT_UNREADABLE.format(misnamed,
            "its name is not <release>.json, like 2.0.json")),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> {
          Files.move(misnamed, snapshots.resolve("1.0.json"));
          assertThat(broken.compile()).succeeded();
        });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Moves

  @Test
  @Raises(Message.MOVED_TO_CHAIN)
  void moveIntoAFieldThatMovesOnInTheSameReleaseIsRejectedOnTheFirstMove() {
    ErrorCatalogueDomain broken = release("2.0", """
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostName") String name,
            @Since("2.0") @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") String hostName,
            @Since("2.0") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_CHAIN.format("Host.name", "2.0",
                "Host.hostName", "2.0", "Host.hostname", "Host", "hostname", "Host.hostName"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "field = \"hostName\") String name", "field = \"hostname\") String name")
            .replace(HOST, "    @Since(\"2.0\") @DeprecatedIn(\"2.0\") @MovedTo(entity = Host.class, field ="
                + " \"hostname\") String hostName,\n", "")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_CYCLE)
  void fieldMovedIntoItselfIsRejectedAsACycle() {
    ErrorCatalogueDomain broken = release("2.0", """
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "name") String name) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_CYCLE.format("Host.name",
                "Host.name -> Host.name", "Host", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "field = \"name\") String name)",
            "field = \"hostname\") String name,\n    @Since(\"2.0\") String hostname)").compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_CYCLE)
  void twoFieldsMovedIntoEachOtherAreOneCycleReportedOnce() {
    ErrorCatalogueDomain broken = release("2.0", """
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "fqdn") String name,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "name") String fqdn) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_CYCLE.format("Host.name",
                "Host.name -> Host.fqdn -> Host.name", "Host", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken
            .replace(HOST, "field = \"fqdn\") String name", "field = \"hostname\") String name")
            .replace(HOST, "field = \"name\") String fqdn)", "field = \"domain\") String fqdn,\n"
                + "    @Since(\"2.0\") String hostname,\n    @Since(\"2.0\") String domain)")
            .compile()).succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Identifiers per selected dialect

  @Test
  @Raises(Message.IDENTIFIER_TOO_LONG)
  void columnNameLongerThanPostgresAllowsIsRejectedOnTheName() {
    String name = "cpu_" + "x".repeat(60);
    String shorter = DialectCheck.shortened(name, 63);
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("String serial",
        "@Column(name = \"" + name + "\") String serial"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertEquals(64, name.length()),
        () -> assertEquals(63, shorter.length()),
        () -> assertThat(compilation).hadErrorContaining(Message.IDENTIFIER_TOO_LONG.format("Column", name, 64,
                "PostgreSQL", 63, "@Column(name = \"" + shorter + "\")"))
            .inFile(broken.file(HOST)).onLineContaining(name),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, name, shorter).compile()).succeeded(),
        // 64 characters are MariaDB's limit: a build for MariaDB and H2 only accepts the name.
        () -> assertThat(broken.options("-Acrossfade.snapshots=" + snapshots, "-Acrossfade.dialects=mariadb,h2")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.IDENTIFIER_TOO_LONG)
  void tableNameLongerThanMariadbAllowsIsRejectedOnlyWhenMariadbIsSelected() {
    String name = "host_" + "y".repeat(60);
    String shorter = DialectCheck.shortened(name, 64);
    ErrorCatalogueDomain broken = release("1.0", HOST_1_0.replace("@Table(\"host\")", "@Table(\"" + name + "\")"),
        "-Acrossfade.dialects=mariadb,h2");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.IDENTIFIER_TOO_LONG.format("Table", name, 65,
                "MariaDB", 64, "@Table(\"" + shorter + "\")"))
            .inFile(broken.file(HOST)).onLineContaining("@Table(\"" + name),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, name, shorter).compile()).succeeded(),
        () -> assertThat(broken.options("-Acrossfade.snapshots=" + snapshots, "-Acrossfade.dialects=h2").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.BLOB_INDEXED)
  void aUniqueByteArrayIsRejectedWhenMariadbOrMysqlIsSelected() {
    ErrorCatalogueDomain broken = release("1.0", HOST_1_0.replace("String serial",
        "@Column(unique = true) byte[] serial"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.BLOB_INDEXED.format("Host.serial", "unique = true",
                "MariaDB", "host", "unique = true"))
            .inFile(broken.file(HOST)).onLineContaining("byte[] serial"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Column(unique = true) byte[]", "@Column(indexed = true) byte[]")
            .compile()).hadErrorContaining(Message.BLOB_INDEXED.format("Host.serial", "indexed = true",
                "MariaDB", "host", "indexed = true")),
        // PostgreSQL and H2 index bytea and VARBINARY as they are.
        () -> assertThat(broken.options("-Acrossfade.snapshots=" + snapshots, "-Acrossfade.dialects=postgres,h2")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.IDENTIFIER_RESERVED)
  void reservedWordAsColumnNameIsAWarningThatSuppressWarningsSilences() {
    ErrorCatalogueDomain warned = release("1.0", HOST_1_0.replace("String serial",
        "@Column(name = \"order\") String serial"));

    Compilation compilation = warned.compile();

    assertAll(
        () -> assertThat(compilation).succeeded(),
        () -> assertThat(compilation).hadWarningContaining(Message.IDENTIFIER_RESERVED.format("Column", "order",
                "H2, MariaDB, PostgreSQL", "Host.serial"))
            .inFile(warned.file(HOST)).onLineContaining("\"order\""),
        () -> assertThat(compilation).hadWarningCount(1),
        () -> assertThat(warned.replace(HOST, "@Column(name = \"order\") String serial",
            "@SuppressWarnings(\"crossfade:identifier-reserved\") @Column(name = \"order\") String serial").compile())
            .succeededWithoutWarnings(),
        () -> assertThat(warned.replace(HOST, "public record Host",
            "@SuppressWarnings(\"crossfade:identifier-reserved\")\npublic record Host").compile())
            .succeededWithoutWarnings(),
        () -> assertThat(warned.replace(HOST, "\"order\"", "\"sort_order\"").compile()).succeededWithoutWarnings());
  }

  /** {@code value} is reserved by H2 only: a build without H2 is not warned. */
  @Test
  void reservedWordsCountOnlyForTheSelectedDialects() {
    ErrorCatalogueDomain domain = release("1.0", HOST_1_0.replace("String serial", "String value"));

    assertAll(
        () -> assertThat(domain.compile()).hadWarningContaining(
            Message.IDENTIFIER_RESERVED.format("Column", "value", "H2", "Host.value")),
        () -> assertThat(domain.options("-Acrossfade.snapshots=" + snapshots, "-Acrossfade.dialects=postgres,mariadb")
            .compile()).succeededWithoutWarnings());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Safe but costly: warnings on tables the snapshot marks as large

  private static final String RENAME_2_0 = """
      @Table("host")
      public record Host(@Id long id,
          @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") @Column(length = 128) String name,
          @Since("2.0") @Column(length = 128) String hostname,
          String rack,
          int memoryMb,
          String serial) {}
      """;

  @Test
  @Raises(Message.BACKFILL_LARGE_TABLE)
  void backfillOverATableTheSnapshotEstimatesLargeIsAWarning() throws IOException {
    ship(release("1.0", HOST_1_0), "1.0");
    estimateHostRows("1.0", 5_000_000);
    ErrorCatalogueDomain warned = release("2.0", RENAME_2_0);

    Compilation compilation = warned.compile();

    assertAll(
        () -> assertThat(compilation).succeeded(),
        () -> assertThat(compilation).hadWarningContaining(Message.BACKFILL_LARGE_TABLE.format("2.0",
                "host.name -> host.hostname", "host", "1.0", 5_000_000L, "Host.name"))
            .inFile(warned.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadWarningCount(1),
        () -> assertTrue(Files.readString(snapshots.resolve("2.0.json")).contains("\"rows\" : 5000000"),
            "the estimate is carried into the next snapshot"),
        () -> assertThat(warned.replace(HOST, "public record Host",
            "@SuppressWarnings(\"crossfade:backfill-large-table\")\npublic record Host").compile())
            .succeededWithoutWarnings());
  }

  @Test
  void backfillOverATableBelowTheThresholdIsNotWarned() throws IOException {
    ship(release("1.0", HOST_1_0), "1.0");
    estimateHostRows("1.0", 999_999);

    assertThat(release("2.0", RENAME_2_0).compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.INDEX_LARGE_TABLE)
  void onlineIndexOverATableTheSnapshotEstimatesLargeIsAWarningOnTheField() throws IOException {
    ship(release("1.0", HOST_1_0), "1.0");
    estimateHostRows("1.0", 40_000_000);
    ErrorCatalogueDomain warned = release("2.0",
        HOST_1_0.replace("String serial)", "String serial,\n    @Since(\"2.0\") @Column(indexed = true) String owner)"));

    Compilation compilation = warned.compile();

    assertAll(
        () -> assertThat(compilation).succeeded(),
        () -> assertThat(compilation).hadWarningContaining(Message.INDEX_LARGE_TABLE.format("2.0", "host_owner_idx",
                "host", "1.0", 40_000_000L, "Host.owner"))
            .inFile(warned.file(HOST)).onLineContaining("String owner"),
        () -> assertThat(compilation).hadWarningCount(1),
        () -> assertThat(warned.replace(HOST, "@Since(\"2.0\") @Column(indexed = true) String owner",
            "@SuppressWarnings(\"crossfade:index-large-table\") @Since(\"2.0\") @Column(indexed = true) String owner")
            .compile()).succeededWithoutWarnings());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Shipped columns relaxed in place, shipped moves changed

  @Test
  @Raises(Message.COLUMN_RELAXED_IN_PLACE)
  void notNullDroppedFromAShippedColumnIsRejectedBecauseShardsKeepIt() {
    ship(release("1.0", HOST_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0.replace("int memoryMb", "Integer memoryMb"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RELAXED_IN_PLACE.format("Host.memoryMb",
                "it nullable", "host", "memory_mb", "NOT NULL", "1.0", "NOT NULL",
                "this release's inserts of NULL fail there", "int memoryMb", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("Integer memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(release("2.0", HOST_1_0).compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.COLUMN_RELAXED_IN_PLACE)
  void uniqueDroppedFromAShippedColumnIsRejected() {
    ship(release("1.0", HOST_1_0.replace("String serial", "@Column(unique = true) String serial")), "1.0");
    ErrorCatalogueDomain broken = release("2.0", HOST_1_0);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RELAXED_IN_PLACE.format("Host.serial",
                "no unique index", "host", "serial", "a unique index", "1.0", "the unique index",
                "this release's inserts of duplicates fail there", "unique = true", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String serial"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "String serial", "@Column(unique = true) String serial").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.COLUMN_RELAXED_IN_PLACE)
  void defaultOfAShippedColumnChangedIsRejectedNamingTheShippedDefault() {
    ship(release("1.0", HOST_1_0.replace("String rack", "@Column(defaultValue = \"r1\") String rack")), "1.0");
    ErrorCatalogueDomain broken = release("2.0",
        HOST_1_0.replace("String rack", "@Column(defaultValue = \"r2\") String rack"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COLUMN_RELAXED_IN_PLACE.format("Host.rack",
                "the default \"r2\"", "host", "rack", "the default \"r1\"", "1.0", "the default \"r1\"",
                "reads of shards that lack a column, and older servers' inserts, would disagree with this release",
                "defaultValue = \"r1\"", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"r2\"", "\"r1\"").compile()).succeededWithoutWarnings());
  }

  /** 2.0 moves name into hostname and also adds displayName. */
  private static final String HOST_2_0_MOVE = """
      @Table("host")
      public record Host(@Id long id,
          @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") @Column(length = 128) String name,
          @Since("2.0") @Column(length = 128) String hostname,
          @Since("2.0") @Column(length = 128) String displayName,
          String rack,
          int memoryMb,
          String serial) {}
      """;

  @Test
  @Raises(Message.MOVE_CHANGED_AFTER_SHIP)
  void shippedMoveRetargetedByALaterReleaseIsRejectedBecauseItsBackfillMayHaveRun() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_2_0_MOVE), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_2_0_MOVE.replace("field = \"hostname\"",
        "field = \"displayName\""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVE_CHANGED_AFTER_SHIP.format("Host.name",
                "host.display_name", "2.0", "host.hostname", "host.hostname"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(release("2.1", HOST_2_0_MOVE).compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.MOVE_CHANGED_AFTER_SHIP)
  void shippedMoveWithdrawnByALaterReleaseIsRejected() {
    ship(release("1.0", HOST_1_0), "1.0");
    ship(release("2.0", HOST_2_0_MOVE), "2.0");
    ErrorCatalogueDomain broken = release("2.1", HOST_2_0_MOVE.replace(
        "@MovedTo(entity = Host.class, field = \"hostname\") ", ""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVE_CHANGED_AFTER_SHIP.format("Host.name",
                "nowhere", "2.0", "host.hostname", "host.hostname"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Squashing history

  /** 2.0 renames name to hostname (NOT NULL); 3.0 keeps the move; 4.0 deletes name and squashes. */
  private static final String HOST_RENAMED = """
      @Table("host")
      public record Host(@Id long id,
          @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") @Column(nullable = Column.Nullability.NOT_NULL) String name,
          @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String hostname) {}
      """;

  private void shipRenameUntil3() {
    ship(release("1.0", """
        @Table("host")
        public record Host(@Id long id, @Column(nullable = Column.Nullability.NOT_NULL) String name) {}
        """), "1.0");
    ship(release("2.0", HOST_RENAMED), "2.0");
    ship(release("3.0", HOST_RENAMED), "3.0");
  }

  /** Release 4.0 without name (2.0's contract ran everywhere 4.0 runs), with the given baseline. */
  private ErrorCatalogueDomain squashed(String release, String baseline) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"" + release + "\", baseline = \"" + baseline + "\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id,
                @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String hostname,
                @Since("4.0") String rack) {}
            """)
        .options("-Acrossfade.snapshots=" + snapshots);
  }

  @Test
  @Raises(Message.BASELINE_SQUASH_TOO_FAR)
  void squashingUpToTheLastShippedReleaseIsRejectedOnTheBaselineNamingTheHighestSafeOne() throws IOException {
    shipRenameUntil3();
    ErrorCatalogueDomain broken = squashed("4.0", "3.0");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.BASELINE_SQUASH_TOO_FAR.format("3.0", "3.0", "4.0",
                "4.0", "at most @Release(value = \"4.0\", baseline = \"2.0\")"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("baseline = \"3.0\""),
        () -> assertThat(compilation).hadErrorCount(1));
    Files.delete(snapshots.resolve("1.0.json"));
    assertThat(squashed("4.0", "2.0").compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.BASELINE_SQUASH_TOO_FAR)
  void squashingInTheReleaseRightAfterTheMoveIsRejectedAskingToWaitForALaterRelease() {
    ship(release("1.0", """
        @Table("host")
        public record Host(@Id long id, @Column(nullable = Column.Nullability.NOT_NULL) String name) {}
        """), "1.0");
    ship(release("2.0", HOST_RENAMED), "2.0");
    ErrorCatalogueDomain broken = squashed("3.0", "2.0").replace(HOST, "@Since(\"4.0\")", "@Since(\"3.0\")");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.BASELINE_SQUASH_TOO_FAR.format("2.0", "2.0", "3.0",
                "3.0", "keep @Release(value = \"3.0\", baseline = \"1.0\") until a later release"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("baseline = \"2.0\""),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.BASELINE_SQUASH_STALE_SNAPSHOTS)
  void squashingWhileSnapshotsOfEarlierReleasesRemainIsRejectedOnTheBaselineNamingTheFilesToDelete()
      throws IOException {
    shipRenameUntil3();
    ErrorCatalogueDomain broken = squashed("4.0", "2.0");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.BASELINE_SQUASH_STALE_SNAPSHOTS.format("2.0",
                "1.0.json", "2.0", "1.0.json", snapshots.toString()))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("baseline = \"2.0\""),
        () -> assertThat(compilation).hadErrorCount(1));
    Files.delete(snapshots.resolve("1.0.json"));
    assertThat(squashed("4.0", "2.0").compile()).succeededWithoutWarnings();
  }
}
