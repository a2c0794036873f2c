package dev.crossfade.runtime.repository;

/**
 * A persistent field of an entity, as a typed constant the processor generates in {@code <Entity>_Properties}
 * next to the entity. It is checked by the compiler where a field name in a string is not: a repository of
 * {@code Host} accepts only {@code Property<Host, ?>}, and a renamed or deleted field breaks the build.
 *
 * <pre>{@code
 * if (hosts.supports(Host_Properties.CPU_COUNT)) {
 *   hosts.save(host.withCpuCount(8));
 * }
 * }</pre>
 *
 * @param <E> the entity
 * @param <T> the field's type, boxed
 * @param name the Java field name, as {@link CrossfadeRepository#supports(String)} takes it
 */
public record Property<E, T>(String name) {
  @Override
  public String toString() {
    return name;
  }
}
