package dev.crossfade.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.crossfade.schema.SchemaJson;
import dev.crossfade.schema.SchemaModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/**
 * A domain compiled in memory with the processor: its generated resources by path, and a class loader
 * for its classes (converters). The sample app's sources are the fixture: release 2.0 in
 * {@code sample-app/src/main/java}, release 1.0 in {@code sample-app/src/release-1.0/java}.
 */
public final class CompiledDomain {
  public static final Path SAMPLE = Path.of("..", "sample-app", "src");
  public static final Path RELEASE_1_0 = SAMPLE.resolve("release-1.0/java/dev/crossfade/sample/domain");
  public static final Path RELEASE_2_0 = SAMPLE.resolve("main/java/dev/crossfade/sample/domain");

  private static final Map<Path, CompiledDomain> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

  private final Compilation compilation;

  private CompiledDomain(Compilation compilation) {
    this.compilation = compilation;
  }

  /**
   * The domain in {@code folder} compiled without options, once per JVM: the tests that only read the sample's
   * plan share one compilation instead of paying for their own.
   */
  public static CompiledDomain shared(Path folder) {
    return SHARED.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> compile(folder));
  }

  public static CompiledDomain compile(Path folder, String... options) {
    return compile(sources(folder), options);
  }

  public static CompiledDomain compile(List<JavaFileObject> sources, String... options) {
    Compilation c = javac().withProcessors(new CrossfadeProcessor()).withOptions((Object[]) options).compile(sources);
    assertThat(c).succeededWithoutWarnings();
    return new CompiledDomain(c);
  }

  /** A compilation that succeeded (warnings allowed: random domains may scan or use reserved words on purpose). */
  public static CompiledDomain of(Compilation compilation) {
    assertThat(compilation).succeeded();
    return new CompiledDomain(compilation);
  }

  public static List<JavaFileObject> sources(Path folder) {
    List<JavaFileObject> files = new ArrayList<>();
    try (Stream<Path> paths = Files.list(folder)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        files.add(JavaFileObjects.forResource(p.toUri().toURL()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Every generated resource (not class files), path relative to the class output, sorted. */
  public Map<String, String> resources() {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      String uri = f.toUri().getPath();
      int at = uri.indexOf("/CLASS_OUTPUT/");
      if (at < 0 || uri.endsWith(".class")) {
        continue;
      }
      try {
        out.put(uri.substring(at + "/CLASS_OUTPUT/".length()), f.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Every generated Java source (the repositories), by path under the source output, sorted. */
  public Map<String, String> sources() {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      String uri = f.toUri().getPath();
      int at = uri.indexOf("/SOURCE_OUTPUT/");
      try {
        out.put(at < 0 ? uri : uri.substring(at + "/SOURCE_OUTPUT/".length()), f.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  public String resource(String path) {
    String text = resources().get(path);
    if (text == null) {
      throw new AssertionError("not generated: " + path + "; generated: " + resources().keySet());
    }
    return text;
  }

  public SchemaModel model() {
    return SchemaJson.read(resource("META-INF/crossfade/schema.json"));
  }

  /**
   * Loads the compiled classes and generated resources of the domain, parent-first for everything else
   * (so Converter is shared): what the application's jar would be.
   */
  public ClassLoader classLoader() {
    Map<String, String> resources = resources();
    Map<String, byte[]> classes = new TreeMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      String uri = f.toUri().getPath();
      int at = uri.indexOf("/CLASS_OUTPUT/");
      if (at >= 0 && uri.endsWith(".class")) {
        String name = uri.substring(at + "/CLASS_OUTPUT/".length(), uri.length() - ".class".length()).replace('/', '.');
        try (var in = f.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(CompiledDomain.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }

      @Override
      public java.io.InputStream getResourceAsStream(String name) {
        String text = resources.get(name);
        return text != null ? new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))
            : super.getResourceAsStream(name);
      }

      // ServiceLoader finds the generated registry through getResources, so the resources have URLs too.
      @Override
      protected java.net.URL findResource(String name) {
        String text = resources.get(name);
        return text == null ? null : memoryUrl(name, text);
      }

      @Override
      protected java.util.Enumeration<java.net.URL> findResources(String name) {
        java.net.URL url = findResource(name);
        return java.util.Collections.enumeration(url == null ? List.<java.net.URL>of() : List.of(url));
      }
    };
  }

  /** A URL whose stream is {@code text}: what a jar entry would be, for an in-memory domain. */
  private static java.net.URL memoryUrl(String name, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      return new java.net.URL("crossfade-memory", "", -1, "/" + name, new java.net.URLStreamHandler() {
        @Override
        protected java.net.URLConnection openConnection(java.net.URL u) {
          return new java.net.URLConnection(u) {
            @Override
            public void connect() {}

            @Override
            public java.io.InputStream getInputStream() {
              return new java.io.ByteArrayInputStream(bytes);
            }
          };
        }
      });
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.net.URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
