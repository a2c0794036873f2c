package dev.crossfade.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The demo, for now: prints what the Crossfade processor generated for this app's domain when it was
 * compiled (the review plan of the newest release, for the chosen dialect). The full rolling-upgrade demo
 * on embedded shards replaces it (see the README).
 *
 * <p>Arguments: {@code [--dialect postgres|mariadb|mysql|h2] [--release R]}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    Properties index = new Properties();
    try {
      index.load(new java.io.StringReader(load("META-INF/crossfade/index.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String dialect = "h2";
    String release = index.getProperty("release");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dialect" -> dialect = args[i + 1];
        case "--release" -> release = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --dialect or --release");
      }
    }
    out.println("Crossfade generated, for releases " + index.getProperty("releases") + " and dialects "
        + index.getProperty("dialects") + ":");
    out.println();
    out.print(load("META-INF/crossfade/" + dialect + "/" + release + "/plan.md"));
  }

  private static String load(String resource) {
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path; build the app with the Crossfade processor");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
