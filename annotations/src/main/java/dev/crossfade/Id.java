package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the primary-key field (or record component) of an entity. Several {@code @Id} fields make a composite
 * key, in declaration order; the repository's key type is then a record the entity declares (usually nested)
 * whose components have the {@code @Id} fields' names and types in that order.
 *
 * <pre>{@code
 * @Table("host")
 * public record Host(@Id long id, String hostname) {}
 *
 * @Table("customer_phone") @Since("2.0")
 * public record CustomerPhone(@Id @References(Customer.class) long customerId, @Id int position, String number) {
 *   public record Key(long customerId, int position) {}
 * }
 * }</pre>
 *
 * <p>{@code jakarta.persistence.Id} is read as well.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Id {}
