package dev.crossfade.bench;

import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark harness. Every figure is a ratio against a baseline measured in the same run, interleaved.
 *
 * <pre>
 * java -jar benchmarks/target/crossfade-benchmarks.jar repo      --db postgres --rows 10000,100000,1000000
 * java -jar benchmarks/target/crossfade-benchmarks.jar backfill  --db mariadb  --rows 1000000
 * java -jar benchmarks/target/crossfade-benchmarks.jar processor --entities 50,500 --releases 10
 * java -jar benchmarks/target/crossfade-benchmarks.jar fleet     --db both --shards 25,50,100 --parallel 1,4,8
 * java -jar benchmarks/target/crossfade-benchmarks.jar peers     --db both --rows 100000,1000000
 * </pre>
 *
 * Options: {@code --db postgres|mariadb|both}, {@code --rows}, {@code --entities}, {@code --releases},
 * {@code --batch-ms} (backfill: the migrator's {@code targetBatchTime}; default its default),
 * {@code --rounds} (measured rounds), {@code --warmup} (unmeasured rounds), {@code --ops} (operations per variant
 * per round), {@code --reps} (repetitions of whole runs: backfill, javac), {@code --out DIR} (markdown and PNGs;
 * default {@code benchmarks/results}).
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: repo|backfill|processor|fleet|peers [--db postgres|mariadb|both] [--rows N,N]"
          + " [--entities N,N] [--releases N] [--rounds N] [--warmup N] [--ops N] [--reps N] [--batch-ms N]"
          + " [--shards N,N] [--parallel N,N] [--hosts N] [--out DIR]");
      System.exit(2);
    }
    Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
    Report report = run(args[0], o);
    System.out.println(report.markdown());
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("options are --name value; got " + args[i]);
      }
      o.put(args[i].substring(2), args[++i]);
    }
    return o;
  }

  /** Runs one command and returns its figures; also writes them under {@code --out}. */
  static Report run(String command, Map<String, String> o) throws Exception {
    Path out = Path.of(o.getOrDefault("out", System.getProperty("bench.out", "benchmarks/results")));
    Report report = new Report();
    String machine = Machine.describe();
    System.err.println("machine: " + machine);
    switch (command) {
      case "repo" -> {
        RepoBench.Config cfg = new RepoBench.Config(Integer.parseInt(o.getOrDefault("warmup", "3")),
            Integer.parseInt(o.getOrDefault("rounds", "11")), Integer.parseInt(o.getOrDefault("ops", "500")));
        for (Dialect d : dialects(o)) {
          for (long rows : longs(o.getOrDefault("rows", "10000"))) {
            System.err.println("repo: " + d.folder() + ", " + rows + " rows");
            RepoBench.run(d, rows, cfg, report);
          }
        }
      }
      case "backfill" -> {
        int reps = Integer.parseInt(o.getOrDefault("reps", "3"));
        for (Dialect d : dialects(o)) {
          for (long rows : longs(o.getOrDefault("rows", "10000"))) {
            System.err.println("backfill: " + d.folder() + ", " + rows + " rows");
            BackfillBench.run(d, rows, reps, o.containsKey("batch-ms") ? Long.valueOf(o.get("batch-ms")) : null, out,
                report);
          }
        }
      }
      case "peers" -> {
        // pt-online-schema-change comes from benchmarks/setup-peers.sh (Debian's percona-toolkit).
        int reps = Integer.parseInt(o.getOrDefault("reps", "1"));
        for (Dialect d : dialects(o)) {
          for (long rows : longs(o.getOrDefault("rows", "10000"))) {
            System.err.println("peers: " + d.folder() + ", " + rows + " rows");
            PeersBench.run(d, rows, reps, out, report);
          }
        }
      }
      case "processor" -> {
        int releases = Integer.parseInt(o.getOrDefault("releases", "10"));
        int reps = Integer.parseInt(o.getOrDefault("reps", "5"));
        for (long entities : longs(o.getOrDefault("entities", "50"))) {
          System.err.println("processor: " + entities + " entities, " + releases + " releases");
          ProcessorBench.run((int) entities, releases, reps, !o.getOrDefault("warmup", "1").equals("0"), report);
        }
      }
      case "fleet" -> {
        for (Dialect d : dialects(o)) {
          System.err.println("fleet: " + d.folder());
          FleetBench.run(d, longs(o.getOrDefault("shards", "10,25,50,100")), longs(o.getOrDefault("parallel", "8")),
              Integer.parseInt(o.getOrDefault("hosts", "100")), report);
        }
      }
      default -> throw new IllegalArgumentException("unknown command " + command
          + "; use repo, backfill, processor, fleet or peers");
    }
    report.note("machine: " + machine);
    String name = command + "-" + String.join("-", o.entrySet().stream()
        .filter(e -> !e.getKey().equals("out")).map(e -> e.getKey() + e.getValue().replace(",", "_")).toList());
    report.write(out.resolve(name.toLowerCase(Locale.ROOT) + ".md"));
    return report;
  }

  static List<Dialect> dialects(Map<String, String> o) {
    String db = o.getOrDefault("db", "both");
    if (db.equals("both")) {
      return List.of(Dialect.POSTGRES, Dialect.MARIADB);
    }
    List<Dialect> out = new ArrayList<>();
    for (String s : db.split(",")) {
      out.add(Databases.dialect(s));
    }
    return out;
  }

  static List<Long> longs(String csv) {
    List<Long> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Long.parseLong(s.trim().replace("_", "")));
    }
    return out;
  }
}
