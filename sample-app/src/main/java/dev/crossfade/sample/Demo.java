package dev.crossfade.sample;

import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.cli.MigratorCommand;
import dev.crossfade.sample.demo.Reset;
import dev.crossfade.sample.demo.Rollout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The sample product's main program.
 *
 * <ul>
 *   <li>No verb: the rolling-upgrade demo ({@link Rollout}) on three embedded H2 shards, or on the shards given
 *       with {@code --shard NAME=JDBC_URL}. Exit code 0 when the oracle found every write where it belongs, 1
 *       when a write was lost or read back wrong (the rows are named), 2 on a usage error.</li>
 *   <li>{@code status|expand|migrate|contract|rollback …}: the migrator's command line, with this app's
 *       generated plan (DESIGN section 9).</li>
 *   <li>{@code plan [--dialect D] [--release R]}: the review plan the processor generated.</li>
 * </ul>
 */
public final class Demo {
  static final Set<String> MIGRATOR_VERBS = Set.of("status", "expand", "migrate", "contract", "rollback");
  static final String USAGE = String.join("\n",
      "usage: demo [--shard NAME=JDBC_URL]... [--servers N] [--hosts N] [--step-ms N] [--reset]",
      "            [--migrator-processes [--kill-migrator-once]] [--no-live]",
      "       demo status|expand|migrate|contract|rollback --shard NAME=JDBC_URL ... (the migrator; --help)",
      "       demo plan [--dialect postgres|mariadb|mysql|h2] [--release R]");

  private Demo() {}

  public static void main(String[] args) {
    if (args.length > 0 && MIGRATOR_VERBS.contains(args[0])) {
      MigratorCommand.main(args);
      return;
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the demo or prints the plan; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("plan")) {
      return plan(Arrays.copyOfRange(args, 1, args.length), out, err);
    }
    List<Shard> shards = new ArrayList<>();
    int servers = 4;
    int hosts = 150;
    long stepMs = 1500;
    boolean reset = false;
    boolean processes = false;
    boolean kill = false;
    boolean live = System.console() != null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--shard" -> shards.add(Shard.parse(value(args, ++i, "--shard")));
          case "--servers" -> servers = number(args, ++i, "--servers", 2, 64);
          case "--hosts" -> hosts = number(args, ++i, "--hosts", 1, 1_000_000);
          case "--step-ms" -> stepMs = number(args, ++i, "--step-ms", 0, 600_000);
          case "--reset" -> reset = true;
          case "--migrator-processes" -> processes = true;
          case "--kill-migrator-once" -> kill = true;
          case "--no-live" -> live = false;
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (kill && !processes) {
        throw new IllegalArgumentException("--kill-migrator-once needs --migrator-processes");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (shards.isEmpty()) {
      for (int i = 1; i <= 3; i++) {
        shards.add(Shard.of("eu-" + i, "jdbc:h2:mem:crossfade-demo-eu-" + i + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE"));
      }
    }
    if (reset) {
      shards.forEach(s -> Reset.dropDemoTables(s, out));
    }
    Rollout.Options options = Rollout.Options.defaults(shards).withSizes(servers, hosts, Duration.ofMillis(stepMs))
        .withLive(live);
    if (processes) {
      options = options.withMigratorProcesses(System.getProperty("java.class.path"), kill);
    }
    try {
      Rollout.Result result = new Rollout(options, out).run();
      return result.ok() ? 0 : 1;
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String[] args, int i, String option, int min, int max) {
    String v = value(args, i, option);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, not " + v);
    }
  }

  private static int plan(String[] args, PrintStream out, PrintStream err) {
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
        default -> {
          err.println("error: unknown option " + args[i] + "; use --dialect or --release");
          return 2;
        }
      }
    }
    out.print(load("META-INF/crossfade/" + dialect + "/" + release + "/plan.md"));
    return 0;
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
