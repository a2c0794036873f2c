package dev.crossfade.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * A small domain for the error catalogue: Java sources by qualified name and the javac options, compiled in
 * memory with {@link CrossfadeProcessor}. Immutable, so a test can derive the fixed domain from the broken
 * one with {@link #replace} and the two differ by exactly the edit the message suggests.
 *
 * <pre>{@code
 * ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
 *     .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
 *     .type("inventory.Host", """
 *         @Table("host")
 *         public record Host(@Id long id, @Since("2.0") int cpuCount) {}
 *         """);
 * ErrorCatalogueDomain fixed = broken.replace("inventory.Host", "int cpuCount", "Integer cpuCount");
 * }</pre>
 */
public final class ErrorCatalogueDomain {
  private final Map<String, String> sources;
  private final List<String> options;

  private ErrorCatalogueDomain(Map<String, String> sources, List<String> options) {
    this.sources = sources;
    this.options = options;
  }

  public static ErrorCatalogueDomain empty() {
    return new ErrorCatalogueDomain(new LinkedHashMap<>(), List.of());
  }

  /** Adds {@code package-info.java} of {@code pkg} carrying {@code annotation}, e.g. {@code @Release("2.0")}. */
  public ErrorCatalogueDomain packageInfo(String pkg, String annotation) {
    return source(pkg + ".package-info", annotation + "\npackage " + pkg + ";\n\nimport dev.crossfade.Release;\n");
  }

  /**
   * Adds a type. {@code body} is everything after the package clause and {@code import dev.crossfade.*;}:
   * further imports, then the declaration.
   */
  public ErrorCatalogueDomain type(String qualifiedName, String body) {
    String pkg = qualifiedName.substring(0, qualifiedName.lastIndexOf('.'));
    return source(qualifiedName, "package " + pkg + ";\n\nimport dev.crossfade.*;\n" + body);
  }

  private ErrorCatalogueDomain source(String qualifiedName, String text) {
    Map<String, String> copy = new LinkedHashMap<>(sources);
    if (copy.put(qualifiedName, text) != null) {
      throw new IllegalArgumentException("the domain already has " + qualifiedName);
    }
    return new ErrorCatalogueDomain(copy, options);
  }

  /**
   * The same domain with {@code target} replaced in one source. The target must occur exactly once, so a
   * fix can never silently miss.
   */
  public ErrorCatalogueDomain replace(String qualifiedName, String target, String replacement) {
    String text = text(qualifiedName);
    int at = text.indexOf(target);
    if (at < 0 || text.indexOf(target, at + 1) >= 0) {
      throw new IllegalArgumentException("\"" + target + "\" must occur exactly once in " + qualifiedName
          + ":\n" + text);
    }
    Map<String, String> copy = new LinkedHashMap<>(sources);
    copy.put(qualifiedName, text.substring(0, at) + replacement + text.substring(at + target.length()));
    return new ErrorCatalogueDomain(copy, options);
  }

  public ErrorCatalogueDomain without(String qualifiedName) {
    text(qualifiedName);
    Map<String, String> copy = new LinkedHashMap<>(sources);
    copy.remove(qualifiedName);
    return new ErrorCatalogueDomain(copy, options);
  }

  /** The same sources compiled with these javac options instead. */
  public ErrorCatalogueDomain options(String... javacOptions) {
    return new ErrorCatalogueDomain(sources, List.of(javacOptions));
  }

  /** The source file, as {@code inFile(…)} needs it; equal (by URI and content) to the one compiled. */
  public JavaFileObject file(String qualifiedName) {
    return JavaFileObjects.forSourceString(qualifiedName, text(qualifiedName));
  }

  /** Compiles with the Crossfade processor first, then {@code others}. */
  public Compilation compile(Processor... others) {
    return compileWith(new CrossfadeProcessor(), others);
  }

  /** Compiles with the given Crossfade processor (for its test-only hook) and any others. */
  Compilation compileWith(CrossfadeProcessor crossfade, Processor... others) {
    List<Processor> processors = new ArrayList<>();
    processors.add(crossfade);
    processors.addAll(Arrays.asList(others));
    List<JavaFileObject> files = sources.keySet().stream().map(this::file).toList();
    return javac().withProcessors(processors).withOptions(options).compile(files);
  }

  /** Every source and the options, for a failure message that lets a reader reproduce the compile. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("options: ").append(options).append('\n');
    sources.forEach((name, text) -> b.append("--- ").append(name).append('\n').append(text));
    return b.toString();
  }

  private String text(String qualifiedName) {
    String text = sources.get(qualifiedName);
    if (text == null) {
      throw new IllegalArgumentException("no source " + qualifiedName + " in " + sources.keySet());
    }
    return text;
  }
}
