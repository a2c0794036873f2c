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
}
