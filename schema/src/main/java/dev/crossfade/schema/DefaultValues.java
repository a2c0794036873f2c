package dev.crossfade.schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code @Column(defaultValue = …)} literal into a typed Java value. The processor uses it to
 * reject a bad default at compile time; the SQL renderer to render a typed, escaped literal; the runtime to
 * answer reads of a column the shard does not have yet.
 */
public final class DefaultValues {
  private DefaultValues() {}

  /**
   * The typed value, or empty with no value when the text does not fit the kind.
   *
   * @param enumConstants the enum's constants, for {@link JavaKind#ENUM}; ignored otherwise
   */
  public static Optional<Object> parse(JavaKind kind, String text, List<String> enumConstants) {
    try {
      return Optional.ofNullable(switch (kind) {
        case STRING -> text.chars().anyMatch(c -> c < 0x20) ? null : text;
        case ENUM -> enumConstants.contains(text) ? text : null;
        case INT, INTEGER -> Integer.valueOf(text);
        case LONG_PRIMITIVE, LONG -> Long.valueOf(text);
        case BOOLEAN_PRIMITIVE, BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
        case DOUBLE_PRIMITIVE, DOUBLE -> finite(Double.valueOf(text));
        case BIG_DECIMAL -> new BigDecimal(text);
        case LOCAL_DATE -> inSqlRange(LocalDate.parse(text).getYear(), LocalDate.parse(text));
        case LOCAL_DATE_TIME -> inSqlRange(LocalDateTime.parse(text).getYear(), LocalDateTime.parse(text));
        case INSTANT -> inSqlRange(Instant.parse(text).atOffset(ZoneOffset.UTC).getYear(), Instant.parse(text));
        case UUID -> java.util.UUID.fromString(text);
        case BYTES -> null;
      });
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Dates every supported database can store: years 1 to 9999. */
  private static Object inSqlRange(int year, Object value) {
    return year >= 1 && year <= 9999 ? value : null;
  }

  /** NaN and the infinities have no SQL literal on MariaDB and MySQL. */
  private static Double finite(Double d) {
    return d.isNaN() || d.isInfinite() ? null : d;
  }

  /** What a default should look like for a kind, for the error message. */
  public static String example(JavaKind kind) {
    return switch (kind) {
      case STRING -> "\"unknown\" (no control characters)";
      case ENUM -> "the name of one of its constants";
      case INT, INTEGER, LONG_PRIMITIVE, LONG -> "\"0\"";
      case BOOLEAN_PRIMITIVE, BOOLEAN -> "\"true\" or \"false\"";
      case DOUBLE_PRIMITIVE, DOUBLE -> "\"0.0\"";
      case BIG_DECIMAL -> "\"0.00\"";
      case LOCAL_DATE -> "\"2024-01-31\"";
      case LOCAL_DATE_TIME -> "\"2024-01-31T00:00:00\"";
      case INSTANT -> "\"2024-01-31T00:00:00Z\"";
      case UUID -> "\"00000000-0000-0000-0000-000000000000\"";
      case BYTES -> "nothing: byte[] columns cannot have a default, make the field nullable";
    };
  }
}
