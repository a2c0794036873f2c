package dev.crossfade.sample.demo;

import static dev.crossfade.sample.demo.ReleaseCode.V1;
import static dev.crossfade.sample.demo.ReleaseCode.V2;

import dev.crossfade.runtime.BackfillListener;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardStatus;
import dev.crossfade.runtime.Shards;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A whole rolling upgrade from release 1.0 to 2.0 on a running cluster: servers of both releases send traffic
 * to every shard while shards are expanded, servers upgraded or retired, and each shard migrated and contracted,
 * in the mixed order customers really use. A live line shows the phases, the fleet, the traffic and the
 * backfill; at the end every host on every shard is checked against the {@link Oracle}.
 */
public final class Rollout {
  /**
   * How to run it. {@code minOpsPerPause}: each pause between steps lasts {@code stepPause} and, beyond that,
   * until the servers have completed that many operations (0: time only), so that a test sees traffic in every
   * phase however busy the machine is.
   */
  public record Options(List<Shard> shards, int servers, int hostsPerServer, Duration stepPause,
      boolean migratorProcesses, boolean killMigratorOnce, String classPath, boolean live, long seed,
      Consumer<List<Shard>> beforeVerify, long minOpsPerPause) {

    public static Options defaults(List<Shard> shards) {
      return new Options(shards, 4, 150, Duration.ofMillis(1500), false, false, null, false, 42, s -> {}, 0);
    }

    public Options withMigratorProcesses(String classPath, boolean killOnce) {
      return new Options(shards, servers, hostsPerServer, stepPause, true, killOnce, classPath, live, seed,
          beforeVerify, minOpsPerPause);
    }

    public Options withSizes(int servers, int hostsPerServer, Duration stepPause) {
      return new Options(shards, servers, hostsPerServer, stepPause, migratorProcesses, killMigratorOnce, classPath,
          live, seed, beforeVerify, minOpsPerPause);
    }

    public Options withLive(boolean live) {
      return new Options(shards, servers, hostsPerServer, stepPause, migratorProcesses, killMigratorOnce, classPath,
          live, seed, beforeVerify, minOpsPerPause);
    }

    /** A hook that runs after traffic stops and before the oracle checks: a test corrupts a row here. */
    public Options withBeforeVerify(Consumer<List<Shard>> hook) {
      return new Options(shards, servers, hostsPerServer, stepPause, migratorProcesses, killMigratorOnce, classPath,
          live, seed, hook, minOpsPerPause);
    }

    /** Each pause between steps also lasts until the servers completed {@code ops} operations. */
    public Options withMinOpsPerPause(long ops) {
      return new Options(shards, servers, hostsPerServer, stepPause, migratorProcesses, killMigratorOnce, classPath,
          live, seed, beforeVerify, ops);
    }
  }

  /** What happened: the oracle's verdict and the summary that was printed. */
  public record Result(boolean ok, List<Oracle.Mismatch> mismatches, List<String> errors, long operations,
      long checkedReads, long hostsVerified, String summary) {}

  private final Options options;
  private final PrintStream out;
  private final Shards shards;
  private final List<String> names;
  private final Oracle oracle;
  private final Stats stats = new Stats();
  private final List<Server> servers = new ArrayList<>();
  private final Map<String, Phase> mayBe = new ConcurrentHashMap<>();
  private final Map<String, Map<Phase, Long>> enteredAt = new ConcurrentHashMap<>();
  private final Map<String, long[]> backfill = new ConcurrentHashMap<>(); // rows done, nanos spent
  private final List<String> migratorRefusals = new ArrayList<>();
  private final MigratorRunner migrator;
  /**
   * H2 has no online DDL: its ALTER TABLE rebuilds the table, and writes other sessions make meanwhile are lost
   * (this demo's oracle caught it). So on H2 shards, and only there, traffic holds this gate's read side and
   * expand and contract (milliseconds on H2) its write side. PostgreSQL and MariaDB never pause.
   */
  private final java.util.concurrent.locks.ReentrantReadWriteLock h2Ddl =
      new java.util.concurrent.locks.ReentrantReadWriteLock(true);
  private final java.util.concurrent.locks.Lock open = new NoLock();
  private final long start = System.nanoTime();
  private volatile boolean viewing;
  private volatile String lastLine = "";

  public Rollout(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.shards = Shards.of(options.shards().toArray(Shard[]::new));
    this.names = options.shards().stream().map(Shard::name).toList();
    this.oracle = new Oracle(names);
    Migrator m = new Migrator(GeneratedPlan.load(Rollout.class.getClassLoader()), MigratorOptions.defaults()
        .withBatches(50, Duration.ofMillis(40), Duration.ofMillis(2)).withAckWait(Duration.ofSeconds(60))
        .withListener(onBackfill()));
    this.migrator = options.migratorProcesses()
        ? new MigratorRunner.Processes(m, options.classPath(), List.of("--batch-size", "25", "--target-batch-ms",
            "40", "--pause-ms", "5"), options.killMigratorOnce(), this::say)
        : new MigratorRunner.InProcess(m);
    names.forEach(n -> {
      mayBe.put(n, Phase.PENDING);
      enteredAt.put(n, new EnumMap<>(Phase.class));
      backfill.put(n, new long[2]);
    });
  }

  private BackfillListener onBackfill() {
    return p -> {
      long[] b = backfill.get(p.shard());
      b[0] = p.rowsDone();
    };
  }

  public Result run() {
    Thread view = null;
    try {
      say("Crossfade demo: " + names.size() + " shards (" + options.shards().stream()
          .map(s -> s.name() + " " + s.dialect().folder()).reduce((a, b) -> a + ", " + b).orElse("") + "), "
          + options.servers() + " servers, " + options.hostsPerServer() + " hosts per server and shard");
      for (Shard s : options.shards()) {
        ShardStatus st = migrator.status(s);
        if (st.phase(V1) != Phase.PENDING) {
          throw new IllegalStateException("shard " + s.name() + " is not empty (release 1.0 is " + st.phase(V1)
              + " there); the demo needs empty databases: drop and recreate it, or pass --reset");
        }
        migrator.run("expand", s, V1);
        entered(s.name(), Phase.PENDING);
      }
      say("1.0's schema is on every shard; starting " + options.servers() + " servers of release 1.0");
      for (int i = 1; i <= options.servers(); i++) {
        Server server = new Server(i, shards, oracle, stats, mayBe::get, this::trafficGate, Duration.ofSeconds(10),
            Duration.ofMillis(200), options.seed());
        server.start(V1);
        server.seed(options.hostsPerServer());
        servers.add(server);
      }
      servers.forEach(Server::startTraffic);
      view = startView();
      pause();

      Shard first = options.shards().get(0);
      step("expand", first, "before any server runs 2.0");
      upgrade(servers.get(0), "runs 2.0 before most of its shards have 2.0's schema");
      for (int i = 1; i < options.shards().size(); i++) {
        Shard s = options.shards().get(i);
        step("expand", s, i == 1 ? "while servers of both releases write to it" : "");
        if (i < servers.size() - 1) {
          upgrade(servers.get(i), "");
        }
      }
      try {
        migrator.run("migrate", first, V2);
        throw new IllegalStateException("migrate on " + first.name() + " went ahead while 1.0 servers were live");
      } catch (MigratorRunner.Refused refused) {
        migratorRefusals.add("migrate " + first.name() + ": " + refused.getMessage());
        say("migrate " + first.name() + " refused, as it must be while 1.0 servers are live: "
            + refused.getMessage());
      }
      pause();
      for (int i = 1; i < servers.size(); i++) {
        Server s = servers.get(i);
        if (s.release().equals(V1)) {
          if (i == servers.size() - 1) {
            say("retire " + s.id + " (1.0): an old server taken out, not replaced");
            s.retire();
            pause();
          } else {
            upgrade(s, "");
          }
        }
      }
      for (Shard s : options.shards()) {
        step("migrate", s, s == first ? "no 1.0 server is live any more" : "");
        if (s == first) {
          step("contract", s, "every live server acknowledged CONTRACTING");
        }
      }
      for (int i = options.shards().size() - 1; i >= 1; i--) {
        step("contract", options.shards().get(i), "");
      }
      say("every shard is CONTRACTED; traffic goes on for a moment on the new layout only");
      pause();
      servers.forEach(Server::stopTraffic);
      viewing = false;
      if (view != null) {
        view.join();
      }
      options.beforeVerify().accept(options.shards());
      long verified = verify();
      servers.forEach(Server::retire);
      return finish(verified);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      viewing = false;
      servers.forEach(Server::retire);
    }
  }

  private void upgrade(Server s, String why) {
    say("upgrade " + s.id + " from 1.0 to 2.0" + (why.isEmpty() ? "" : ": " + why));
    s.upgrade(V2);
    pause();
  }

  private void step(String verb, Shard shard, String why) {
    say(verb + " 2.0 on " + shard.name() + (why.isEmpty() ? "" : " (" + why + ")"));
    Phase target = switch (verb) {
      case "expand" -> Phase.EXPANDED;
      case "migrate" -> Phase.MIGRATED;
      default -> Phase.CONTRACTED;
    };
    mayBe.put(shard.name(), target);
    if (verb.equals("migrate")) {
      entered(shard.name(), Phase.MIGRATING);
    } else if (verb.equals("contract")) {
      entered(shard.name(), Phase.CONTRACTING);
    }
    long t0 = System.nanoTime();
    boolean ddl = !verb.equals("migrate") && shard.dialect() == dev.crossfade.schema.sql.Dialect.H2;
    if (ddl) {
      h2Ddl.writeLock().lock();
    }
    ShardStatus st;
    try {
      st = migrator.run(verb, shard, V2);
    } finally {
      if (ddl) {
        h2Ddl.writeLock().unlock();
      }
    }
    if (verb.equals("migrate")) {
      long[] b = backfill.get(shard.name());
      b[1] = System.nanoTime() - t0;
      Long rows = st.backfillRows().get(V2);
      if (rows != null) {
        b[0] = rows;
      }
    }
    if (st.phase(V2) != target) {
      throw new IllegalStateException(verb + " left " + shard.name() + " at " + st.phase(V2) + ": " + st.render());
    }
    entered(shard.name(), target);
    if (!st.drift().isEmpty()) {
      throw new IllegalStateException(shard.name() + " drifted from its layout: " + st.drift());
    }
    pause();
  }

  private java.util.concurrent.locks.Lock trafficGate(String shard) {
    return shards.get(shard).dialect() == dev.crossfade.schema.sql.Dialect.H2 ? h2Ddl.readLock() : open;
  }

  /** The gate of shards that change tables online: never waits. */
  private static final class NoLock implements java.util.concurrent.locks.Lock {
    @Override
    public void lock() {}

    @Override
    public void lockInterruptibly() {}

    @Override
    public boolean tryLock() {
      return true;
    }

    @Override
    public boolean tryLock(long time, java.util.concurrent.TimeUnit unit) {
      return true;
    }

    @Override
    public void unlock() {}

    @Override
    public java.util.concurrent.locks.Condition newCondition() {
      throw new UnsupportedOperationException();
    }
  }

  private void entered(String shard, Phase phase) {
    enteredAt.get(shard).putIfAbsent(phase, System.nanoTime());
  }

  private void pause() {
    long before = stats.total();
    MigratorRunner.sleep(options.stepPause().toMillis());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (stats.total() - before < options.minOpsPerPause() && System.nanoTime() < deadline) {
      MigratorRunner.sleep(20);
    }
  }

  /** Checks every host of every shard through a fresh 2.0 server; returns how many hosts were verified. */
  private long verify() {
    long verified = 0;
    try (Crossfade auditor = ReleaseCode.of(V2).start("oracle-auditor", shards, Duration.ofSeconds(10),
        Duration.ofSeconds(1))) {
      ReleaseCode code = ReleaseCode.of(V2);
      for (String shard : names) {
        CrossfadeRepository<Object, Object> repo = code.hosts(auditor, shard);
        Map<Long, HostFacts> expected = oracle.rows(shard);
        Map<Long, HostFacts> actual = new LinkedHashMap<>();
        for (Object e : repo.findAll()) {
          long id = code.id(e);
          HostFacts want = expected.get(id);
          actual.put(id, code.facts(e, want == null ? 1 : want.cpuCount()));
        }
        for (Map.Entry<Long, HostFacts> e : expected.entrySet()) {
          // contract dropped host.rack, which 2.0 gave up: nothing reads it any more.
          oracle.check(shard, e.getKey(), "final check", e.getValue().withRack(null), actual.get(e.getKey()), false);
          verified++;
        }
        for (Long id : actual.keySet()) {
          if (!expected.containsKey(id) && !oracle.isUncertain(shard, id)) {
            oracle.mismatch(new Oracle.Mismatch(shard, id, "final check", "the row",
                oracle.deletedIds(shard).contains(id) ? "deleted" : "no such host (never written)", "present"));
          }
        }
      }
    }
    return verified;
  }

  private Result finish(long verified) {
    List<Oracle.Mismatch> mismatches = oracle.mismatches();
    List<String> errors = stats.errors();
    String summary = summary(verified, mismatches, errors);
    out.print(summary);
    out.flush();
    return new Result(mismatches.isEmpty() && errors.isEmpty(), mismatches, errors, stats.total(),
        oracle.checkedReads(), verified, summary);
  }

  private String summary(long verified, List<Oracle.Mismatch> mismatches, List<String> errors) {
    StringBuilder b = new StringBuilder();
    double seconds = (System.nanoTime() - start) / 1e9;
    b.append('\n').append(String.format(Locale.ROOT, "Summary after %.1f s%n%n", seconds));
    b.append("Operations by server release and the phase of 2.0 each server saw on its shard:\n");
    List<Phase> phases = List.of(Phase.values());
    b.append(String.format(Locale.ROOT, "%-8s", "release"));
    phases.forEach(p -> b.append(String.format(Locale.ROOT, " %11s", p)));
    b.append(String.format(Locale.ROOT, " %9s %9s %8s%n", "total", "refused", "retried"));
    for (Version r : List.of(V1, V2)) {
      b.append(String.format(Locale.ROOT, "%-8s", r));
      long total = 0;
      for (Phase p : phases) {
        long n = stats.ops(r, p);
        total += n;
        b.append(String.format(Locale.ROOT, " %,11d", n));
      }
      b.append(String.format(Locale.ROOT, " %,9d %,9d %,8d%n", total, stats.refusals().getOrDefault(r, 0L),
          stats.retried().getOrDefault(r, 0L)));
    }
    b.append(String.format(Locale.ROOT, "%nTime per phase, backfill by shard:%n%-8s", "shard"));
    List<Phase> timed = List.of(Phase.PENDING, Phase.EXPANDED, Phase.MIGRATING, Phase.MIGRATED, Phase.CONTRACTING);
    timed.forEach(p -> b.append(String.format(Locale.ROOT, " %11s", p)));
    b.append(String.format(Locale.ROOT, " %10s %12s%n", "backfilled", "rows/s"));
    for (String shard : names) {
      Map<Phase, Long> at = enteredAt.get(shard);
      b.append(String.format(Locale.ROOT, "%-8s", shard));
      for (int i = 0; i < timed.size(); i++) {
        Long from = at.get(timed.get(i));
        Long to = i + 1 < timed.size() ? at.get(timed.get(i + 1)) : at.get(Phase.CONTRACTED);
        b.append(from == null || to == null ? String.format(Locale.ROOT, " %11s", "-")
            : String.format(Locale.ROOT, " %10.1fs", (to - from) / 1e9));
      }
      long[] bf = backfill.get(shard);
      b.append(String.format(Locale.ROOT, " %,10d %,12.0f%n", bf[0], bf[1] == 0 ? 0.0 : bf[0] / (bf[1] / 1e9)));
    }
    b.append('\n');
    for (String r : migratorRefusals) {
      b.append("Migrator refusal (a gate doing its job): ").append(r).append('\n');
    }
    for (String r : stats.refusalSamples()) {
      b.append("Server refusal: ").append(r).append('\n');
    }
    b.append(String.format(Locale.ROOT, "%nOracle: %,d operations, %,d reads checked while the rollout ran, %,d hosts"
        + " checked at the end%s.%n", stats.total(), oracle.checkedReads(), verified,
        oracle.uncertainCount() == 0 ? "" : " (" + oracle.uncertainCount() + " writes of unknown outcome accepted"
            + " either way)"));
    if (mismatches.isEmpty() && errors.isEmpty()) {
      b.append("OK: no write was lost and none was read back wrong.\n");
    } else {
      b.append("FAILED: ").append(mismatches.size()).append(" mismatches, ").append(stats.errorCount())
          .append(" unexpected errors\n");
      Map<String, Long> byCheck = new java.util.TreeMap<>();
      for (Oracle.Mismatch m : mismatches) {
        byCheck.merge(m.shard() + ", " + m.who().replaceFirst("^app-\\d+ at ", "").replaceFirst("\\(.*", ""), 1L,
            Long::sum);
      }
      byCheck.forEach((k, n) -> b.append(String.format(Locale.ROOT, "  %,6d on %s%n", n, k)));
      mismatches.stream().filter(m -> m.who().equals("final check")).limit(30)
          .forEach(m -> b.append("  ").append(m.line()).append('\n'));
      mismatches.stream().filter(m -> !m.who().equals("final check")).limit(30)
          .forEach(m -> b.append("  ").append(m.line()).append('\n'));
      errors.stream().limit(20).forEach(e -> b.append("  error: ").append(e).append('\n'));
    }
    return b.toString();
  }

  // ------------------------------------------------------------------------------------------ live view

  private Thread startView() {
    viewing = true;
    Thread t = new Thread(() -> {
      long lastOps = 0;
      long lastAt = System.nanoTime();
      int tick = 0;
      while (viewing) {
        MigratorRunner.sleep(options.live() ? 250 : 500);
        long now = System.nanoTime();
        long ops = stats.total();
        double rate = (ops - lastOps) / ((now - lastAt) / 1e9);
        lastOps = ops;
        lastAt = now;
        String line = line(rate);
        if (options.live()) {
          synchronized (this) {
            out.print("\r\033[K" + line);
            out.flush();
            lastLine = line;
          }
        } else if (++tick % 4 == 0) {
          synchronized (this) {
            out.println("  " + line);
          }
        }
      }
      if (options.live()) {
        synchronized (this) {
          out.print("\r\033[K");
          out.flush();
          lastLine = "";
        }
      }
    }, "crossfade-demo-view");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private String line(double opsPerSecond) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%5.1fs]", (System.nanoTime() - start) / 1e9));
    for (String shard : names) {
      Phase p = phaseNow(shard);
      b.append(' ').append(shard).append(' ').append(p);
      if (p == Phase.MIGRATING) {
        b.append(String.format(Locale.ROOT, " %,d/%,d", backfill.get(shard)[0], oracle.size(shard)));
      }
      b.append(" |");
    }
    long v1 = servers.stream().filter(s -> s.live() && V1.equals(s.release())).count();
    long v2 = servers.stream().filter(s -> s.live() && V2.equals(s.release())).count();
    b.append(String.format(Locale.ROOT, " servers 1.0x%d 2.0x%d | %,.0f ops/s | refused %d", v1, v2, opsPerSecond,
        stats.refusals().values().stream().mapToLong(Long::longValue).sum()));
    return b.toString();
  }

  /** The phase the rollout last saw the shard in (MIGRATING while a backfill runs). */
  private Phase phaseNow(String shard) {
    Map<Phase, Long> at = enteredAt.get(shard);
    Phase latest = Phase.PENDING;
    for (Phase p : Phase.values()) {
      if (at.containsKey(p)) {
        latest = p;
      }
    }
    return latest;
  }

  private synchronized void say(String message) {
    String stamp = String.format(Locale.ROOT, "[%5.1fs] ", (System.nanoTime() - start) / 1e9);
    if (options.live() && !lastLine.isEmpty()) {
      out.print("\r\033[K");
    }
    out.println(stamp + message);
    if (options.live() && !lastLine.isEmpty()) {
      out.print(lastLine);
    }
    out.flush();
  }
}
