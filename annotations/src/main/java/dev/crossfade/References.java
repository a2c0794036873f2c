package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A foreign key from this field's column to the key of another entity.
 *
 * <pre>{@code
 * @Table("customer_order") @Since("2.0")
 * public record CustomerOrder(@Id long id, @References(Customer.class) long customerId, long totalCents) {}
 *
 * // an FK added in 3.0 to a column that shipped in 2.0
 * @References(value = Customer.class, onDelete = References.Action.CASCADE, since = "3.0")
 * long customerId;
 * }</pre>
 *
 * <p>The constraint is created with its column or table, or, with {@link #since()}, by the expand step of that
 * release on an existing column. It is added without blocking writes: on PostgreSQL {@code NOT VALID} in expand
 * and {@code VALIDATE CONSTRAINT} in the migrate step; on MariaDB/MySQL the existing rows are checked by a query
 * first and the key is then added in place. Rows that violate it make the migrator refuse, naming an example.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface References {
  /** The referenced entity; the constraint points at its (single-column) key. */
  Class<?> value();

  /** What the database does to this row when the referenced row is deleted. */
  Action onDelete() default Action.NO_ACTION;

  /**
   * The release whose expand step adds the constraint to an existing column; empty means "with the column".
   * Required when the annotation is added to a column that already shipped.
   */
  String since() default "";

  /** The referential action on delete of the referenced row. */
  enum Action {
    /** Refuse the delete while rows refer to it (checked at the end of the statement). */
    NO_ACTION,
    /** Delete the referring rows too. */
    CASCADE,
    /** Set the referring column to NULL (the column must be nullable). */
    SET_NULL,
    /** Refuse the delete while rows refer to it (checked immediately). */
    RESTRICT
  }
}
