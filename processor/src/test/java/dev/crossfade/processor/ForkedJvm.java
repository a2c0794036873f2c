package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's main class in a fresh JVM on the test class path, so that JVM-wide defaults (locale, time
 * zone) hold from the first class loaded — setting them in a running JVM misses whatever already read them.
 * The child writes a sorted map of outputs with {@link #write}; the parent reads it back with {@link #run}.
 */
public final class ForkedJvm {
  /** A locale that breaks {@code toUpperCase()} without a locale ('i' to 'İ'), and an unusual UTC+12:45 zone. */
  public static final List<String> TURKISH = List.of("-Duser.language=tr", "-Duser.country=TR",
      "-Duser.timezone=Pacific/Chatham");

  /** The key of the entry in which the child says which locale and time zone it ran in. */
  public static final String JVM_KEY = "(jvm)";

  private ForkedJvm() {}

  /**
   * Runs {@code main} with the JVM options and arguments and an output file as its last argument; fails with
   * the child's output unless it exits 0 within a generous ceiling. Returns what the child wrote.
   */
  public static Map<String, String> run(Class<?> main, List<String> jvmOptions, String... args) {
    try {
      Path dir = Files.createTempDirectory("crossfade-forked");
      Path out = dir.resolve("out.bin");
      Path log = dir.resolve("log.txt");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-cp");
      // Surefire runs tests from a manifest-only jar; the real class path is in this property.
      command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
      command.add(main.getName());
      command.addAll(List.of(args));
      command.add(out.toString());
      Process p = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean ended = p.waitFor(10, TimeUnit.MINUTES); // a ceiling against a hung child, not a speed check
      if (!ended) {
        p.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(ended && p.exitValue() == 0, main.getSimpleName() + " failed in the forked JVM " + jvmOptions
          + (ended ? " (exit " + p.exitValue() + ")" : " (did not end)") + ":\n" + output);
      Map<String, String> result = read(out);
      result.put("(output)", output);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** In the child: writes its outputs, plus the locale and time zone it ran in, to the path in {@code args}. */
  public static void write(String[] args, Map<String, String> outputs) throws IOException {
    Map<String, String> all = new TreeMap<>(outputs);
    all.put(JVM_KEY, jvm());
    try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(Path.of(args[args.length - 1])))) {
      o.writeObject(all);
    }
  }

  /** The JVM's default locale and time zone, as the child reports them. */
  public static String jvm() {
    return Locale.getDefault().toLanguageTag() + " " + TimeZone.getDefault().getID();
  }

  /** Asserts the child really ran in the Turkish locale and the Chatham time zone: a test that cannot fail is none. */
  public static void assertRanTurkish(Map<String, String> child) {
    assertEquals("tr-TR Pacific/Chatham", child.get(JVM_KEY), "the forked JVM's locale and time zone");
  }

  /**
   * Asserts two sets of outputs are byte-identical, naming each path that differs and its first differing
   * line, rather than one unreadable map comparison.
   */
  public static void assertSameOutputs(Map<String, String> expected, Map<String, String> actual, String what) {
    List<String> problems = new ArrayList<>();
    for (String path : new java.util.TreeSet<>(union(expected, actual))) {
      String e = expected.get(path);
      String a = actual.get(path);
      if (e == null || a == null) {
        problems.add(path + ": " + (e == null ? "only in the forked JVM's output" : "missing from the forked JVM's output"));
      } else if (!e.equals(a)) {
        String[] el = e.split("\n", -1);
        String[] al = a.split("\n", -1);
        int i = 0;
        while (i < Math.min(el.length, al.length) && el[i].equals(al[i])) {
          i++;
        }
        problems.add(path + " line " + (i + 1) + ":\n  default: " + (i < el.length ? el[i] : "<end>")
            + "\n  forked:  " + (i < al.length ? al[i] : "<end>"));
      }
    }
    assertTrue(problems.isEmpty(), what + " differ in " + problems.size() + " place(s):\n" + String.join("\n", problems));
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    java.util.Set<String> s = new java.util.TreeSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> read(Path out) throws IOException {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(out))) {
      return new TreeMap<>((Map<String, String>) in.readObject());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
