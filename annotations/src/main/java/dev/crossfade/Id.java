package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the primary-key field (or record component) of an entity. One per entity.
 *
 * <pre>{@code
 * @Table("host")
 * public record Host(@Id long id, String hostname) {}
 * }</pre>
 *
 * <p>{@code jakarta.persistence.Id} is read as well.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Id {}
