package dev.crossfade.schema;

/** The Java types an entity field may have, and the SQL type each maps to by default. */
public enum JavaKind {
  STRING("java.lang.String"),
  INT("int"),
  INTEGER("java.lang.Integer"),
  LONG_PRIMITIVE("long"),
  LONG("java.lang.Long"),
  BOOLEAN_PRIMITIVE("boolean"),
  BOOLEAN("java.lang.Boolean"),
  DOUBLE_PRIMITIVE("double"),
  DOUBLE("java.lang.Double"),
  BIG_DECIMAL("java.math.BigDecimal"),
  LOCAL_DATE("java.time.LocalDate"),
  LOCAL_DATE_TIME("java.time.LocalDateTime"),
  INSTANT("java.time.Instant"),
  UUID("java.util.UUID"),
  BYTES("byte[]"),
  /** Any Java enum, stored by constant name in a {@code VARCHAR}. */
  ENUM("enum");

  private final String javaName;

  JavaKind(String javaName) {
    this.javaName = javaName;
  }

  /** The Java spelling, for messages and the snapshot. */
  public String javaName() {
    return javaName;
  }

  public boolean isPrimitive() {
    return this == INT || this == LONG_PRIMITIVE || this == BOOLEAN_PRIMITIVE || this == DOUBLE_PRIMITIVE;
  }

  /** The same kind with primitives boxed, so {@code int} and {@code Integer} compare equal for moves. */
  public JavaKind boxed() {
    return switch (this) {
      case INT -> INTEGER;
      case LONG_PRIMITIVE -> LONG;
      case BOOLEAN_PRIMITIVE -> BOOLEAN;
      case DOUBLE_PRIMITIVE -> DOUBLE;
      default -> this;
    };
  }

  /** The kind for a Java type name, or null when it is not supported (enums are recognised elsewhere). */
  public static JavaKind forJavaName(String name) {
    for (JavaKind k : values()) {
      if (k != ENUM && k.javaName.equals(name)) {
        return k;
      }
    }
    return null;
  }

  /** The supported types, for the error message that lists them. */
  public static String supportedList() {
    StringBuilder b = new StringBuilder();
    for (JavaKind k : values()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(k == ENUM ? "any enum" : k.javaName);
    }
    return b.toString();
  }
}
