package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A CHECK constraint on this entity's table, repeatable on the type.
 *
 * <pre>{@code
 * @Table("customer_order")
 * @Check(name = "customer_order_total_positive", value = "total_cents >= 0", since = "3.0")
 * public record CustomerOrder(...) {}
 * }</pre>
 *
 * <p>The expression is SQL over this table's column names; it is parsed at compile time (an unparsable
 * expression or an unknown column is a compile error) and rendered for each dialect. Added without blocking
 * writes: PostgreSQL {@code NOT VALID} in expand and {@code VALIDATE CONSTRAINT} in the migrate step; on
 * MariaDB/MySQL the existing rows are checked by a query first. Rows that violate it make the migrator refuse.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Checks.class)
public @interface Check {
  /** The constraint name, validated like other identifiers. */
  String name();

  /** The boolean SQL expression over column names, for example {@code "total_cents >= 0"}. */
  String value();

  /** The release whose expand step adds the constraint to an existing table; empty means "with the table". */
  String since() default "";
}
