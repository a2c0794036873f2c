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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @References}, {@code @Index} and {@code @Check} (issue 17) in the catalogue's shape: per mistake the
 * exact text, the file and line at fault, one error, and the fix compiling.
 */
class ConstraintCatalogueTest {
  private static final String CUSTOMER = "shop.Customer";
  private static final String ORDER = "shop.CustomerOrder";
  private static final String CUSTOMER_BODY = """
      @Table("customer")
      public record Customer(@Id long id, String name) {}
      """;

  @TempDir
  Path snapshots;

  private static ErrorCatalogueDomain release2(String orderBody) {
    return ErrorCatalogueDomain.empty().packageInfo("shop", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(CUSTOMER, CUSTOMER_BODY).type(ORDER, orderBody);
  }

  private ErrorCatalogueDomain shipped(String release, String orderBody) {
    String annotation = release.equals("1.0") ? "@Release(\"1.0\")"
        : "@Release(value = \"" + release + "\", baseline = \"1.0\")";
    return ErrorCatalogueDomain.empty().packageInfo("shop", annotation).type(CUSTOMER, CUSTOMER_BODY)
        .type(ORDER, orderBody).options("-Acrossfade.snapshots=" + snapshots);
  }

  private void ship(ErrorCatalogueDomain domain, String release) {
    assertThat(domain.compile()).succeededWithoutWarnings();
    assertTrue(Files.isRegularFile(snapshots.resolve(release + ".json")), release + ".json written");
  }

  private static void oneError(Compilation compilation, ErrorCatalogueDomain broken, String text, String line,
      ErrorCatalogueDomain fixed) {
    assertAll(
        () -> assertThat(compilation).hadErrorContaining(text).inFile(broken.file(ORDER)).onLineContaining(line),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(fixed.compile()).succeeded());
  }

  @Test
  @Raises(Message.INDEX_UNKNOWN_COLUMN)
  void indexNamingAnUnknownColumnIsRejectedOnTheIndex() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Index(columns = {"customer_id", "createdAt"})
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """);

    oneError(broken.compile(), broken, Message.INDEX_UNKNOWN_COLUMN.format("@Index on CustomerOrder", "createdAt",
            "customer_order", "id, customer_id, created_at"), "@Index(columns",
        broken.replace(ORDER, "\"createdAt\"", "\"created_at\""));
  }

  @Test
  @Raises(Message.INDEX_NO_COLUMNS)
  void indexWithoutColumnsIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Index(columns = {})
        public record CustomerOrder(@Id long id, long customerId) {}
        """);

    oneError(broken.compile(), broken, Message.INDEX_NO_COLUMNS.format("@Index on CustomerOrder"), "@Index(columns",
        broken.replace(ORDER, "columns = {}", "columns = {\"customer_id\"}"));
  }

  @Test
  @Raises(Message.INDEX_REMOVED)
  void indexRemovedFromCodeWithoutDeprecatedInIsRejectedAgainstTheSnapshot() throws IOException {
    ship(shipped("1.0", """
        @Table("customer_order")
        @Index(columns = {"customer_id", "created_at"})
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """), "1.0");
    Snapshot one = Snapshot.parse(Files.readString(snapshots.resolve("1.0.json"), StandardCharsets.UTF_8));
    assertThat(one.tables().get("customer_order").indexes().get("customer_order_customer_id_created_at_idx")
        .columns()).containsExactly("customer_id", "created_at").inOrder();
    ErrorCatalogueDomain broken = shipped("2.0", """
        @Table("customer_order")
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.INDEX_REMOVED.format(
                "customer_order_customer_id_created_at_idx", "customer_order", "1.0", "CustomerOrder",
                "customer_order_customer_id_created_at_idx", "\"customer_id\", \"created_at\"", "", "2.0"))
            .inFile(broken.file(ORDER)).onLineContaining("public record CustomerOrder"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(ORDER, "@Table(\"customer_order\")", "@Table(\"customer_order\")\n"
            + "@Index(columns = {\"customer_id\", \"created_at\"}, deprecatedIn = \"2.0\")").compile()).succeeded());
  }

  @Test
  @Raises(Message.INDEX_CHANGED)
  void indexWhoseColumnsChangedAfterShippingIsRejected() {
    ship(shipped("1.0", """
        @Table("customer_order")
        @Index(name = "order_lookup", columns = {"customer_id", "created_at"})
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """), "1.0");
    ErrorCatalogueDomain broken = shipped("2.0", """
        @Table("customer_order")
        @Index(name = "order_lookup", columns = {"created_at", "customer_id"})
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """);

    oneError(broken.compile(), broken, Message.INDEX_CHANGED.format("order_lookup", "customer_order",
            "(created_at, customer_id)", "(customer_id, created_at)", "1.0", "2.0", "2.0"), "@Index(name",
        broken.replace(ORDER, "{\"created_at\", \"customer_id\"}", "{\"customer_id\", \"created_at\"}"));
  }

  @Test
  @Raises(Message.CONSTRAINT_ADDED_WITHOUT_SINCE)
  void foreignKeyAddedToAShippedColumnWithoutSinceIsRejected() {
    ship(shipped("1.0", """
        @Table("customer_order")
        public record CustomerOrder(@Id long id, long customerId) {}
        """), "1.0");
    ErrorCatalogueDomain broken = shipped("2.0", """
        @Table("customer_order")
        public record CustomerOrder(@Id long id,
            @References(Customer.class) long customerId) {}
        """);

    oneError(broken.compile(), broken, Message.CONSTRAINT_ADDED_WITHOUT_SINCE.format(
            "@References on CustomerOrder.customerId", "a foreign key on customer_id", "customer_order", "1.0", "1.0",
            "2.0"), "@References(Customer.class)",
        broken.replace(ORDER, "@References(Customer.class)", "@References(value = Customer.class, since = \"2.0\")"));
  }

  @Test
  @Raises(Message.CONSTRAINT_SINCE_CHANGED)
  void checkWhoseSinceChangedAfterShippingIsRejected() {
    ship(shipped("1.0", """
        @Table("customer_order")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """), "1.0");
    ship(shipped("2.0", """
        @Table("customer_order")
        @Check(name = "order_total_positive", value = "total_cents >= 0", since = "2.0")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """), "2.0");
    ErrorCatalogueDomain broken = shipped("3.0", """
        @Table("customer_order")
        @Check(name = "order_total_positive", value = "total_cents >= 0", since = "3.0")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """);

    oneError(broken.compile(), broken, Message.CONSTRAINT_SINCE_CHANGED.format(
            "@Check order_total_positive on CustomerOrder", "3.0", "2.0", "2.0", "2.0"), "@Check(name",
        broken.replace(ORDER, "since = \"3.0\"", "since = \"2.0\""));
  }

  @Test
  @Raises(Message.CONSTRAINT_SINCE_BEFORE_COLUMN)
  void indexSinceBeforeItsColumnExistsIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("shop", "@Release(value = \"3.0\", baseline = \"1.0\")").type(CUSTOMER, CUSTOMER_BODY)
        .type(ORDER, """
            @Table("customer_order")
            @Index(columns = "external_ref", since = "2.0")
            public record CustomerOrder(@Id long id, @Since("3.0") String externalRef) {}
            """);

    oneError(broken.compile(), broken, Message.CONSTRAINT_SINCE_BEFORE_COLUMN.format("@Index on CustomerOrder", "2.0",
            "customer_order.external_ref", "3.0", "3.0"), "@Index(columns",
        broken.replace(ORDER, "since = \"2.0\"", "since = \"3.0\""));
  }

  @Test
  @Raises(Message.CONSTRAINT_NAME_DUPLICATE)
  void twoConstraintsWithOneNameAreRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Index(name = "order_rule", columns = "total_cents")
        @Check(name = "order_rule", value = "total_cents >= 0")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """);

    oneError(broken.compile(), broken, Message.CONSTRAINT_NAME_DUPLICATE.format(
            "@Index order_rule on CustomerOrder", "@Check order_rule on CustomerOrder", "order_rule"), "@Check(name",
        broken.replace(ORDER, "@Check(name = \"order_rule\"", "@Check(name = \"order_total_positive\""));
  }

  @Test
  @Raises(Message.CONSTRAINT_NAME_DUPLICATE)
  void anIndexNamedLikeTheIndexOfAnIndexedColumnIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Index(columns = "customer_id")
        public record CustomerOrder(@Id long id, @Column(indexed = true) long customerId) {}
        """);

    oneError(broken.compile(), broken, Message.CONSTRAINT_NAME_DUPLICATE.format(
            "@Column(indexed = true) on CustomerOrder.customerId", "@Index customer_order_customer_id_idx on"
                + " CustomerOrder", "customer_order_customer_id_idx"), "@Index(columns",
        broken.replace(ORDER, "@Column(indexed = true) ", ""));
  }

  @Test
  @Raises(Message.IDENTIFIER_TOO_LONG)
  void anIndexNameLongerThanPostgresAllowsIsRejected() {
    String name = "customer_order_lookup_by_customer_and_creation_time_for_the_report";
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Index(name = "%s", columns = "customer_id")
        public record CustomerOrder(@Id long id, long customerId) {}
        """.formatted(name));

    oneError(broken.compile(), broken, Message.IDENTIFIER_TOO_LONG.format("Index", name, name.length(), "PostgreSQL",
            63, name.substring(0, 63)), "@Index(name",
        broken.replace(ORDER, name, "customer_order_lookup"));
  }

  @Test
  @Raises(Message.REFERENCES_UNKNOWN_ENTITY)
  void foreignKeyToAClassThatIsNoEntityIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        public record CustomerOrder(@Id long id,
            @References(String.class) long customerId) {}
        """);

    oneError(broken.compile(), broken, Message.REFERENCES_UNKNOWN_ENTITY.format("String", "CustomerOrder.customerId",
            "String"), "@References(String.class)",
        broken.replace(ORDER, "String.class", "Customer.class"));
  }

  @Test
  @Raises(Message.REFERENCES_KEY_TYPE)
  void foreignKeyOfAnotherTypeThanTheTargetKeyIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        public record CustomerOrder(@Id long id,
            @References(Customer.class) int customerId) {}
        """);

    oneError(broken.compile(), broken, Message.REFERENCES_KEY_TYPE.format("CustomerOrder.customerId", "int",
            "Customer", "Customer.id", "long", "long", "customerId"), "@References(Customer.class)",
        broken.replace(ORDER, "int customerId", "long customerId"));
  }

  /**
   * A split child's {@code @References} to its parent restates the move's own key (no constraint of its own), so
   * the release after the split, compiled against the split's snapshot, needs no {@code since} on it (3.0 of the
   * crm domain was refused this way).
   */
  @Test
  void aSplitChildsReferencesToItsParentNeedsNoSinceInTheNextRelease() {
    String address = """
        @Table("customer_address") @Since("2.0")
        public record CustomerAddress(@Id @References(Customer.class) long customerId, String city) {}
        """;
    String customer = """
        @Table("customer")
        public record Customer(@Id long id, String name,
            @DeprecatedIn("2.0") @MovedTo(entity = CustomerAddress.class, field = "city") String city) {}
        """;
    ship(ErrorCatalogueDomain.empty().packageInfo("shop", "@Release(\"1.0\")").type(CUSTOMER, """
        @Table("customer")
        public record Customer(@Id long id, String name, String city) {}
        """).options("-Acrossfade.snapshots=" + snapshots), "1.0");
    for (String release : List.of("2.0", "3.0")) {
      String annotation = "@Release(value = \"" + release + "\", baseline = \"1.0\")";
      ship(ErrorCatalogueDomain.empty().packageInfo("shop", annotation).type(CUSTOMER, customer)
          .type("shop.CustomerAddress", address).options("-Acrossfade.snapshots=" + snapshots), release);
    }
  }

  @Test
  @Raises(Message.REFERENCES_COMPOSITE_KEY)
  void foreignKeyToAnEntityWithACompositeKeyIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("shop", "@Release(\"1.0\")")
        .type(CUSTOMER, """
            @Table("customer")
            public record Customer(@Id long id, @Id int part, String name) {
              public record Key(long id, int part) {}
            }
            """)
        .type(ORDER, """
            @Table("customer_order")
            public record CustomerOrder(@Id long id,
                @References(Customer.class) long customerId) {}
            """);

    oneError(broken.compile(), broken, Message.REFERENCES_COMPOSITE_KEY.format("CustomerOrder.customerId",
            "Customer", 2, "[id, part]"), "@References(Customer.class)",
        broken.replace(ORDER, "@References(Customer.class) ", ""));
  }

  @Test
  @Raises(Message.REFERENCES_DROPPED_TARGET)
  void foreignKeyToADeprecatedEntityIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("shop", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(CUSTOMER, """
            @Table("customer") @DeprecatedIn("2.0")
            public record Customer(@Id long id, String name) {}
            """)
        .type(ORDER, """
            @Table("customer_order")
            public record CustomerOrder(@Id long id,
                @References(Customer.class) Long customerId) {}
            """);

    oneError(broken.compile(), broken, Message.REFERENCES_DROPPED_TARGET.format("CustomerOrder.customerId",
            "Customer", "2.0"), "@References(Customer.class)",
        broken.replace(ORDER, "@References(Customer.class) ", ""));
  }

  @Test
  @Raises(Message.REFERENCES_SET_NULL_NOT_NULL)
  void setNullOnANotNullColumnIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        public record CustomerOrder(@Id long id,
            @References(value = Customer.class, onDelete = References.Action.SET_NULL) long customerId) {}
        """);

    oneError(broken.compile(), broken, Message.REFERENCES_SET_NULL_NOT_NULL.format("CustomerOrder.customerId",
            "customer_id"), "@References(value",
        broken.replace(ORDER, "long customerId", "Long customerId"));
  }

  @Test
  @Raises(Message.CHECK_UNPARSABLE)
  void checkThatDoesNotParseIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Check(name = "order_total_positive", value = "total_cents >=")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.CHECK_UNPARSABLE.format(
                "@Check(name = \"order_total_positive\") on CustomerOrder", "total_cents >=", "X").split("\\(X")[0])
            .inFile(broken.file(ORDER)).onLineContaining("@Check(name"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(ORDER, "\"total_cents >=\"", "\"total_cents >= 0\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.CHECK_UNKNOWN_COLUMN)
  void checkNamingAnUnknownColumnIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("customer_order")
        @Check(name = "order_total_positive", value = "totalCents >= 0")
        public record CustomerOrder(@Id long id, long totalCents) {}
        """);

    oneError(broken.compile(), broken, Message.CHECK_UNKNOWN_COLUMN.format(
            "@Check(name = \"order_total_positive\") on CustomerOrder", "totalCents", "customer_order",
            "id, total_cents"), "@Check(name",
        broken.replace(ORDER, "\"totalCents >= 0\"", "\"total_cents >= 0\""));
  }

  @Test
  void anIndexOverATableTheSnapshotEstimatesLargeIsAWarningOnTheEntity() throws IOException {
    ship(shipped("1.0", """
        @Table("customer_order")
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """), "1.0");
    Path file = snapshots.resolve("1.0.json");
    String json = Files.readString(file, StandardCharsets.UTF_8);
    String key = "      \"key\" : \"id\",\n";
    int at = json.indexOf(key, json.indexOf("\"customer_order\" : {")) + key.length();
    Files.writeString(file, json.substring(0, at) + "      \"rows\" : 40000000,\n" + json.substring(at),
        StandardCharsets.UTF_8);
    ErrorCatalogueDomain warned = shipped("2.0", """
        @Table("customer_order")
        @Index(columns = {"customer_id", "created_at"}, since = "2.0")
        public record CustomerOrder(@Id long id, long customerId, long createdAt) {}
        """);

    Compilation compilation = warned.compile();

    assertAll(
        () -> assertThat(compilation).succeeded(),
        () -> assertThat(compilation).hadWarningContaining(Message.INDEX_LARGE_TABLE.format("2.0",
                "customer_order_customer_id_created_at_idx", "customer_order", "1.0", 40_000_000L, "CustomerOrder"))
            .inFile(warned.file(ORDER)).onLineContaining("public record CustomerOrder"),
        () -> assertThat(compilation).hadWarningCount(1),
        () -> assertThat(warned.replace(ORDER, "public record", "@SuppressWarnings(\"crossfade:index-large-table\")\n"
            + "public record").compile()).succeededWithoutWarnings());
  }

  @Test
  void snapshotRecordsForeignKeysIndexesAndChecks() throws IOException {
    ship(shipped("1.0", """
        @Table("customer_order")
        @Index(columns = {"customer_id", "total_cents"}, unique = true)
        @Check(name = "order_total_positive", value = "total_cents >= 0")
        public record CustomerOrder(@Id long id,
            @References(value = Customer.class, onDelete = References.Action.CASCADE) long customerId, long totalCents) {}
        """), "1.0");
    Snapshot.Table t = Snapshot.parse(Files.readString(snapshots.resolve("1.0.json"), StandardCharsets.UTF_8))
        .tables().get("customer_order");
    assertThat(t.foreignKeys().get("customer_order_customer_id_fkey"))
        .isEqualTo(new Snapshot.ForeignKey("customer_id", "customer.id", "CASCADE", dev.crossfade.schema.Version.parse("1.0")));
    assertThat(t.indexes().get("customer_order_customer_id_total_cents_key").columns())
        .isEqualTo(List.of("customer_id", "total_cents"));
    assertThat(t.checks().get("order_total_positive").expression()).isEqualTo("total_cents >= 0");
  }
}
