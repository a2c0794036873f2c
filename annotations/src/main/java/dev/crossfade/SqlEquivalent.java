package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a {@link Converter}'s {@link Converter#toNew toNew} computes as one SQL expression over the old
 * column, so the backfill converts inside the database, one statement per batch like an unconverted copy,
 * instead of reading every row into Java and writing it back.
 *
 * <pre>{@code
 * @SqlEquivalent(toNew = "CAST(? AS BIGINT) * 1048576")
 * public final class MegabytesToBytes implements Converter<Integer, Long> { ... }
 * }</pre>
 *
 * <p>{@code ?} stands for the old column (it may appear more than once). The expression is written once, in the
 * SQL that jOOQ's parser reads, and rendered for each dialect at compile time: {@code backfill.sql} and
 * {@code plan.md} show the result. A SQL {@code NULL} must give what {@code toNew(null)} gives. The Java
 * converter stays the truth: the migrator compares the expression with it on the first batch of every run and
 * refuses to copy when a row differs, and the repositories keep converting in Java.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SqlEquivalent {
  /** {@code toNew} as a SQL expression over the old column, written {@code ?}. */
  String toNew();
}
