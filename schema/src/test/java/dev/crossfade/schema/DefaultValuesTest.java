package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefaultValuesTest {
  private static final List<String> COLORS = List.of("RED", "GREEN");

  private static Optional<Object> parse(JavaKind kind, String text) {
    return DefaultValues.parse(kind, text, List.of());
  }

  @Test
  void stringDefaultsAreKeptVerbatimIncludingQuotesAndEmptyText() {
    assertEquals(Optional.of("unknown"), parse(JavaKind.STRING, "unknown"));
    assertEquals(Optional.of("it's"), parse(JavaKind.STRING, "it's"));
    assertEquals(Optional.of(""), parse(JavaKind.STRING, ""));
    assertEquals(Optional.of("ünïcödé ✓"), parse(JavaKind.STRING, "ünïcödé ✓"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "tab\there", "cr\r", "\u0000", "bell\u0007"})
  void stringDefaultsWithControlCharactersAreRejected(String text) {
    assertEquals(Optional.empty(), parse(JavaKind.STRING, text));
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, names = {"INT", "INTEGER"})
  void intDefaultsParseAsIntegers(JavaKind kind) {
    assertEquals(Optional.of(1), parse(kind, "1"));
    assertEquals(Optional.of(-42), parse(kind, "-42"));
    assertEquals(Optional.of(Integer.MAX_VALUE), parse(kind, "2147483647"));
    assertEquals(Optional.empty(), parse(kind, "2147483648"));
    assertEquals(Optional.empty(), parse(kind, "1.5"));
    assertEquals(Optional.empty(), parse(kind, "one"));
    assertEquals(Optional.empty(), parse(kind, ""));
    assertEquals(Optional.empty(), parse(kind, " 1"));
    assertEquals(Optional.empty(), parse(kind, "1L"));
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, names = {"LONG", "LONG_PRIMITIVE"})
  void longDefaultsParseAsLongs(JavaKind kind) {
    assertEquals(Optional.of(0L), parse(kind, "0"));
    assertEquals(Optional.of(Long.MAX_VALUE), parse(kind, "9223372036854775807"));
    assertEquals(Optional.empty(), parse(kind, "9223372036854775808"));
    assertEquals(Optional.empty(), parse(kind, "10L"));
    assertEquals(Optional.empty(), parse(kind, "ten"));
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, names = {"BOOLEAN", "BOOLEAN_PRIMITIVE"})
  void booleanDefaultsAcceptOnlyLowerCaseTrueAndFalse(JavaKind kind) {
    assertEquals(Optional.of(Boolean.TRUE), parse(kind, "true"));
    assertEquals(Optional.of(Boolean.FALSE), parse(kind, "false"));
    for (String bad : List.of("TRUE", "False", "yes", "1", "0", "", "t")) {
      assertEquals(Optional.empty(), parse(kind, bad), bad);
    }
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, names = {"DOUBLE", "DOUBLE_PRIMITIVE"})
  void doubleDefaultsParseAsDoubles(JavaKind kind) {
    assertEquals(Optional.of(0.0), parse(kind, "0.0"));
    assertEquals(Optional.of(1.5), parse(kind, "1.5"));
    assertEquals(Optional.of(-2.0), parse(kind, "-2"));
    assertEquals(Optional.empty(), parse(kind, "one"));
    assertEquals(Optional.empty(), parse(kind, ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
  void doubleDefaultsThatNoSqlColumnCanHoldAreRejected(String text) {
    // A default is checked here at compile time; MariaDB/MySQL have no NaN or infinity, and the renderer turns
    // "NaN" into cast('NaN' AS decimal) there, so these must be refused rather than produce a wrong default.
    assertEquals(Optional.empty(), parse(JavaKind.DOUBLE, text));
    assertEquals(Optional.empty(), parse(JavaKind.DOUBLE_PRIMITIVE, text));
  }

  @Test
  void bigDecimalDefaultsKeepTheirScale() {
    assertEquals(Optional.of(new BigDecimal("12.50")), parse(JavaKind.BIG_DECIMAL, "12.50"));
    assertEquals(2, ((BigDecimal) parse(JavaKind.BIG_DECIMAL, "12.50").orElseThrow()).scale());
    assertEquals(Optional.empty(), parse(JavaKind.BIG_DECIMAL, "12,50"));
    assertEquals(Optional.empty(), parse(JavaKind.BIG_DECIMAL, "twelve"));
  }

  @Test
  void dateAndTimeDefaultsUseIsoText() {
    assertEquals(Optional.of(LocalDate.of(2024, 1, 31)), parse(JavaKind.LOCAL_DATE, "2024-01-31"));
    assertEquals(Optional.empty(), parse(JavaKind.LOCAL_DATE, "2024-02-30"));
    assertEquals(Optional.empty(), parse(JavaKind.LOCAL_DATE, "31.01.2024"));
    assertEquals(Optional.empty(), parse(JavaKind.LOCAL_DATE, "2024-01-31T00:00:00"));

    assertEquals(Optional.of(LocalDateTime.of(2024, 1, 31, 10, 15)),
        parse(JavaKind.LOCAL_DATE_TIME, "2024-01-31T10:15:00"));
    assertEquals(Optional.empty(), parse(JavaKind.LOCAL_DATE_TIME, "2024-01-31"));
    assertEquals(Optional.empty(), parse(JavaKind.LOCAL_DATE_TIME, "2024-01-31 10:15:00"));

    assertEquals(Optional.of(Instant.parse("2024-01-31T00:00:00Z")), parse(JavaKind.INSTANT, "2024-01-31T00:00:00Z"));
    assertEquals(Optional.empty(), parse(JavaKind.INSTANT, "2024-01-31T00:00:00"));
    assertEquals(Optional.empty(), parse(JavaKind.INSTANT, "yesterday"));
  }

  @Test
  void uuidDefaultsParse() {
    String text = "123e4567-e89b-12d3-a456-426614174000";
    assertEquals(Optional.of(UUID.fromString(text)), parse(JavaKind.UUID, text));
    assertEquals(Optional.empty(), parse(JavaKind.UUID, "not-a-uuid"));
    assertEquals(Optional.empty(), parse(JavaKind.UUID, ""));
  }

  @Test
  void byteArraysNeverHaveADefault() {
    assertEquals(Optional.empty(), parse(JavaKind.BYTES, ""));
    assertEquals(Optional.empty(), parse(JavaKind.BYTES, "0x00"));
    assertTrue(DefaultValues.example(JavaKind.BYTES).contains("nullable"));
  }

  @Test
  void enumDefaultsMustNameOneOfTheConstantsExactly() {
    assertEquals(Optional.of("RED"), DefaultValues.parse(JavaKind.ENUM, "RED", COLORS));
    assertEquals(Optional.of("GREEN"), DefaultValues.parse(JavaKind.ENUM, "GREEN", COLORS));
    assertEquals(Optional.empty(), DefaultValues.parse(JavaKind.ENUM, "red", COLORS));
    assertEquals(Optional.empty(), DefaultValues.parse(JavaKind.ENUM, "BLUE", COLORS));
    assertEquals(Optional.empty(), DefaultValues.parse(JavaKind.ENUM, "", COLORS));
    assertEquals(Optional.empty(), DefaultValues.parse(JavaKind.ENUM, "RED", List.of()));
  }

  @Test
  void enumConstantsAreIgnoredForOtherKinds() {
    assertEquals(Optional.of("RED"), DefaultValues.parse(JavaKind.STRING, "RED", List.of()));
    assertEquals(Optional.of(7), DefaultValues.parse(JavaKind.INT, "7", COLORS));
    assertEquals(Optional.of(7), DefaultValues.parse(JavaKind.INT, "7", null));
  }

  @ParameterizedTest
  @EnumSource(JavaKind.class)
  void aMissingTextIsNoValueRatherThanAnException(JavaKind kind) {
    assertEquals(Optional.empty(), DefaultValues.parse(kind, null, COLORS));
  }

  @ParameterizedTest
  @EnumSource(value = JavaKind.class, mode = EnumSource.Mode.EXCLUDE, names = {"BYTES", "ENUM"})
  void theExampleInTheErrorMessageIsItselfAValidDefault(JavaKind kind) {
    String example = DefaultValues.example(kind);
    Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(example);
    assertTrue(quoted.find(), example);
    Optional<Object> parsed = parse(kind, quoted.group(1));
    assertTrue(parsed.isPresent(), kind + ": " + example);
  }

  @ParameterizedTest
  @EnumSource(JavaKind.class)
  void everyKindHasAnExample(JavaKind kind) {
    assertFalse(DefaultValues.example(kind).isBlank());
  }
}
