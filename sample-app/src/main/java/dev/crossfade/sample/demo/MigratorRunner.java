package dev.crossfade.sample.demo;

import dev.crossfade.runtime.MigrationRefusedException;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardStatus;
import dev.crossfade.schema.Version;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How the rollout runs the migrator: in this JVM through the API (the demo on embedded shards), or as
 * separate processes of the migrator's command line, as an operator would, one of which can be killed with
 * SIGKILL in the middle of its backfill and run again (the soak test).
 */
abstract class MigratorRunner {
  /** {@code -Dcrossfade.demo.verbose=true}: show every line the migrator processes print. */
  static final boolean VERBOSE = Boolean.getBoolean("crossfade.demo.verbose");

  /** A step the migrator refused: the one-line reason it gave. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  final Migrator migrator;

  MigratorRunner(Migrator migrator) {
    this.migrator = migrator;
  }

  ShardStatus status(Shard shard) {
    return migrator.status(shard);
  }

  abstract ShardStatus run(String verb, Shard shard, Version release);

  /** The migrator's API in this JVM. */
  static final class InProcess extends MigratorRunner {
    InProcess(Migrator migrator) {
      super(migrator);
    }

    @Override
    ShardStatus run(String verb, Shard shard, Version release) {
      try {
        return switch (verb) {
          case "expand" -> migrator.expand(shard, release);
          case "migrate" -> migrator.migrate(shard, release);
          case "contract" -> migrator.contract(shard, release);
          default -> throw new IllegalArgumentException(verb);
        };
      } catch (MigrationRefusedException e) {
        throw new Refused(e.getMessage());
      }
    }
  }

  /**
   * {@code java -cp … dev.crossfade.runtime.cli.MigratorCommand migrate --shard NAME=URL --release R}, the
   * command line operators run, for every backfill (expand and contract run through the API). With {@code killOnce}, the first {@code migrate} is killed (SIGKILL) as soon
   * as its backfill has committed a batch, and then run again until it finishes.
   */
  static final class Processes extends MigratorRunner {
    private final String classPath;
    private final List<String> migrateOptions;
    private final AtomicBoolean killOnce;
    private final Consumer<String> say;
    private final InProcess inProcess;

    Processes(Migrator migrator, String classPath, List<String> migrateOptions, boolean killOnce,
        Consumer<String> say) {
      super(migrator);
      this.inProcess = new InProcess(migrator);
      this.classPath = classPath;
      this.migrateOptions = List.copyOf(migrateOptions);
      this.killOnce = new AtomicBoolean(killOnce);
      this.say = say;
    }

    @Override
    ShardStatus run(String verb, Shard shard, Version release) {
      if (!verb.equals("migrate")) {
        // DDL steps are short; a JVM per step would only slow the rollout down. The backfill is what an
        // operator's process can die in the middle of, so that is what runs as a process.
        return inProcess.run(verb, shard, release);
      }
      if (killOnce.compareAndSet(true, false)) {
        Result first = exec("migrate", shard, release, true);
        if (first.killedAt >= 0) {
          say.accept("killed the migrator process (SIGKILL) on " + shard.name() + " after " + first.killedAt
              + " backfilled rows; running `migrate` again resumes at its checkpoint");
        } else if (first.exit == 3) {
          killOnce.set(true); // refused before any backfill: kill the next one instead
          throw new Refused(first.lastLine.replaceFirst("^refused: ", ""));
        } else {
          say.accept("the migrator on " + shard.name() + " finished before it could be killed (exit " + first.exit
              + ")");
        }
      }
      for (int attempt = 1; ; attempt++) {
        Result r = exec(verb, shard, release, false);
        if (r.exit == 0) {
          return status(shard);
        }
        // The killed migrator's lock goes with its connection; the database may notice a moment later.
        if (r.exit == 3 && r.lastLine.contains("another migrator") && attempt < 60) {
          sleep(500);
          continue;
        }
        if (r.exit == 3) {
          throw new Refused(r.lastLine.replaceFirst("^refused: ", ""));
        }
        throw new IllegalStateException("the migrator's `" + verb + "` on " + shard.name() + " exited with "
            + r.exit + ": " + r.lastLine);
      }
    }

    private record Result(int exit, String lastLine, long killedAt) {}

    private Result exec(String verb, Shard shard, Version release, boolean kill) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-cp");
      cmd.add(classPath);
      cmd.add("dev.crossfade.runtime.cli.MigratorCommand");
      cmd.add(verb);
      cmd.add("--shard");
      cmd.add(shard.name() + "=" + url(shard));
      cmd.add("--release");
      cmd.add(release.toString());
      if (verb.equals("migrate")) {
        cmd.addAll(kill ? pacedForTheKill(migrateOptions) : migrateOptions);
      }
      try {
        File log = File.createTempFile("crossfade-migrator-", ".log");
        log.deleteOnExit();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long killedAt = -1;
        if (kill) {
          while (p.isAlive()) {
            Long rows = status(shard).backfillRows().get(release);
            if (rows != null && rows > 0) {
              p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the process itself
              killedAt = rows;
              break;
            }
            sleep(20);
          }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException("the migrator's `" + verb + "` on " + shard.name() + " ran for 10 minutes");
        }
        List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
        Files.deleteIfExists(log.toPath());
        for (String line : lines) {
          if (VERBOSE || line.matches("(?i).*(WARN|ERROR|refused|retr|resum|lock|took|done).*")) {
            say.accept("  migrator process: " + line.replaceAll("jdbc:[^ ]*", "<url>"));
          }
        }
        String last = lines.stream().filter(l -> l.startsWith("refused:") || l.startsWith("error:"))
            .reduce((a, b) -> b).orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        return new Result(p.exitValue(), last, killedAt);
      } catch (IOException e) {
        throw new IllegalStateException("could not run the migrator: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * The options of the run that is killed: a pause of 100 ms after each batch, so that its first batch is seen
     * (polled every 20 ms) and the process killed long before the backfill could end, however fast the
     * database or slow this machine.
     */
    private static List<String> pacedForTheKill(List<String> options) {
      List<String> out = new ArrayList<>(options);
      int at = out.indexOf("--pause-ms");
      if (at >= 0 && at + 1 < out.size()) {
        out.set(at + 1, "100");
      } else {
        out.addAll(List.of("--pause-ms", "100"));
      }
      return out;
    }

    private static String url(Shard shard) {
      javax.sql.DataSource source = shard.dataSource();
      if (source instanceof com.zaxxer.hikari.HikariDataSource pool) {
        source = pool.getDataSource(); // the demo's pools wrap a JdbcUrlDataSource (see Demo.pool)
      }
      if (source instanceof dev.crossfade.runtime.JdbcUrlDataSource ds) {
        return ds.url();
      }
      throw new IllegalArgumentException("shard " + shard.name() + " has no JDBC URL to give a migrator process");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
