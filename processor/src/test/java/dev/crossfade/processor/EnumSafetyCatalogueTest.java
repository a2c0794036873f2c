package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.EnumConstant;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enum columns (issue 15): a column stores its enum's constant names, and every server that reads the column
 * must know every name in it. In the catalogue's shape: per mistake the exact text, the file and line at fault,
 * the error count, and the fix compiling; and the safe neighbours compiling without warnings.
 *
 * <p>Most cases need history: release 1.0 is shipped with {@code -Acrossfade.snapshots} (which writes its
 * snapshot, constants included), then the next release's code is compiled against that folder.
 */
class EnumSafetyCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String STATUS = "inventory.Status";

  private static final String HOST_BODY = """
      @Table("host")
      public record Host(@Id long id, Status status) {}
      """;

  private static final String STATUS_1_0 = """
      public enum Status {
        ACTIVE,
        RETIRED
      }
      """;

  @TempDir
  Path snapshots;

  /** Release {@code release} (baseline 1.0) with the snapshots folder, {@code Host} and the {@code Status} enum. */
  private ErrorCatalogueDomain release(String release, String statusBody) {
    return release(release, HOST_BODY, statusBody);
  }

  private ErrorCatalogueDomain release(String release, String hostBody, String statusBody) {
    String annotation = release.equals("1.0") ? "@Release(\"1.0\")"
        : "@Release(value = \"" + release + "\", baseline = \"1.0\")";
    return ErrorCatalogueDomain.empty().packageInfo("inventory", annotation).type(HOST, hostBody)
        .type(STATUS, statusBody).options("-Acrossfade.snapshots=" + snapshots);
  }

  private void ship(ErrorCatalogueDomain domain, String release) {
    assertThat(domain.compile()).succeededWithoutWarnings();
    assertTrue(Files.isRegularFile(snapshots.resolve(release + ".json")), release + ".json written");
  }

  // ---------------------------------------------------------------------------------------------------------
  // The snapshot records the constants

  @Test
  void snapshotRecordsEachEnumColumnsConstantsInDeclarationOrderWithTheirSince() throws IOException {
    ship(release("1.0", STATUS_1_0), "1.0");
    ship(release("2.0", """
        public enum Status {
          RETIRED,
          ACTIVE,
          @Since("2.0") ARCHIVED
        }
        """), "2.0");

    Snapshot shipped = Snapshot.parse(Files.readString(snapshots.resolve("2.0.json"), StandardCharsets.UTF_8));

    assertThat(shipped.tables().get("host").columns().get("status").constants()).containsExactly(
        new EnumConstant("RETIRED", null), new EnumConstant("ACTIVE", null),
        new EnumConstant("ARCHIVED", Version.parse("2.0"))).inOrder();
    assertThat(shipped.tables().get("host").columns().get("id").constants()).isNull();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Removed or renamed constants

  @Test
  @Raises(Message.ENUM_CONSTANT_REMOVED)
  void constantOfAShippedColumnRemovedIsRejectedOnTheFieldBecauseRowsStillHoldIt() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_REMOVED.format("Host.status", "Status",
                "RETIRED", "host", "status", "1.0", "1.0", "RETIRED", "Status", "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("Status status"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(STATUS, "  ACTIVE\n", "  ACTIVE,\n  RETIRED\n").compile())
            .succeededWithoutWarnings());
  }

  @Test
  void constantRenamedIsTheOldOneRemovedAndANewOneWithoutSinceSoBothAreRejected() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE,
          DECOMMISSIONED
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_REMOVED.format("Host.status", "Status",
                "RETIRED", "host", "status", "1.0", "1.0", "RETIRED", "Status", "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("Status status"),
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_WITHOUT_SINCE.format("Status",
                "DECOMMISSIONED", "host", "status", "1.0", "2.0", "1.0", "2.0", "DECOMMISSIONED", "2.0"))
            .inFile(broken.file(STATUS)).onLineContaining("DECOMMISSIONED"),
        () -> assertThat(compilation).hadErrorCount(2),
        () -> assertThat(broken.replace(STATUS, "  DECOMMISSIONED\n", "  RETIRED,\n  @Since(\"2.0\") DECOMMISSIONED\n")
            .compile()).succeededWithoutWarnings());
  }

  @Test
  void constantOfAColumnDeprecatedBeforeTheLastReleaseMayGoBecauseNoShippedColumnHoldsItAnyMore() {
    // 1.0 ships host.status; 2.0 moves it to a new field of another enum type with a converter; 3.0 still has
    // the old field (servers of 3.0 write it while 2.0 is not CONTRACTING); 4.0 deletes it with its enum, whose
    // constants are then in no shipped column any more.
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain v2 = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "lifecycle", converter = StatusToLifecycle.class) Status status,
                @Since("2.0") Lifecycle lifecycle) {}
            """, STATUS_1_0)
        .type("inventory.Lifecycle", """
            public enum Lifecycle {
              IN_SERVICE,
              OUT_OF_SERVICE
            }
            """)
        .type("inventory.StatusToLifecycle", """
            public final class StatusToLifecycle implements Converter<Status, Lifecycle> {
              @Override
              public Lifecycle toNew(Status s) {
                return s == null ? null : s == Status.ACTIVE ? Lifecycle.IN_SERVICE : Lifecycle.OUT_OF_SERVICE;
              }

              @Override
              public Status toOld(Lifecycle l) {
                return l == null ? null : l == Lifecycle.IN_SERVICE ? Status.ACTIVE : Status.RETIRED;
              }
            }
            """);
    ship(v2, "2.0");
    ship(v2.replace("inventory.package-info", "\"2.0\"", "\"3.0\""), "3.0");

    ErrorCatalogueDomain v4 = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"4.0\", baseline = \"1.0\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, @Since("2.0") Lifecycle lifecycle) {}
            """)
        .type("inventory.Lifecycle", """
            public enum Lifecycle {
              IN_SERVICE,
              OUT_OF_SERVICE
            }
            """)
        .options("-Acrossfade.snapshots=" + snapshots);

    assertThat(v4.compile()).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Added constants

  @Test
  @Raises(Message.ENUM_CONSTANT_WITHOUT_SINCE)
  void constantAddedToAShippedColumnWithoutSinceIsRejectedOnTheConstant() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE,
          RETIRED,
          ARCHIVED
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_WITHOUT_SINCE.format("Status",
                "ARCHIVED", "host", "status", "1.0", "2.0", "1.0", "2.0", "ARCHIVED", "2.0"))
            .inFile(broken.file(STATUS)).onLineContaining("ARCHIVED"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(STATUS, "  ARCHIVED\n", "  @Since(\"2.0\") ARCHIVED\n").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.ENUM_CONSTANT_SINCE_BEFORE_SNAPSHOT)
  void constantAddedWithTheSinceOfAShippedReleaseIsRejectedBecauseThatReleasesServersDoNotKnowIt() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE,
          RETIRED,
          @Since("1.0") ARCHIVED
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_SINCE_BEFORE_SNAPSHOT.format("Status",
                "ARCHIVED", "1.0", "host", "status", "1.0", "1.0", "2.0"))
            .inFile(broken.file(STATUS)).onLineContaining("ARCHIVED"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(STATUS, "@Since(\"1.0\")", "@Since(\"2.0\")").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.ENUM_CONSTANT_SINCE_CHANGED)
  void shippedConstantWhoseSinceIsDroppedLaterIsRejectedBecauseItWouldReachOlderServersEarlier() {
    String status20 = """
        public enum Status {
          ACTIVE,
          RETIRED,
          @Since("2.0") ARCHIVED
        }
        """;
    ship(release("1.0", STATUS_1_0), "1.0");
    ship(release("2.0", status20), "2.0");
    ErrorCatalogueDomain broken = release("3.0", status20.replace("@Since(\"2.0\") ", ""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_SINCE_CHANGED.format("Status",
                "ARCHIVED", "without @Since", "host", "status", "2.0", "with @Since(\"2.0\")", "@Since(\"2.0\")"))
            .inFile(broken.file(STATUS)).onLineContaining("ARCHIVED"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(release("3.0", status20).compile()).succeededWithoutWarnings());
  }

  @Test
  void shippedConstantWhoseSinceIsRaisedLaterIsRejectedToo() {
    String status20 = """
        public enum Status {
          ACTIVE,
          RETIRED,
          @Since("2.0") ARCHIVED
        }
        """;
    ship(release("1.0", STATUS_1_0), "1.0");
    ship(release("2.0", status20), "2.0");
    ErrorCatalogueDomain broken = release("3.0", status20.replace("@Since(\"2.0\")", "@Since(\"3.0\")"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_SINCE_CHANGED.format("Status",
                "ARCHIVED", "@Since(\"3.0\")", "host", "status", "2.0", "with @Since(\"2.0\")", "@Since(\"2.0\")"))
            .inFile(broken.file(STATUS)).onLineContaining("ARCHIVED"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  void constantWithSinceAfterTheCodesReleaseIsRejectedOnTheConstant() {
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE,
          @Since("3.0") ARCHIVED
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_AFTER_RELEASE.format("Status.ARCHIVED",
                "Since", "3.0", "2.0", "2.0"))
            .inFile(broken.file(STATUS)).onLineContaining("ARCHIVED"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(STATUS, "@Since(\"3.0\")", "@Since(\"2.0\")").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.ENUM_CONSTANT_DEPRECATED)
  void deprecatedInOnAConstantIsRejectedBecauseRowsKeepItsName() {
    ErrorCatalogueDomain broken = release("2.0", """
        public enum Status {
          ACTIVE,
          @DeprecatedIn("2.0") RETIRED
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_DEPRECATED.format("Status", "RETIRED",
                "2.0"))
            .inFile(broken.file(STATUS)).onLineContaining("RETIRED"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(STATUS, "@DeprecatedIn(\"2.0\") ", "").compile()).succeededWithoutWarnings());
  }

  @Test
  void constantAddedWithSinceCompilesAndItsReleasesPlanSaysItsWritesWaitForTheContract() throws IOException {
    ship(release("1.0", STATUS_1_0), "1.0");
    Compilation compilation = release("2.0", """
        public enum Status {
          ACTIVE,
          RETIRED,
          @Since("2.0") ARCHIVED
        }
        """).compile();

    assertThat(compilation).succeededWithoutWarnings();
    String plan = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/crossfade/postgres/2.0/plan.md")
        .orElseThrow().getCharContent(true).toString();
    assertThat(plan).contains("| Status.ARCHIVED (Host.status) | host.status | refused until release 2.0 is"
        + " CONTRACTED on the shard: until then a server older than 2.0 may read the column and fail on a constant it"
        + " does not know |");
    assertThat(plan).contains("| Host.status = Status.ARCHIVED (constant added) | 2.0 | `r host.status`, `w refused for"
        + " ARCHIVED` |");
    assertThat(plan).contains("| `r host.status`, `w refused for ARCHIVED` | `r host.status`, `w host.status` |\n"
        + "| | 1.0 | — | — | — | — | refused | refused |");
  }

  @Test
  void constantsReorderedCompileBecauseColumnsStoreNamesNotOrdinals() {
    ship(release("1.0", STATUS_1_0), "1.0");

    assertThat(release("2.0", """
        public enum Status {
          RETIRED,
          ACTIVE
        }
        """).compile()).succeededWithoutWarnings();
  }

  @Test
  void newEnumColumnOfANewEnumTypeNeedsNoSinceOnItsConstantsBecauseNoOlderServerReadsIt() {
    ship(release("1.0", STATUS_1_0), "1.0");

    assertThat(release("2.0", """
            @Table("host")
            public record Host(@Id long id, Status status, @Since("2.0") Power power) {}
            """, STATUS_1_0)
        .type("inventory.Power", """
            public enum Power {
              ON,
              OFF
            }
            """).compile()).succeededWithoutWarnings();
  }

  @Test
  void snapshotWrittenBeforeConstantsWereRecordedStillReadsAndOnlyTheEnumTypeIsCompared() throws IOException {
    ship(release("1.0", STATUS_1_0), "1.0");
    Path file = snapshots.resolve("1.0.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    String old = json.replaceAll("(?s)\"constants\" : \\[.*?\\],\\n\\s*", "");
    assertTrue(!old.contains("constants") && !old.equals(json), old);
    Files.writeString(file, old, StandardCharsets.UTF_8);

    assertAll(
        () -> assertThat(release("2.0", """
            public enum Status {
              ACTIVE,
              RETIRED,
              ARCHIVED
            }
            """).compile()).succeededWithoutWarnings(),
        () -> assertThat(release("2.0", STATUS_1_0).replace(HOST, "Status status", "Other status")
            .type("inventory.Other", STATUS_1_0.replace("Status", "Other")).compile())
            .hadErrorContaining("[crossfade:enum-type-changed]"));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Another enum type on the same column

  @Test
  @Raises(Message.ENUM_TYPE_CHANGED)
  void anotherEnumTypeOnAShippedColumnIsRejectedEvenWithTheSameConstants() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", STATUS_1_0).replace(HOST, "Status status", "HostState status")
        .type("inventory.HostState", STATUS_1_0.replace("Status", "HostState"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_TYPE_CHANGED.format("Host.status", "HostState",
                "host", "status", "Status", "1.0", "Status", "1.0", "Status", "status", "2.0", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("HostState status"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "HostState status", "Status status").compile())
            .succeededWithoutWarnings());
  }

  @Test
  void enumColumnTurnedIntoAStringIsStillARetypeInPlace() {
    ship(release("1.0", STATUS_1_0), "1.0");
    ErrorCatalogueDomain broken = release("2.0", STATUS_1_0).replace(HOST, "Status status", "String status");

    assertThat(broken.compile()).hadErrorContaining("[crossfade:column-retyped-in-place]");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Constants longer than the column

  @Test
  @Raises(Message.ENUM_CONSTANT_TOO_LONG)
  void constantLongerThanANewColumnIsRejectedOnTheFieldNamingTheLengthThatFits() {
    ErrorCatalogueDomain broken = release("1.0", """
            @Table("host")
            public record Host(@Id long id, @Column(length = 8) Status status) {}
            """, """
            public enum Status {
              ACTIVE,
              PROVISIONING,
              RETIRED
            }
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_TOO_LONG.format("Status",
                "PROVISIONING", 12, "Host.status", "host", "status", 8, "Host.status", 12, 8))
            .inFile(broken.file(HOST)).onLineContaining("Status status"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "length = 8", "length = 12").compile()).succeededWithoutWarnings());
  }

  @Test
  void constantAddedLongerThanAShippedColumnIsRejectedAndAShorterNameCompiles() {
    ErrorCatalogueDomain v1 = release("1.0", """
            @Table("host")
            public record Host(@Id long id, @Column(length = 8) Status status) {}
            """, STATUS_1_0);
    ship(v1, "1.0");
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id, @Column(length = 8) Status status) {}
            """, """
            public enum Status {
              ACTIVE,
              RETIRED,
              @Since("2.0") DECOMMISSIONED
            }
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENUM_CONSTANT_TOO_LONG.format("Status",
                "DECOMMISSIONED", 14, "Host.status", "host", "status", 8, "Host.status", 14, 8))
            .inFile(broken.file(HOST)).onLineContaining("Status status"),
        () -> assertThat(compilation).hadErrorCount(1),
        // Widening the shipped column is a retype in place: only the shorter name is the fix.
        () -> assertThat(broken.replace(HOST, "length = 8", "length = 14").compile())
            .hadErrorContaining("[crossfade:column-retyped-in-place]"),
        () -> assertThat(broken.replace(STATUS, "DECOMMISSIONED", "GONE").compile()).succeededWithoutWarnings());
  }

  @Test
  void constantAsLongAsTheColumnCompiles() {
    assertThat(release("1.0", """
            @Table("host")
            public record Host(@Id long id, @Column(length = 7) Status status) {}
            """, STATUS_1_0).compile()).succeededWithoutWarnings();
  }

  @Test
  void unusedEnumConstantsAreNotEntities() {
    // An enum nobody maps is not checked: the rules are about columns.
    assertThat(release("1.0", HOST_BODY.replace("Status status", "String status"), """
            public enum Status {
              @Since("9.0") A_VERY_LONG_CONSTANT_NAME_THAT_NO_COLUMN_STORES
            }
            """).compile()).succeededWithoutWarnings();
  }

  @SuppressWarnings("unused")
  private static List<String> unused() {
    return List.of();
  }
}
