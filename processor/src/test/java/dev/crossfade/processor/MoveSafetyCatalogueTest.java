package dev.crossfade.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import org.junit.jupiter.api.Test;

/**
 * Moves and additions that compile in a naive processor but lose or corrupt data on a real shard (issue 15),
 * in the catalogue's shape: the exact text, the file and line at fault, one error, and the fix compiling. The
 * safe neighbours of each rule are here too, compiling without warnings, so no rule refuses a safe change.
 */
class MoveSafetyCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String USER = "inventory.User";
  private static final String CONVERTER = "inventory.MegabytesToBytes";

  /** Release {@code release} (baseline 1.0) with {@code host} as its entity. */
  private static ErrorCatalogueDomain release(String release, String hostBody) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"" + release + "\", baseline = \"1.0\")")
        .type(HOST, hostBody);
  }

  private static final String MB_TO_BYTES = """
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
      """;

  private static final String HOST_MEMORY_CONVERTED = """
      @Table("host")
      public record Host(@Id long id,
          @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MegabytesToBytes.class) int memoryMb,
          @Since("2.0") Long memoryBytes) {}
      """;

  // ---------------------------------------------------------------------------------------------------------
  // Moves into rows that are not the source's rows

  @Test
  @Raises(Message.MOVED_TO_EXISTING_ENTITY)
  void moveIntoAnExistingEntityWithTheSameKeyTypeIsRejectedBecauseItsRowsAreNotTheSourceRows() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = User.class, field = "rack") String rack) {}
            """)
        .type(USER, """
            @Table("app_user")
            public record User(@Id long id, String login, @Since("2.0") String rack) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_EXISTING_ENTITY.format("Host.rack", "2.0",
                "User.rack", "User", "app_user", "1.0", "Host", "2.0", "2.0", "Host"))
            .inFile(broken.file(HOST)).onLineContaining("String rack"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(USER).replace(HOST, "User.class", "HostRack.class")
            .type("inventory.HostRack", """
                @Since("2.0") @Table("host_rack")
                public record HostRack(@Id long hostId, String rack) {}
                """).compile()).succeededWithoutWarnings());
  }

  @Test
  void laterMoveIntoAnEntitySplitOffTheSameTableCompilesBecauseItsRowsAreTheSourceRows() {
    ErrorCatalogueDomain domain = release("3.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress") String ip,
                @DeprecatedIn("3.0") @MovedTo(entity = HostNetwork.class, field = "macAddress") String mac) {}
            """)
        .type("inventory.HostNetwork", """
            @Since("2.0") @Table("host_network")
            public record HostNetwork(@Id long hostId, String ipAddress, @Since("3.0") String macAddress) {}
            """);

    assertThat(domain.compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.MOVED_TO_DROPPED_TARGET)
  void moveIntoAnEntityThatTheSameContractDropsIsRejectedBecauseTheDataWouldBeLost() {
    ErrorCatalogueDomain broken = release("2.0", """
            @DeprecatedIn("2.0") @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "rackName") String rack,
                @Since("2.0") String rackName) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_DROPPED_TARGET.format("Host.rack", "2.0",
                "Host.rackName", "Host", "2.0"))
            .inFile(broken.file(HOST)).onLineContaining("String rack,"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "@DeprecatedIn(\"2.0\") @Table", "@Table").compile())
            .succeededWithoutWarnings());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Moves whose target cannot hold the data

  @Test
  @Raises(Message.MOVED_TO_NARROWER)
  void moveIntoAShorterStringIsRejectedNamingTheLengthThatHoldsEveryValue() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") @Column(length = 128) String name,
                @Since("2.0") @Column(length = 64) String hostname) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_NARROWER.format("Host.name",
                "VARCHAR(128)", "Host.hostname", "VARCHAR(64)", "a value of up to 128 characters does not fit 64",
                "Host.hostname", "length = 128"))
            .inFile(broken.file(HOST)).onLineContaining("String name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "length = 64", "length = 128").compile()).succeededWithoutWarnings());
  }

  @Test
  void moveIntoALongerStringCompiles() {
    ErrorCatalogueDomain domain = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname") @Column(length = 64) String name,
                @Since("2.0") @Column(length = 128) String hostname) {}
            """);

    assertThat(domain.compile()).succeededWithoutWarnings();
  }

  @Test
  @Raises(Message.MOVED_TO_NARROWER)
  void moveIntoASmallerDecimalIsRejectedNamingThePrecisionAndScaleThatHoldEveryValue() {
    ErrorCatalogueDomain broken = release("2.0", """
            import java.math.BigDecimal;

            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "cost") BigDecimal price,
                @Since("2.0") @Column(precision = 12, scale = 4) BigDecimal cost) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_NARROWER.format("Host.price",
                "DECIMAL(19,2)", "Host.cost", "DECIMAL(12,4)",
                "a value with 17 digits before the point and 2 after does not fit 8 and 4", "Host.cost",
                "precision = 21, scale = 4"))
            .inFile(broken.file(HOST)).onLineContaining("BigDecimal price"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "precision = 12, scale = 4", "precision = 21, scale = 4").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.MOVED_NULL_INTO_NOT_NULL)
  void moveOfANullableColumnIntoANotNullOneIsRejectedBecauseTheContractCheckWouldFail() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "rackName") String rack,
                @Since("2.0") @Column(nullable = Column.Nullability.NOT_NULL, defaultValue = "none") String rackName) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_NULL_INTO_NOT_NULL.format("Host.rack",
                "Host.rackName", "Host.rackName", "@Column(nullable = Column.Nullability.NULLABLE)"))
            .inFile(broken.file(HOST)).onLineContaining("String rack,"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "nullable = Column.Nullability.NOT_NULL, ", "").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.MOVED_NULL_INTO_NOT_NULL)
  void moveOfABoxedNumberIntoAPrimitiveIsRejectedNamingTheBoxedType() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "cpuCount") Integer cpus,
                @Since("2.0") int cpuCount) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_NULL_INTO_NOT_NULL.format("Host.cpus",
                "Host.cpuCount", "Host.cpuCount", "Integer instead of int"))
            .inFile(broken.file(HOST)).onLineContaining("Integer cpus"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, "int cpuCount", "Integer cpuCount").compile())
            .succeededWithoutWarnings());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Columns added where they cannot be

  @Test
  @Raises(Message.UNIQUE_WITH_DEFAULT)
  void uniqueColumnAddedWithADefaultIsRejectedBecauseEveryExistingRowWouldShareIt() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id, String name,
                @Since("2.0") @Column(unique = true, defaultValue = "none") String assetTag) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.UNIQUE_WITH_DEFAULT.format("Host.assetTag", "2.0",
                "host", "none"))
            .inFile(broken.file(HOST)).onLineContaining("String assetTag"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(HOST, ", defaultValue = \"none\"", "").compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.SINCE_ON_DROPPED_TABLE)
  void columnAddedToATableThatTheSameReleaseDropsIsRejected() {
    ErrorCatalogueDomain broken = release("2.0", """
            @Table("host")
            public record Host(@Id long id, String name) {}
            """)
        .type("inventory.AuditEntry", """
            @DeprecatedIn("2.0") @Table("audit_entry")
            public record AuditEntry(@Id long id, String action,
                @Since("2.0") String actor) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SINCE_ON_DROPPED_TABLE.format("AuditEntry.actor",
                "2.0", "AuditEntry", "2.0", "audit_entry"))
            .inFile(broken.file("inventory.AuditEntry")).onLineContaining("String actor"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace("inventory.AuditEntry", ",\n    @Since(\"2.0\") String actor", "").compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.SINCE_ON_DROPPED_TABLE)
  void columnAddedToATableThatAnEarlierReleaseDropsIsRejected() {
    ErrorCatalogueDomain broken = release("3.0", """
            @Table("host")
            public record Host(@Id long id, String name) {}
            """)
        .type("inventory.AuditEntry", """
            @DeprecatedIn("2.0") @Table("audit_entry")
            public record AuditEntry(@Id long id, String action,
                @Since("3.0") String actor) {}
            """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SINCE_ON_DROPPED_TABLE.format("AuditEntry.actor",
                "3.0", "AuditEntry", "2.0", "audit_entry"))
            .inFile(broken.file("inventory.AuditEntry")).onLineContaining("String actor"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Converters

  @Test
  @Raises(Message.CONVERTER_TYPES)
  void converterWrittenTheOtherWayRoundIsRejectedAskingToSwapIt() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER, """
        public final class MegabytesToBytes implements Converter<Long, Integer> {
          @Override
          public Integer toNew(Long bytes) {
            return bytes == null ? null : Math.toIntExact(bytes / 1_048_576L);
          }

          @Override
          public Long toOld(Integer mb) {
            return mb == null ? null : mb * 1_048_576L;
          }
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CONVERTER_TYPES.format("Host.memoryMb", "Integer",
                "Host.memoryBytes", "Long", "MegabytesToBytes", "Long", "Integer",
                "it converts the other way; swap its type arguments and its two methods: implements "
                    + "Converter<Integer, Long>"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(CONVERTER).type(CONVERTER, MB_TO_BYTES).compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.CONVERTER_TYPES)
  void converterCopiedFromAnotherMoveIsRejectedNamingTheTypesItMustConvert() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER, """
        public final class MegabytesToBytes implements Converter<String, Long> {
          @Override
          public Long toNew(String text) {
            return text == null ? null : Long.valueOf(text);
          }

          @Override
          public String toOld(Long value) {
            return value == null ? null : value.toString();
          }
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CONVERTER_TYPES.format("Host.memoryMb", "Integer",
                "Host.memoryBytes", "Long", "MegabytesToBytes", "String", "Long",
                "write a converter that implements Converter<Integer, Long>"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.SQL_EQUIVALENT_INVALID)
  void sqlEquivalentThatIsNotOneExpressionIsRejectedNamingTheParsersComplaint() {
    String expression = "CAST(? AS BIGINT) *";
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER,
        "@SqlEquivalent(toNew = \"" + expression + "\")\n" + MB_TO_BYTES);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_EQUIVALENT_INVALID.format("MegabytesToBytes",
                "Host.memoryMb", expression, "jOOQ cannot parse it as one SQL expression (|").split("\\|")[0])
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(CONVERTER).type(CONVERTER,
            "@SqlEquivalent(toNew = \"CAST(? AS BIGINT) * 1048576\")\n" + MB_TO_BYTES).compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.SQL_EQUIVALENT_INVALID)
  void sqlEquivalentThatIgnoresTheOldColumnIsRejected() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER,
        "@SqlEquivalent(toNew = \"1048576\")\n" + MB_TO_BYTES);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.SQL_EQUIVALENT_INVALID.format("MegabytesToBytes",
                "Host.memoryMb", "1048576", "it does not use the old column (written ?)"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.CONVERTER_NOT_CONSTRUCTIBLE)
  void converterWithoutANoArgumentConstructorIsRejected() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER,
        MB_TO_BYTES.replace("implements Converter<Integer, Long> {", """
            implements Converter<Integer, Long> {
              private final long factor;

              public MegabytesToBytes(long factor) {
                this.factor = factor;
              }
            """));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CONVERTER_NOT_CONSTRUCTIBLE.format(
                "MegabytesToBytes", "Host.memoryMb", "has no public no-argument constructor"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(CONVERTER).type(CONVERTER, MB_TO_BYTES).compile())
            .succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.CONVERTER_NOT_CONSTRUCTIBLE)
  void converterThatIsNotPublicIsRejected() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER,
        MB_TO_BYTES.replace("public final class", "final class"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CONVERTER_NOT_CONSTRUCTIBLE.format(
                "MegabytesToBytes", "Host.memoryMb", "is not public"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.CONVERTER_NOT_CONSTRUCTIBLE)
  void abstractConverterIsRejected() {
    ErrorCatalogueDomain broken = release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER,
        MB_TO_BYTES.replace("public final class", "public abstract class"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CONVERTER_NOT_CONSTRUCTIBLE.format(
                "MegabytesToBytes", "Host.memoryMb", "is abstract"))
            .inFile(broken.file(HOST)).onLineContaining("int memoryMb"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  void converterOfTheRightTypesCompiles() {
    assertThat(release("2.0", HOST_MEMORY_CONVERTED).type(CONVERTER, MB_TO_BYTES).compile())
        .succeededWithoutWarnings();
  }
}
