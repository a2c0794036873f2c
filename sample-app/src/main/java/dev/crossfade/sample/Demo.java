package dev.crossfade.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.cli.MigratorCommand;
import dev.crossfade.sample.demo.Reset;
import dev.crossfade.sample.demo.Rollout;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sample product's main program.
 *
 * <ul>
 *   <li>No verb: the rolling-upgrade demo ({@link Rollout}) on three embedded H2 shards, or on the shards given
 *       with {@code --shard NAME=JDBC_URL}. Exit code 0 when the oracle found every write where it belongs, 1
 *       when a write was lost or read back wrong (the rows are named), 2 on a usage error.</li>
 *   <li>{@code status|expand|migrate|contract|rollback|plan …}: the migrator's command line, with this app's
 *       generated plan (DESIGN section 9); {@code plan [--dialect D] [--release R]} prints the review plan.</li>
 * </ul>
 *
 * <p>Each shard of the demo is a HikariCP pool, as an application's would be: a connection per operation costs a
 * PostgreSQL session start, which held the demo to a few operations per second.
 */
public final class Demo {
  static final Set<String> MIGRATOR_VERBS = Set.of("status", "expand", "migrate", "contract", "rollback", "plan",
      "--plan");
  static final String USAGE = String.join("\n",
      "usage: demo [--shard NAME=JDBC_URL]... [--servers N] [--hosts N] [--step-ms N] [--reset]",
      "            [--migrator-processes [--kill-migrator-once]] [--no-live]",
      "       demo status|expand|migrate|contract|rollback --shard NAME=JDBC_URL ... (the migrator; --help)",
      "       demo plan [--dialect postgres|mariadb|mysql|h2] [--release R] (the migrator's plan verb)");

  private Demo() {}

  public static void main(String[] args) {
    if (args.length > 0 && MIGRATOR_VERBS.contains(args[0])) {
      MigratorCommand.main(args);
      return;
    }
    // HikariCP announces every pool it starts and stops at INFO; the demo's own lines are what matters here.
    System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the demo; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String[]> shardArgs = new ArrayList<>();
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
          case "--shard" -> {
            String v = value(args, ++i, "--shard");
            Shard.parse(v); // the name and URL are checked before any pool connects
            int eq = v.indexOf('=');
            shardArgs.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
          }
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
    if (shardArgs.isEmpty()) {
      for (int i = 1; i <= 3; i++) {
        shardArgs.add(new String[] {"eu-" + i,
            "jdbc:h2:mem:crossfade-demo-eu-" + i + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE"});
      }
    }
    List<HikariDataSource> pools = new ArrayList<>();
    try {
      List<Shard> shards = new ArrayList<>();
      for (String[] nameAndUrl : shardArgs) {
        HikariDataSource pool;
        try {
          pool = pool(nameAndUrl[0], nameAndUrl[1], servers);
        } catch (RuntimeException e) { // HikariCP's PoolInitializationException: the database cannot be reached
          err.println("error: shard " + nameAndUrl[0] + ": could not connect: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
          return 1;
        }
        pools.add(pool);
        shards.add(Shard.of(nameAndUrl[0], pool));
      }
      return run(shards, servers, hosts, stepMs, reset, processes, kill, live, out, err);
    } catch (RuntimeException e) {
      if (e instanceof dev.crossfade.runtime.ShardUnavailableException) {
        err.println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    } finally {
      pools.forEach(HikariDataSource::close);
    }
  }

  /**
   * One shard's pool: each server has a traffic thread and a heartbeat per shard, and the migrator, its lock and
   * the oracle need a few more; an idle pool keeps two.
   */
  public static HikariDataSource pool(String shard, String url, int servers) {
    HikariConfig config = new HikariConfig();
    // Through JdbcUrlDataSource, so a password in the URL stays out of the pool's errors and logs.
    config.setDataSource(new dev.crossfade.runtime.JdbcUrlDataSource(url));
    config.setPoolName("demo-" + shard);
    config.setMaximumPoolSize(2 * servers + 6);
    config.setMinimumIdle(2);
    return new HikariDataSource(config);
  }

  private static int run(List<Shard> shards, int servers, int hosts, long stepMs, boolean reset, boolean processes,
      boolean kill, boolean live, PrintStream out, PrintStream err) {
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
}
