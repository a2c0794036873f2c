package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An index over one or more columns of this entity's table, repeatable on the type.
 *
 * <pre>{@code
 * @Table("customer_order") @Since("2.0")
 * @Index(columns = {"customer_id", "created_at"})
 * @Index(columns = {"customer_id", "external_ref"}, unique = true, since = "3.0")
 * @Index(columns = "status", deprecatedIn = "3.0")
 * public record CustomerOrder(...) {}
 * }</pre>
 *
 * <p>Created online (PostgreSQL {@code CREATE INDEX CONCURRENTLY}, MariaDB/MySQL {@code ALGORITHM=INPLACE,
 * LOCK=NONE}) by the expand step of {@link #since()} (or with the table), dropped online by the contract step of
 * {@link #deprecatedIn()}. Removing an index from the code without {@code deprecatedIn} is a compile error
 * once a release recorded it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Indexes.class)
public @interface Index {
  /** The index name; empty means {@code <table>_<col1>_<col2>_idx} ({@code _key} when unique). */
  String name() default "";

  /** The column names (not Java field names), in index order. */
  String[] columns();

  /** Whether the combination of the columns is unique. */
  boolean unique() default false;

  /** The release whose expand step creates the index on an existing table; empty means "with the table". */
  String since() default "";

  /** The release whose contract step drops the index; empty means the index stays. */
  String deprecatedIn() default "";
}
