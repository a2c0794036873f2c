package dev.crossfade.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of composite keys and 1:N extraction (issue 17): a valid domain compiles, and each message fires
 * on the line at fault with its exact text, and the fix it names compiles.
 */
class ExtractionCatalogueTest {
  private static final String CUSTOMER = "crm.Customer";
  private static final String PHONE = "crm.CustomerPhone";

  private static final String CUSTOMER_2_0 = """
      @Table("customer")
      public record Customer(@Id long id, String name,
          @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1") String phone1,
          @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "2") String phone2) {}
      """;

  private static final String PHONE_2_0 = """
      @Table("customer_phone") @Since("2.0")
      public record CustomerPhone(@Id @References(Customer.class) long customerId, @Id int position, String number) {
        public record Key(long customerId, int position) {}
      }
      """;

  private static ErrorCatalogueDomain domain(String customer, String phone) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("crm", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(CUSTOMER, customer)
        .type(PHONE, phone);
  }

  @Test
  void twoColumnsExtractedIntoRowsKeyedByTheParentAndAPositionCompile() {
    assertThat(domain(CUSTOMER_2_0, PHONE_2_0).compile()).succeeded();
  }

  @Test
  @Raises(Message.COMPOSITE_KEY_MOVE_SOURCE)
  void aCompositeKeyedEntityCannotBeTheSourceOfAMove() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, """
        @Table("customer_phone") @Since("2.0")
        public record CustomerPhone(@Id long customerId, @Id int position, String number,
            @DeprecatedIn("3.0") @MovedTo(entity = CustomerPhone.class, field = "e164") String raw,
            @Since("3.0") String e164) {
          public record Key(long customerId, int position) {}
        }
        """).replace("crm.package-info", "\"2.0\"", "\"3.0\"");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COMPOSITE_KEY_MOVE_SOURCE.format("CustomerPhone.raw",
                "CustomerPhone", "customerId, position"))
            .inFile(broken.file(PHONE)).onLineContaining("String raw"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_SHAPE)
  void anExtractionIntoATableWithASingleColumnKeyIsRejected() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, """
        @Table("customer_phone") @Since("2.0")
        public record CustomerPhone(@Id long customerId, String number) {}
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_SHAPE.format("Customer.phone1", "1",
                "CustomerPhone.number", "customerId", "CustomerPhone", "Customer", "long", "customerId"))
            .inFile(broken.file(CUSTOMER)).onLineContaining("String phone1"),
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_SHAPE.format("Customer.phone2", "2",
                "CustomerPhone.number", "customerId", "CustomerPhone", "Customer", "long", "customerId"))
            .inFile(broken.file(CUSTOMER)).onLineContaining("String phone2"),
        () -> assertThat(compilation).hadErrorCount(2),
        () -> assertThat(domain(CUSTOMER_2_0, PHONE_2_0).compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_MISSING)
  void aMoveIntoACompositeKeyedTableWithoutKeyIsRejected() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, PHONE_2_0)
        .replace(CUSTOMER, "field = \"number\", key = \"2\")", "field = \"number\")");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_MISSING.format("Customer.phone2",
                "CustomerPhone.number", "customerId, position", "CustomerPhone.position", "CustomerPhone", "number"))
            .inFile(broken.file(CUSTOMER)).onLineContaining("String phone2"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_INVALID)
  void aKeyThatDoesNotFitTheSecondKeyFieldIsRejected() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, PHONE_2_0)
        .replace(CUSTOMER, "key = \"2\"", "key = \"two\"");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_INVALID.format("two", "Customer.phone2",
                "CustomerPhone.position", "int", dev.crossfade.schema.DefaultValues.example(
                    dev.crossfade.schema.JavaKind.INT)))
            .inFile(broken.file(CUSTOMER)).onLineContaining("String phone2"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(CUSTOMER, "key = \"two\"", "key = \"2\"").compile()).succeeded());
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_DUPLICATE)
  void twoColumnsThatBecomeTheSameRowAreRejectedOnTheSecond() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, PHONE_2_0)
        .replace(CUSTOMER, "key = \"2\"", "key = \"01\"");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_DUPLICATE.format("Customer.phone2",
                "CustomerPhone.position", "01", "CustomerPhone", "Customer.phone1"))
            .inFile(broken.file(CUSTOMER)).onLineContaining("String phone2"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.MOVED_TO_KEY_CONVERTED)
  void anExtractionWithAConverterIsRejected() {
    ErrorCatalogueDomain broken = domain("""
        @Table("customer")
        public record Customer(@Id long id, String name,
            @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1", converter = Digits.class) Long phone1) {}
        """, PHONE_2_0).type("crm.Digits", """
        public final class Digits implements Converter<Long, String> {
          public String toNew(Long v) { return String.valueOf(v); }
          public Long toOld(String v) { return Long.valueOf(v); }
        }
        """);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.MOVED_TO_KEY_CONVERTED.format("Customer.phone1", "1",
                "Digits", "CustomerPhone.number", "Customer.phone1"))
            .inFile(broken.file(CUSTOMER)).onLineContaining("Long phone1"),
        () -> assertThat(compilation).hadErrorCount(1));
  }

  @Test
  @Raises(Message.COMPOSITE_KEY_RECORD_MISSING)
  void aCompositeKeyWithoutItsRecordIsRejectedOnTheEntity() {
    ErrorCatalogueDomain broken = domain(CUSTOMER_2_0, PHONE_2_0)
        .replace(PHONE, "  public record Key(long customerId, int position) {}\n", "");

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.COMPOSITE_KEY_RECORD_MISSING.format("CustomerPhone",
                "customerId, position", "long customerId, int position", "CustomerPhone"))
            .inFile(broken.file(PHONE)).onLineContaining("public record CustomerPhone("),
        () -> assertThat(compilation).hadErrorCount(1));
  }
}
