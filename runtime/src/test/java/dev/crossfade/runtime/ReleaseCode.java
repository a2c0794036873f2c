package dev.crossfade.runtime;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Version;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One release of a test domain kept under {@code src/test/resources/domains/<domain>/r<release>}, compiled in
 * memory with the processor into its own class loader: what one release's application jar would be. Entities
 * are built from and viewed as maps of their record components, so tests speak of fields, not of one
 * release's classes.
 */
final class ReleaseCode {
  final Version release;
  final ClassLoader loader;
  final String pkg;
  private final CompiledDomain compiled;

  ReleaseCode(String domain, String pkg, String release, String... processorOptions) {
    this.release = Version.parse(release);
    this.pkg = pkg;
    this.compiled = CompiledDomain.compile(folder(domain).resolve("r" + release), processorOptions);
    this.loader = compiled.classLoader();
  }

  /** A generated resource of this release's jar, by its path ({@code META-INF/crossfade/…}). */
  String resource(String path) {
    return compiled.resources().get(path);
  }

  static Path folder(String domain) {
    return Path.of("src", "test", "resources", "domains", domain);
  }

  /**
   * The releases compiled in order against one snapshots folder, as a project's history builds them: each
   * release's compile is checked against the snapshots of every release before it (and fails on an unsafe
   * change), then adds its own. The domain's {@code sql/<release>} folders, if any, are the escape hatch's
   * fragments, placed next to the snapshots as {@code -Acrossfade.snapshots} expects them.
   */
  static List<ReleaseCode> history(String domain, String pkg, Path snapshots, String... releases) {
    List<ReleaseCode> out = new ArrayList<>();
    for (String r : releases) {
      // A release's fragments join the folder with its compile, as they would join the sources with its branch.
      Path sql = folder(domain).resolve("sql").resolve(r);
      if (Files.isDirectory(sql)) {
        try (Stream<Path> files = Files.walk(sql)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Path to = snapshots.resolve("sql").resolve(r).resolve(sql.relativize(f).toString());
            Files.createDirectories(to.getParent());
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.add(new ReleaseCode(domain, pkg, r, "-Acrossfade.snapshots=" + snapshots.toAbsolutePath()));
    }
    return out;
  }

  /** The plan this release's jar carries, for a migrator run from it. */
  GeneratedPlan plan() {
    return GeneratedPlan.load(loader);
  }

  Class<?> type(String simpleName) {
    try {
      return loader.loadClass(pkg + "." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** A server of this release on the shard, beating every 200 ms so gates see it quickly. */
  Crossfade start(String serverId, Shard... shards) {
    return Crossfade.builder().shards(shards).serverId(serverId).classLoader(loader)
        .lease(Duration.ofSeconds(60)).heartbeat(Duration.ofMillis(200)).start();
  }

  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> repository(Crossfade server, String repositoryInterface, String shard) {
    return (CrossfadeRepository<Object, Object>) server.repository(type(repositoryInterface), shard);
  }

  /** An entity of this release from field values by name; fields not given are null (or zero). */
  Object build(String entity, Map<String, Object> values) {
    Class<?> type = type(entity);
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      Object v = values.get(components[i].getName());
      if (v == null && types[i].isPrimitive()) {
        v = types[i] == int.class ? (Object) 0 : types[i] == long.class ? (Object) 0L : types[i] == boolean.class
            ? (Object) false : (Object) 0.0;
      }
      args[i] = v;
    }
    try {
      Constructor<?> c = type.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The entity's fields by name. */
  static Map<String, Object> view(Object entity) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : entity.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), c.getAccessor().invoke(entity));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** Calls a method of a repository interface of this release by name. */
  Object call(String repositoryInterface, Object repo, String method, Object... args) {
    for (Method m : type(repositoryInterface).getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(repo, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + method + " on " + repositoryInterface);
  }

  @Override
  public String toString() {
    return "release " + release;
  }
}
