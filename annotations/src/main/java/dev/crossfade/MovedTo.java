package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says where the data of a {@link DeprecatedIn} field lives from that release on: another column of the
 * same entity (a rename), a column of another entity keyed 1:1 by this entity's key (a split), or a new
 * column of another type, converted by a {@link Converter}.
 *
 * <pre>{@code
 * // rename within the entity
 * @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "hostname")
 * String name;
 *
 * // split into host_network, whose key host_id is host.id
 * @DeprecatedIn("2.0") @MovedTo(entity = HostNetwork.class, field = "ipAddress")
 * String ip;
 *
 * // type change through a new column and a converter
 * @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MegabytesToBytes.class)
 * int memoryMb;
 * }</pre>
 *
 * <p>1:N extraction: columns of one row become rows of a child entity whose key is the parent's key plus one
 * more field (a position or a natural key). {@link #key()} names the value of that second key field for the row
 * this column becomes; a NULL column is no row.
 *
 * <pre>{@code
 * @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "1") String phone1;
 * @DeprecatedIn("2.0") @MovedTo(entity = CustomerPhone.class, field = "number", key = "2") String phone2;
 * // CustomerPhone(@Id @References(Customer.class) long customerId, @Id int position, String number)
 * }</pre>
 *
 * <p>During the release window the repository writes both places in one transaction and reads the old
 * place until the shard is {@code MIGRATED}; the backfill copies old to new in between.
 *
 * <p>On a {@link DeprecatedIn} entity type, it renames the table: every field moves to the same-named field of
 * {@link #entity()}, a new table of the same release keyed by the same key; a field-level {@code @MovedTo} on the
 * old class overrides one field's target (a rename of table and column at once).
 *
 * <pre>{@code
 * @Table("note") @DeprecatedIn("2.0") @MovedTo(entity = CustomerNote.class)
 * public record Note(@Id long id, long customerId, String body) {}
 * @Table("customer_note") @Since("2.0")
 * public record CustomerNote(@Id long id, long customerId, String body) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface MovedTo {
  /** The entity that now holds the data; the same entity for a rename or type change. */
  Class<?> entity();

  /**
   * The Java field (not column) name in {@link #entity()}; empty (the default) means the field of the same name,
   * and on a type, every field to its same-named field.
   */
  String field() default "";

  /** Converts between the old and the new type; required when the types differ. */
  Class<? extends Converter<?, ?>> converter() default Converter.None.class;

  /**
   * For a 1:N extraction, the value of the child entity's second {@link Id} field for the row this column
   * becomes, written as a Java literal like {@link Column#defaultValue()} ({@code "1"}, {@code "primary"}); empty
   * (the default) for a move that is not an extraction.
   */
  String key() default "";
}
