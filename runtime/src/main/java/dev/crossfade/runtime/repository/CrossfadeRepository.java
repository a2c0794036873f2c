package dev.crossfade.runtime.repository;

import dev.crossfade.runtime.Shard;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A version-aware repository of one entity on one shard, in the Spring Data / Micronaut Data style. The
 * processor generates an implementation for every entity ({@code Host_Repository}) and for every interface
 * annotated {@link dev.crossfade.Repository @Repository} that extends this one ({@code HostRepository_Impl}),
 * where derived finders such as {@code List<Host> findByStatus(HostStatus status)} are implemented too.
 *
 * <p>Each call is one transaction on the shard, or runs in the caller's transaction on it
 * ({@code Crossfade.inTransaction}, or one joined through a {@link dev.crossfade.runtime.TransactionBinding}). The repository writes and reads whatever layout the
 * shard's phases call for (DESIGN section 4): new fields only where expanded, moved fields in both places
 * until contract, reads from the source of truth of the moment, in one joined statement.
 *
 * <pre>{@code
 * HostRepository hosts = crossfade.repository(HostRepository.class, "eu-1");
 * hosts.save(new Host(7, "web-7", ...));
 * Optional<Host> h = hosts.findById(7L);
 * }</pre>
 *
 * @param <E> the entity
 * @param <ID> the type of its {@code @Id}, boxed
 */
public interface CrossfadeRepository<E, ID> {
  /** Inserts the entity, or updates the row with its key; returns it. */
  E save(E entity);

  /** Saves every entity in one transaction, in order; returns them. */
  List<E> saveAll(Iterable<? extends E> entities);

  /**
   * The entity with this key on the repository's shard, or empty; read from where the shard's phases place each field.
   */
  Optional<E> findById(ID id);

  /** Whether an entity with this key is on the repository's shard. */
  boolean existsById(ID id);

  /**
   * The entities with these keys that exist, each once; keys with no row are skipped. In key order when at
   * most 1,000 distinct keys are given (one statement); more are read 1,000 at a time, each batch in key order.
   */
  List<E> findAllById(Iterable<? extends ID> ids);

  /** Every row, in key order. Prefer {@link #findAll(PageRequest)} or {@link #streamAll()} on large tables. */
  List<E> findAll();

  /** One page of rows in key order. */
  Page<E> findAll(PageRequest page);

  /**
   * Every row in the sort's order, then key order: {@code findAll(Sort.by(Host_Properties.HOSTNAME))}. Sorted
   * by SQL ({@code ORDER BY} on where each property is read on this shard's layout), or in Java where a release
   * window leaves a property SQL cannot compare exactly (see {@link Sort}).
   */
  List<E> findAll(Sort<E> sort);

  /**
   * One page of rows in the sort's order, without a total: one statement reads {@code size + 1} rows, so
   * {@link Slice#hasNext()} is exact.
   */
  Slice<E> findAll(PageRequest page, Sort<E> sort);

  /** Every row in key order, read as the stream is consumed; close the stream to release its connection. */
  Stream<E> streamAll();

  /** How many entities are on the repository's shard. */
  long count();

  /** Removes the row with this key from every layout present; nothing happens when there is none. */
  void deleteById(ID id);

  /** Removes the entity's row, by its key. */
  void delete(E entity);

  /** Removes the rows with these keys from every layout present, in one transaction; absent keys are skipped. */
  void deleteAllById(Iterable<? extends ID> ids);

  /** Removes these entities' rows, by their keys, in one transaction. */
  void deleteAll(Iterable<? extends E> entities);

  /**
   * Removes every row of the entity from every layout present, in one transaction (the keys are read in it,
   * then each row is deleted as {@link #deleteById} does, split-off rows included).
   */
  void deleteAll();

  /**
   * Whether this shard can store the field now: false for a {@code @Since} field (or an entity) whose
   * release is not yet expanded here. Use it to hide a feature until its shard is ready; writing a
   * non-default value to an unsupported field throws {@link FieldNotSupportedException}.
   *
   * @param field the Java field name, for example {@code "cpuCount"}
   */
  boolean supports(String field);

  /**
   * {@link #supports(String)} for a generated property constant, checked by the compiler:
   * {@code hosts.supports(Host_Properties.CPU_COUNT)}.
   */
  default boolean supports(Property<E, ?> property) {
    return supports(property.name());
  }

  /** The shard this repository works on. */
  Shard shard();
}
