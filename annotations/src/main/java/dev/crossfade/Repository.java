package dev.crossfade;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A repository interface the processor implements, in the Spring Data / Micronaut Data style. It extends
 * {@code dev.crossfade.runtime.repository.CrossfadeRepository<Entity, Id>} and may declare derived finders,
 * which are checked at compile time against the entity's fields:
 *
 * <pre>{@code
 * @Repository
 * public interface HostRepository extends CrossfadeRepository<Host, Long> {
 *   List<Host> findByStatus(HostStatus status);
 *   long countByStatus(HostStatus status);
 *   boolean existsByHostname(String hostname);
 *   List<Host> findByStatusOrderByHostnameDesc(HostStatus status);
 * }
 * }</pre>
 *
 * <p>The implementation is {@code HostRepository_Impl}, generated in the interface's package; get it from
 * {@code crossfade.repository(HostRepository.class, "eu-1")}. Every entity also gets a repository without
 * finders, {@code Host_Repository}, whether or not an interface is declared.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Repository {}
