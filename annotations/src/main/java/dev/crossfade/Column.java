package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The column a field maps to, and the SQL facts the Java type alone does not give.
 *
 * <pre>{@code
 * @Column(name = "hostname", length = 128, nullable = false)
 * String hostname;
 *
 * @Since("2.0") @Column(defaultValue = "0")
 * int cpuCount;
 * }</pre>
 *
 * <p>Without {@code @Column} the column name is the field name in {@code snake_case}, primitives are
 * {@code NOT NULL} and reference types are nullable. {@code jakarta.persistence.Column} is read as well
 * ({@code name}, {@code length}, {@code nullable}, {@code precision}, {@code scale}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Column {
  /** Column name; empty means the field name in {@code snake_case}. */
  String name() default "";

  /** Length of a {@code VARCHAR} column; 0 means the default (255). */
  int length() default 0;

  /** Precision of a {@code DECIMAL} column; 0 means the default (19). */
  int precision() default 0;

  /** Scale of a {@code DECIMAL} column; -1 means the default (2). */
  int scale() default -1;

  /** Whether the column accepts {@code NULL}; defaults to true for reference types, false for primitives. */
  Nullability nullable() default Nullability.DEFAULT;

  /**
   * The default value as a literal in Java syntax ({@code "0"}, {@code "true"}, {@code "unknown"},
   * {@code "ACTIVE"} for an enum, {@code "2024-01-01"} for a date). It is what older rows and older servers
   * get for a column added later, and what a read on a shard that lacks the column returns. It is rendered
   * as a typed SQL literal per dialect, never spliced in as raw SQL.
   */
  String defaultValue() default "";

  /** Creates a unique index on the column (online on each dialect when it is added later). */
  boolean unique() default false;

  /** Creates a plain index on the column (online on each dialect when it is added later). */
  boolean indexed() default false;

  /** Three-valued nullability, so that "not said" can follow the Java type. */
  enum Nullability {
    DEFAULT,
    NULLABLE,
    NOT_NULL
  }
}
