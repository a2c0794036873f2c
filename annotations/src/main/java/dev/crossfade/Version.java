package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the version field of an entity for optimistic locking, as Spring Data's {@code @Version} does. One per
 * entity, of type {@code long}, {@code int}, {@code Long} or {@code Integer}; not the {@code @Id}.
 *
 * <pre>{@code
 * @Table("host")
 * public record Host(@Id long id, String hostname, @Version long version) {}
 * }</pre>
 *
 * <ul>
 *   <li>An entity whose version is {@code null} (boxed) or {@code 0} (primitive) is new: {@code save} inserts it
 *       with version 1, and fails if a row with its key exists already.
 *   <li>Otherwise {@code save} first runs {@code UPDATE … SET version = version + 1 WHERE key = ? AND version = ?}
 *       on the entity's table; if no row matches, it throws
 *       {@code dev.crossfade.runtime.repository.OptimisticLockException} and writes nothing. Else it writes the
 *       entity's other places (both layouts during a release window) in the same transaction and returns the
 *       entity with the new version.
 *   <li>{@code delete(entity)} checks the version the same way; {@code deleteById} does not.
 * </ul>
 *
 * <p>The version column must exist for as long as its table and not move: put {@code @Version} on a field of a
 * new entity (in the release that adds its table), not on a field added later, moved or deprecated, since older
 * releases that still write the row during a window would not bump it. {@code jakarta.persistence.Version} is
 * read as well.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface Version {}
