package dev.crossfade.runtime;

import dev.crossfade.Converter;
import dev.crossfade.schema.SchemaModel;

/**
 * What the processor generated for one compilation, as code: its schema model, its converters and its
 * repositories, all created with {@code new} in generated code. The processor writes one implementation per
 * compilation, {@code <package>.CrossfadeRegistry_<release>}, and lists it in
 * {@code META-INF/services/dev.crossfade.runtime.CrossfadeRegistry}; the runtime finds it with
 * {@link java.util.ServiceLoader} on the application's class loader ({@link #find}), so nothing is looked up
 * by class name at run time and an application jar is one typed contract.
 *
 * <pre>{@code
 * CrossfadeRegistry registry = CrossfadeRegistry.find(App.class.getClassLoader());
 * HostRepository hosts = registry.repository(HostRepository.class, crossfade, shard);
 * }</pre>
 *
 * <p>For generated code only: the processor implements it once per compilation and the runtime finds it
 * through {@link java.util.ServiceLoader}. Not meant to be implemented by hand; it changes with the generated
 * code.
 */
public interface CrossfadeRegistry {
  /** The schema model of the compilation, as {@code META-INF/crossfade/schema.json} holds it. */
  SchemaModel model();

  /**
   * A new instance of the converter named in the model ({@code MoveDef.converter()}, a qualified class name),
   * or null when the compilation has no such converter.
   */
  Converter<?, ?> converter(String className);

  /**
   * A new generated repository for an entity ({@code Host_Repository}) or an {@code @Repository} interface
   * ({@code HostRepository_Impl}) of the compilation, on one shard; null when {@code type} is not one of its
   * entities or repository interfaces.
   */
  <R> R repository(Class<R> type, Crossfade crossfade, Shard shard);

  /**
   * The registry of the compilation nearest to {@code loader}: of the registries {@link java.util.ServiceLoader}
   * finds there, the one defined by {@code loader} itself, else by its parent, and so on. A release's class loader
   * that delegates everything but its own classes to a newer release's application (the demo's
   * {@code ReleaseClassLoader}) thus gets its own release's registry. A provider that cannot be loaded from
   * {@code loader} (a class another release's loader owns) is skipped.
   *
   * @return the registry, or null when none is on the class path (a build without the runtime's repositories)
   * @throws IllegalStateException when two compilations' registries are defined by the same class loader
   */
  static CrossfadeRegistry find(ClassLoader loader) {
    return Registries.nearest(loader);
  }
}
