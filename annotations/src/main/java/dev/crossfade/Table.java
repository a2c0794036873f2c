package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as a persistent entity stored in one table.
 *
 * <pre>{@code
 * @Table("host")
 * public record Host(@Id long id, String hostname) {}
 * }</pre>
 *
 * <p>{@code jakarta.persistence.Table} is read as well, so existing JPA entities only need the version
 * annotations. The name must be a plain SQL identifier ({@code [A-Za-z_][A-Za-z0-9_]*}); it is quoted per
 * dialect in the generated SQL.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Table {
  /** The table name. */
  String value();
}
