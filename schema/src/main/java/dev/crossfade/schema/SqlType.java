package dev.crossfade.schema;

/**
 * The dialect-neutral SQL type of a column. Dialect spellings are chosen in
 * {@link dev.crossfade.schema.sql.DialectTypes}.
 */
public record SqlType(Kind kind, int length, int precision, int scale) {
  public enum Kind {
    VARCHAR,
    INTEGER,
    BIGINT,
    BOOLEAN,
    DOUBLE,
    DECIMAL,
    DATE,
    TIMESTAMP,
    TIMESTAMP_TZ,
    UUID,
    BINARY
  }

  public static final int DEFAULT_LENGTH = 255;
  public static final int DEFAULT_PRECISION = 19;
  public static final int DEFAULT_SCALE = 2;

  /** The default SQL type of a Java kind, with {@code @Column}'s length, precision and scale (0/-1: default). */
  public static SqlType of(JavaKind java, int length, int precision, int scale) {
    return switch (java) {
      case STRING, ENUM -> new SqlType(Kind.VARCHAR, length > 0 ? length : DEFAULT_LENGTH, 0, 0);
      case INT, INTEGER -> simple(Kind.INTEGER);
      case LONG_PRIMITIVE, LONG -> simple(Kind.BIGINT);
      case BOOLEAN_PRIMITIVE, BOOLEAN -> simple(Kind.BOOLEAN);
      case DOUBLE_PRIMITIVE, DOUBLE -> simple(Kind.DOUBLE);
      case BIG_DECIMAL -> new SqlType(Kind.DECIMAL, 0,
          precision > 0 ? precision : DEFAULT_PRECISION, scale >= 0 ? scale : DEFAULT_SCALE);
      case LOCAL_DATE -> simple(Kind.DATE);
      case LOCAL_DATE_TIME -> simple(Kind.TIMESTAMP);
      case INSTANT -> simple(Kind.TIMESTAMP_TZ);
      case UUID -> simple(Kind.UUID);
      case BYTES -> simple(Kind.BINARY);
    };
  }

  private static SqlType simple(Kind kind) {
    return new SqlType(kind, 0, 0, 0);
  }

  /** Readable form for plans and snapshots: {@code VARCHAR(255)}, {@code DECIMAL(19,2)}, {@code BIGINT}. */
  @Override
  public String toString() {
    return switch (kind) {
      case VARCHAR -> "VARCHAR(" + length + ")";
      case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
      default -> kind.name();
    };
  }
}
