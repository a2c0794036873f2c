package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.JavaKind;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The error catalogue as a specification: for every {@link Message}, a small domain that breaks exactly one
 * rule, and the triple the user sees — the text (the catalogue constant with its exact arguments), the file
 * and the line of the culprit — plus the error count, so nothing else fires. Where the message spells out a
 * fix, the same domain with that edit applied must compile.
 *
 * <p>Errors without an element (a bad processor option) have no file or line; for them the text and the
 * count are asserted.
 */
class ErrorCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String HOST_OS = "inventory.HostOs";
  private static final String PACKAGE_INFO = "inventory.package-info";

  /** Names the message a test proves, so {@link #everyMessageOfTheCatalogueHasATest} can check coverage. */
  @Retention(RUNTIME)
  @Target(METHOD)
  @interface Raises {
    Message value();
  }

  /** Release 2.0 of a schema whose first release was 1.0, like the sample app; {@code host} is its entity. */
  private static ErrorCatalogueDomain release2(String hostBody) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(HOST, hostBody);
  }

  private static final String VALID_HOST = """
      @Table("host")
      public record Host(@Id long id, String hostname) {}
      """;

  @Test
  void everyMessageOfTheCatalogueHasATest() {
    Set<Message> tested = EnumSet.noneOf(Message.class);
    for (Class<?> catalogue : List.of(ErrorCatalogueTest.class, UnsafeChangeCatalogueTest.class,
        MoveSafetyCatalogueTest.class, EnumSafetyCatalogueTest.class, VersionCatalogueTest.class,
        ConstraintCatalogueTest.class, ExtractionCatalogueTest.class, TableRenameCatalogueTest.class,
        EscapeHatchCatalogueTest.class)) {
      for (Method m : catalogue.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Raises.class)) {
          tested.add(m.getAnnotation(Raises.class).value());
        }
      }
    }
    Set<Message> untested = EnumSet.allOf(Message.class);
    untested.removeAll(tested);
    // Repository messages need the runtime on the class path: RepositoryErrorCatalogueTest in the runtime module.
    untested.removeIf(m -> m.tag().startsWith("crossfade:repository-") || m.tag().startsWith("crossfade:finder-")
        || m == Message.ENTITY_NOT_MAPPABLE);
    assertWithMessage("messages without a test").that(untested).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Releases and versions

  @Test
  @Raises(Message.RELEASE_MISSING)
  void entityWithoutAnyReleaseIsRejectedUntilPackageInfoOrJavacNamesOne() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty().type(HOST, VALID_HOST);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.RELEASE_MISSING.format("Host", "inventory"))
            .inFile(broken.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.packageInfo("inventory", "@Release(\"1.0\")").compile()).succeeded(),
        () -> assertThat(broken.options("-Acrossfade.release=1.0").compile()).succeeded());
  }

  @Test
  @Raises(Message.RELEASE_CONFLICT)
  void entitiesOfTwoReleasesInOneCompilationAreRejectedOnTheOneThatDisagrees() {
    ErrorCatalogueDomain broken = release2(VALID_HOST)
        .packageInfo("inventory.billing", "@Release(\"1.0\")")
        .type("inventory.billing.Invoice", """
            @Table("invoice")
            public record Invoice(@Id long id, long hostId) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.RELEASE_CONFLICT.format("Invoice", "1.0", "Host", "2.0"))
            .inFile(broken.file("inventory.billing.Invoice")).onLineContaining("public record Invoice"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace("inventory.billing.package-info", "@Release(\"1.0\")", "@Release(\"2.0\")")
            .compile()).succeeded());
  }

  /**
   * The message tells the user to change {@code baseline} in {@code @Release}, so it should underline that
   * annotation, as every other {@code @Release} error does.
   */
  @Test
  @Raises(Message.BASELINE_AFTER_RELEASE)
  void baselineLaterThanTheReleaseIsRejectedOnReleaseAnnotation() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"1.0\", baseline = \"2.0\")")
        .type(HOST, VALID_HOST);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.BASELINE_AFTER_RELEASE.format("2.0", "1.0", "1.0"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("baseline = \"2.0\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(PACKAGE_INFO, "baseline = \"2.0\"", "baseline = \"1.0\"").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.VERSION_MALFORMED)
  void malformedSinceIsRejectedOnItsValue() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id, @Since("2.0-beta") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_MALFORMED.format("2.0-beta", "Since"))
            .inFile(broken.file(HOST)).onLineContaining("@Since(\"2.0-beta\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"2.0-beta\"", "\"2.0\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_MALFORMED)
  void malformedDeprecatedInIsRejectedOnItsValue() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id, String hostname,
            @DeprecatedIn("v2") String rack) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_MALFORMED.format("v2", "DeprecatedIn"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"v2\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"v2\"", "\"2.0\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_MALFORMED)
  void malformedReleaseIsRejectedOnThePackageAnnotation() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"two\", baseline = \"1.0\")")
        .type(HOST, VALID_HOST);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.VERSION_MALFORMED.format("two", "Release"))
            .inFile(broken.file(PACKAGE_INFO)).onLineContaining("@Release(value = \"two\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(PACKAGE_INFO, "\"two\"", "\"2.0\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.OPTION_MALFORMED)
  void malformedReleaseOptionIsRejectedNamingTheOption() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty().type(HOST, VALID_HOST)
        .options("-Acrossfade.release=two");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.OPTION_MALFORMED.format("crossfade.release", "two", "crossfade.release")),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.options("-Acrossfade.release=2.0").compile()).succeeded());
  }

  @Test
  @Raises(Message.OPTION_MALFORMED)
  void malformedBaselineOptionIsRejectedNamingTheOption() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty().type(HOST, VALID_HOST)
        .options("-Acrossfade.release=2.0", "-Acrossfade.baseline=1.0.x");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.OPTION_MALFORMED.format("crossfade.baseline", "1.0.x", "crossfade.baseline")),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.options("-Acrossfade.release=2.0", "-Acrossfade.baseline=1.0").compile())
            .succeeded());
  }

  /** One bad option is one mistake, however many entities read it. */
  @Test
  void malformedReleaseOptionIsReportedOnceNotOncePerEntity() {
    Compilation compilation = ErrorCatalogueDomain.empty()
        .type(HOST, VALID_HOST)
        .type("inventory.Rack", """
            @Table("rack")
            public record Rack(@Id long id, String label) {}
            """)
        .options("-Acrossfade.release=two")
        .compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
            Message.OPTION_MALFORMED.format("crossfade.release", "two", "crossfade.release")),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.VERSION_AFTER_RELEASE)
  void sinceLaterThanTheCodesReleaseIsRejectedOnTheAnnotation() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Since("2.1") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.VERSION_AFTER_RELEASE.format("Host.hostname", "Since", "2.1", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@Since(\"2.1\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Since(\"2.1\")", "@Since(\"2.0\")").compile()).succeeded(),
        () -> assertThat(broken.replace(PACKAGE_INFO, "value = \"2.0\"", "value = \"2.1\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.VERSION_AFTER_RELEASE)
  void deprecatedInLaterThanTheCodesReleaseIsRejectedOnTheEntitysAnnotation() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        @DeprecatedIn("3.0")
        public record Host(@Id long id, String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.VERSION_AFTER_RELEASE.format("Host", "DeprecatedIn", "3.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"3.0\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@DeprecatedIn(\"3.0\")", "@DeprecatedIn(\"2.0\")").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.DEPRECATED_IN_BASELINE)
  void deprecatingInTheBaselineIsRejectedBecauseNoOlderReleaseCanStillReadIt() {
    // Without a baseline the lowest release named is the baseline: 2.0 here, so there is no 1.0 to serve.
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(\"2.0\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, String hostname,
                @DeprecatedIn("2.0") String rack) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.DEPRECATED_IN_BASELINE.format("Host.rack", "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"2.0\") String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, ",\n    @DeprecatedIn(\"2.0\") String rack", "").compile())
            .succeeded(),
        () -> assertThat(broken.replace(PACKAGE_INFO, "@Release(\"2.0\")",
            "@Release(value = \"2.0\", baseline = \"1.0\")").compile()).succeeded());
  }

  @Test
  @Raises(Message.DEPRECATED_BEFORE_SINCE)
  void deprecatingAFieldInTheReleaseThatCreatesItIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"3.0\", baseline = \"1.0\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, String hostname,
                @Since("2.0") @DeprecatedIn("2.0") String nickname) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.DEPRECATED_BEFORE_SINCE.format("Host.nickname", "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"2.0\") String nickname"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@DeprecatedIn(\"2.0\")", "@DeprecatedIn(\"3.0\")").compile())
            .succeeded());
  }

  /** A table created and dropped by the same release is the same mistake as such a field. */
  @Test
  @Raises(Message.DEPRECATED_BEFORE_SINCE)
  void deprecatingAnEntityInTheReleaseThatCreatesItIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"3.0\", baseline = \"1.0\")")
        .type(HOST, """
            @Table("host")
            @Since("2.0")
            @DeprecatedIn("2.0")
            public record Host(@Id long id, String hostname) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.DEPRECATED_BEFORE_SINCE.format("Host", "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("@DeprecatedIn(\"2.0\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@DeprecatedIn(\"2.0\")", "@DeprecatedIn(\"3.0\")").compile())
            .succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Entities, keys, names and types

  @Test
  @Raises(Message.ENTITY_KIND)
  void tableOnAnEnumIsRejectedOnTheEnum() {
    ErrorCatalogueDomain broken = release2("""
            @Table("host")
            public record Host(@Id long id, HostStatus status) {}
            """)
        .type("inventory.HostStatus", """
            @Table("host_status")
            public enum HostStatus { ACTIVE, RETIRED }
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ENTITY_KIND.format("HostStatus"))
            .inFile(broken.file("inventory.HostStatus")).onLineContaining("public enum HostStatus"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace("inventory.HostStatus", "@Table(\"host_status\")\n", "").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.ID_MISSING)
  void entityWithoutIdIsRejectedOnTheType() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(long id, String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ID_MISSING.format("Host"))
            .inFile(broken.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "(long id", "(@Id long id").compile()).succeeded());
  }

  @Test
  @Raises(Message.ID_VERSIONED)
  void sinceOnTheKeyIsRejectedAndBelongsOnTheEntity() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(HOST_OS, """
            @Table("host_os")
            public record HostOs(@Id @Since("2.0") long hostId, String name) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ID_VERSIONED.format("HostOs.hostId", "Since"))
            .inFile(broken.file(HOST_OS)).onLineContaining("@Id @Since(\"2.0\") long hostId"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken
            .replace(HOST_OS, "@Id @Since(\"2.0\") long hostId", "@Id long hostId")
            .replace(HOST_OS, "@Table(\"host_os\")", "@Table(\"host_os\") @Since(\"2.0\")")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.ID_VERSIONED)
  void keyWithBothSinceAndDeprecatedInGetsOneErrorForEach() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id @Since("1.5") @DeprecatedIn("2.0") long id, String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.ID_VERSIONED.format("Host.id", "Since"))
            .inFile(broken.file(HOST)).onLineContaining("@Id @Since"),
        () -> assertThat(compilation).hadErrorContaining(Message.ID_VERSIONED.format("Host.id", "DeprecatedIn"))
            .inFile(broken.file(HOST)).onLineContaining("@Id @Since"),
        () -> assertThat(compilation).hadErrorCount(2));
  }

  @Test
  @Raises(Message.IDENTIFIER_INVALID)
  void tableNameThatIsNotLowerSnakeCaseIsRejectedOnTheTableAnnotation() {
    ErrorCatalogueDomain broken = release2("""
        @Table("Host")
        public record Host(@Id long id, String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.IDENTIFIER_INVALID.format("Host", "table", "host"))
            .inFile(broken.file(HOST)).onLineContaining("@Table(\"Host\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Table(\"Host\")", "@Table(\"host\")").compile()).succeeded());
  }

  @Test
  @Raises(Message.IDENTIFIER_INVALID)
  void columnNameThatIsNotLowerSnakeCaseIsRejectedOnTheColumnAnnotation() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Column(name = "Host-Name") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.IDENTIFIER_INVALID.format("Host-Name", "column", "host_name"))
            .inFile(broken.file(HOST)).onLineContaining("@Column(name = \"Host-Name\")"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"Host-Name\"", "\"host_name\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.IDENTIFIER_INVALID)
  void fieldNameThatGivesNoValidColumnNameIsRejectedOnTheField() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            String größe) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.IDENTIFIER_INVALID.format("größe", "column", "gr__e"))
            .inFile(broken.file(HOST)).onLineContaining("String größe"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "String größe", "@Column(name = \"gr__e\") String größe").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.TABLE_DUPLICATE)
  void twoEntitiesOnOneTableAreRejectedOnTheSecond() {
    ErrorCatalogueDomain broken = release2(VALID_HOST)
        .type("inventory.Server", """
            @Table("host")
            public record Server(@Id long id, String rack) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_DUPLICATE.format("host", "Host", "Server"))
            .inFile(broken.file("inventory.Server")).onLineContaining("public record Server"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace("inventory.Server", "@Table(\"host\")", "@Table(\"server\")").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.COLUMN_DUPLICATE)
  void twoFieldsOnOneColumnAreRejectedOnTheSecond() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            String ipAddress,
            @Column(name = "ip_address") String ip) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.COLUMN_DUPLICATE.format("ip_address", "host", "Host.ipAddress", "Host.ip"))
            .inFile(broken.file(HOST)).onLineContaining("@Column(name = \"ip_address\") String ip"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"ip_address\"", "\"ip\"").compile()).succeeded());
  }

  /** An invalid table name is reported once; the column check must not then speak of table "null". */
  @Test
  void columnClashInATableWithAnInvalidNameDoesNotCallTheTableNull() {
    ErrorCatalogueDomain broken = release2("""
        @Table("Host")
        public record Host(@Id long id,
            String ipAddress,
            @Column(name = "ip_address") String ip) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.IDENTIFIER_INVALID.format("Host", "table", "host"))
            .inFile(broken.file(HOST)).onLineContaining("@Table(\"Host\")"),
        () -> compilation.errors().forEach(e -> assertThat(e.getMessage(Locale.ROOT)).doesNotContain("\"null\"")));
  }

  @Test
  @Raises(Message.TYPE_UNSUPPORTED)
  void fieldOfATypeCrossfadeCannotStoreIsRejectedUntilItIsTransient() {
    ErrorCatalogueDomain broken = release2("""
        import java.util.List;

        @Table("host")
        public class Host {
          @Id long id;
          List<String> tags;
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TYPE_UNSUPPORTED.format(
                "Host.tags", "java.util.List<java.lang.String>", JavaKind.supportedList()))
            .inFile(broken.file(HOST)).onLineContaining("List<String> tags"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "  List<String> tags", "  transient List<String> tags").compile())
            .succeeded(),
        () -> assertThat(broken.replace(HOST, "  List<String> tags", "  static List<String> tags").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.DEFAULT_INVALID)
  void defaultThatDoesNotFitTheTypeIsRejectedOnTheDefault() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @Since("2.0") @Column(defaultValue = "one") int cpuCount) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.DEFAULT_INVALID.format("one", "Host.cpuCount", "int", "\"0\""))
            .inFile(broken.file(HOST)).onLineContaining("defaultValue = \"one\""),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"one\"", "\"1\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.NOT_NULL_WITHOUT_DEFAULT)
  void notNullColumnAddedToATableWithRowsIsRejectedUntilItHasADefaultOrIsNullable() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id, String hostname,
            @Since("2.0") int cpuCount) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.NOT_NULL_WITHOUT_DEFAULT.format("Host.cpuCount", "2.0", "host"))
            .inFile(broken.file(HOST)).onLineContaining("int cpuCount"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@Since(\"2.0\") int cpuCount",
            "@Since(\"2.0\") @Column(defaultValue = \"1\") int cpuCount").compile()).succeeded(),
        () -> assertThat(broken.replace(HOST, "int cpuCount", "Integer cpuCount").compile()).succeeded());
  }

  @Test
  @Raises(Message.NOT_NULL_WITHOUT_DEFAULT)
  void notNullReferenceColumnAddedToATableWithRowsCompilesOnceMadeNullable() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id, String hostname,
            @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String rack) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.NOT_NULL_WITHOUT_DEFAULT.format("Host.rack", "2.0", "host"))
            .inFile(broken.file(HOST)).onLineContaining("String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "Column.Nullability.NOT_NULL", "Column.Nullability.NULLABLE").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.NOT_NULL_MOVE_SOURCE_GONE)
  void deletingTheSourceOfAnEarlierReleasesMovePointsAtSquashingTheBaseline() {
    // Release 3.0 deletes name, which 2.0 deprecated and moved into the NOT NULL hostname: with the baseline
    // still at 1.0, hostname now reads as a plain NOT NULL column added to a table with rows.
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"3.0\", baseline = \"1.0\")")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id,
                @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String hostname,
                @Since("3.0") String rack) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.NOT_NULL_MOVE_SOURCE_GONE.format("Host.hostname", "2.0", "host", "2.0", "3.0",
                "2.0", "2.0", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String hostname"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(ErrorCatalogueDomain.empty()
            .packageInfo("inventory", "@Release(value = \"3.0\", baseline = \"2.0\")")
            .type(HOST, """
                @Table("host")
                public record Host(@Id long id,
                    @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL) String hostname,
                    @Since("3.0") String rack) {}
                """).compile()).succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Moves

  @Test
  @Raises(Message.MOVED_TO_WITHOUT_DEPRECATED_IN)
  void moveWithoutDeprecatedInIsRejectedOnTheMove() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @MovedTo(entity = Host.class, field = "hostname") String name,
            @Since("2.0") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.MOVED_TO_WITHOUT_DEPRECATED_IN.format("Host.name", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@MovedTo(", "@DeprecatedIn(\"2.0\") @MovedTo(").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_UNKNOWN_ENTITY)
  void moveToAClassThatIsNotAnEntityIsRejectedOnTheMove() {
    ErrorCatalogueDomain broken = release2("""
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip) {}
            """)
        .type("inventory.HostNetwork", """
            public record HostNetwork(long hostId, String ipAddress) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation)
            .hadErrorContaining(Message.MOVED_TO_UNKNOWN_ENTITY.format("HostNetwork", "Host.ip", "HostNetwork"))
            .inFile(broken.file(HOST)).onLineContaining("String ip"),
        () -> assertThat(compilation).hadErrorCount(1),
        // Annotating it with @Table makes it an entity; as a move target it also needs its key and to be new.
        () -> assertThat(broken.replace("inventory.HostNetwork", "public record HostNetwork(long hostId",
            "@Table(\"host_network\") @Since(\"2.0\")\npublic record HostNetwork(@Id long hostId").compile())
            .succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_UNKNOWN_FIELD)
  void moveToAFieldTheEntityLacksIsRejectedNamingTheFieldToAdd() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") String name) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_UNKNOWN_FIELD.format(
                "hostname", "Host.name", "Host", "hostname", "2.0", "String", "hostname", "Host", "id, name"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        // The message's own fix: add @Since("2.0") String hostname; to Host.
        () -> assertThat(broken.replace(HOST, "String name)", "String name,\n    @Since(\"2.0\") String hostname)")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_TARGET_NOT_NEW)
  void moveIntoAFieldThatAlreadyHoldsDataIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") String name,
            String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_TARGET_NOT_NEW.format(
                "Host.name", "2.0", "Host.hostname", "2.0", "Host.hostname"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "    String hostname)", "    @Since(\"2.0\") String hostname)")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_DUPLICATE_TARGET)
  void secondMoveIntoTheSameFieldIsRejectedOnTheSecondMove() {
    ErrorCatalogueDomain broken = release2("""
        @Table("host")
        public record Host(@Id long id,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") String name,
            @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") String fqdn,
            @Since("2.0") String hostname) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_DUPLICATE_TARGET.format(
                "Host.fqdn", "Host.hostname", "Host.name", "Host.fqdn"))
            .inFile(broken.file(HOST)).onLineContaining("String fqdn"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken
            .replace(HOST, "field = \"hostname\") String fqdn", "field = \"domainName\") String fqdn")
            .replace(HOST, "@Since(\"2.0\") String hostname)",
                "@Since(\"2.0\") String hostname,\n    @Since(\"2.0\") String domainName)")
            .compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_TYPE_MISMATCH)
  void moveToAnotherTypeWithoutConverterIsRejectedNamingTheConverterToWrite() {
    ErrorCatalogueDomain broken = release2("""
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes") int memoryMb,
                @Since("2.0") Long memoryBytes) {}
            """)
        .type("inventory.MegabytesToBytes", """
            public final class MegabytesToBytes implements Converter<Integer, Long> {
              @Override
              public Long toNew(Integer mb) {
                return mb == null ? null : mb * 1_048_576L;
              }

              @Override
              public Integer toOld(Long bytes) {
                return bytes == null ? null : Math.toIntExact(bytes / 1_048_576L);
              }
            }
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_TYPE_MISMATCH.format(
                "Host.memoryMb", "int", "Host.memoryBytes", "Long", "Integer", "Long"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "field = \"memoryBytes\")",
            "field = \"memoryBytes\", converter = MegabytesToBytes.class)").compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_MISMATCH)
  void splitIntoATableKeyedByAnotherTypeIsRejectedOnTheMove() {
    ErrorCatalogueDomain broken = release2("""
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip) {}
            """)
        .type("inventory.HostNetwork", """
            @Table("host_network")
            @Since("2.0")
            public record HostNetwork(@Id String hostId, String ipAddress) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_MISMATCH.format("Host.ip",
                "HostNetwork.ipAddress", "HostNetwork.hostId", "String", "Host", "long", "HostNetwork.hostId", "long"))
            .inFile(broken.file(HOST)).onLineContaining("String ip"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace("inventory.HostNetwork", "@Id String hostId", "@Id long hostId").compile())
            .succeeded());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Options, rounds, and the processor itself

  @Test
  @Raises(Message.DIALECT_UNKNOWN)
  void unknownDialectOptionIsRejectedWithoutAnElement() {
    ErrorCatalogueDomain broken = release2(VALID_HOST).options("-Acrossfade.dialects=postgres,oracle");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.DIALECT_UNKNOWN.format("oracle")),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.options("-Acrossfade.dialects=postgres").compile()).succeeded());
  }

  @Test
  @Raises(Message.LATE_ENTITY)
  void entityGeneratedByAnotherProcessorIsRejectedInItsGeneratedFile() {
    ErrorCatalogueDomain domain = release2(VALID_HOST);
    ErrorCatalogueEntityGenerator generator = new ErrorCatalogueEntityGenerator();

    Compilation compilation = domain.compile(generator);

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.LATE_ENTITY.format("AuditEntry"))
            .inFile(generator.file()).onLineContaining("public record AuditEntry"),
        () -> assertThat(compilation).hadErrorCount(1),
        // The fix: write the entity by hand.
        () -> assertThat(domain.type(ErrorCatalogueEntityGenerator.ENTITY,
            ErrorCatalogueEntityGenerator.SOURCE.substring(ErrorCatalogueEntityGenerator.SOURCE.indexOf("@Table")))
            .compile()).succeeded());
  }

  /**
   * A default no database can store (year 1,000,000,000) is rejected at compile time; before, jOOQ overflowed
   * rendering it and the processor reported an internal error.
   */
  @Test
  void farFutureInstantDefaultIsRejectedAsInvalidDefault() {
    ErrorCatalogueDomain broken = release2("""
        import java.time.Instant;

        @Table("host")
        public record Host(@Id long id,
            @Since("2.0") @Column(defaultValue = "+1000000000-12-31T23:59:59Z") Instant retiredAt) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.DEFAULT_INVALID.format(
                "+1000000000-12-31T23:59:59Z", "Host.retiredAt", "java.time.Instant",
                dev.crossfade.schema.DefaultValues.example(dev.crossfade.schema.JavaKind.INSTANT)))
            .inFile(broken.file(HOST)).onLineContaining("Instant retiredAt"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "\"+1000000000-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59Z\"")
            .compile()).succeeded());
  }

  /**
   * No valid input is known to crash the processor, so the test makes the processor fail through its
   * test-only hook, as a bug would: the failure becomes one compile error naming the entity, never a trace.
   */
  @Test
  @Raises(Message.INTERNAL_ERROR)
  void unexpectedFailureIsReportedAsInternalErrorOnTheEntity() {
    ErrorCatalogueDomain domain = release2(VALID_HOST);
    IllegalStateException bug = new IllegalStateException("simulated bug");

    Compilation compilation = domain.compileWith(new CrossfadeProcessor(type -> {
      throw bug;
    }));

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.INTERNAL_ERROR.format("inventory.Host", bug))
            .inFile(domain.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  /** The message asks the user to report and simplify "this element", so it must be the one at fault. */
  @Test
  void internalErrorPointsAtTheEntityThatCausedIt() {
    ErrorCatalogueDomain domain = release2(VALID_HOST)
        .type("inventory.AuditEntry", """
            @Table("audit_entry")
            public record AuditEntry(@Id long id, String action) {}
            """);
    IllegalStateException bug = new IllegalStateException("simulated bug");

    Compilation compilation = domain.compileWith(new CrossfadeProcessor(type -> {
      if (type.getSimpleName().contentEquals("Host")) {
        throw bug;
      }
    }));

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.INTERNAL_ERROR.format("inventory.Host", bug))
            .inFile(domain.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  /**
   * The SQL, plans and schema.json are worked out on a second thread while the repositories are written; a
   * failure there is still one compile error on the domain, naming what was being generated, never a trace
   * or a hang.
   */
  @Test
  void failureWhileGeneratingTheSqlIsReportedAsInternalError() {
    ErrorCatalogueDomain domain = release2(VALID_HOST);
    IllegalStateException bug = new IllegalStateException("simulated bug in the SQL");

    Compilation compilation = domain.compileWith(new CrossfadeProcessor(type -> {}, model -> {
      throw bug;
    }));

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(
                Message.INTERNAL_ERROR.format("the SQL and plans of the domain of inventory.Host", bug))
            .inFile(domain.file(HOST)).onLineContaining("public record Host"),
        () -> assertThat(compilation).hadErrorCount(1));
  }
}
