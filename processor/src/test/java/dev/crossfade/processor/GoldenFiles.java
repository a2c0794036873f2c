package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Exact-text comparison of generated files with goldens on disk under
 * {@code src/test/resources/goldens/<case>/}. Goldens are updated on purpose, never by hand:
 * {@code mvn test -pl processor -Dcrossfade.updateGoldens=true}, then review the diff.
 */
public final class GoldenFiles {
  static final Path ROOT = Path.of("src", "test", "resources", "goldens");

  private GoldenFiles() {}

  public static void assertMatches(String caseName, Map<String, String> generated) {
    Path dir = ROOT.resolve(caseName);
    if (Boolean.getBoolean("crossfade.updateGoldens")) {
      write(dir, generated);
      return;
    }
    Map<String, String> golden = read(dir);
    List<String> problems = new ArrayList<>();
    for (String path : generated.keySet()) {
      if (!golden.containsKey(path)) {
        problems.add("new file, no golden: " + path);
      } else if (!golden.get(path).equals(generated.get(path))) {
        problems.add("differs: " + path + "\n" + firstDifference(golden.get(path), generated.get(path)));
      }
    }
    for (String path : golden.keySet()) {
      if (!generated.containsKey(path)) {
        problems.add("no longer generated: " + path);
      }
    }
    if (!problems.isEmpty()) {
      fail("Generated files differ from the goldens in " + dir + " (if the change is intended, rerun with"
          + " -Dcrossfade.updateGoldens=true and review the diff):\n" + String.join("\n", problems));
    }
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end>";
      String al = i < a.length ? a[i] : "<end>";
      if (!el.equals(al)) {
        return "  line " + (i + 1) + "\n  golden:    " + el + "\n  generated: " + al;
      }
    }
    return "  (line endings differ)";
  }

  private static Map<String, String> read(Path dir) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void write(Path dir, Map<String, String> files) {
    try {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> old = Files.walk(dir)) {
          for (Path p : old.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
            Files.delete(p);
          }
        }
      }
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
