package dev.crossfade.runtime.cli;

import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.JdbcUrlDataSource;
import dev.crossfade.runtime.MigrationRefusedException;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardStatus;
import dev.crossfade.runtime.ShardUnavailableException;
import dev.crossfade.runtime.internal.Text;
import dev.crossfade.schema.Version;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The migrator's command line (DESIGN sections 5 and 9): {@code status}, {@code expand}, {@code migrate},
 * {@code contract} and {@code rollback} on the shards of {@code --shard NAME=JDBC_URL} and {@code --shards-file}
 * (by default one at a time in order, stopping at the first that refuses or fails; {@code --parallel},
 * {@code --canary} and {@code --on-error} for a fleet, see docs/fleet.md), {@code pause}, {@code resume} and
 * {@code throttle} of a running backfill, and {@code plan}, which prints the reviewed plan of a release.
 *
 * <p>The plan comes from the application: {@code java -jar crossfade-migrator.jar --plan app.jar status --shard …}
 * (the executable jar of module {@code migrator}, with the PostgreSQL, MariaDB and H2 drivers), or, with the
 * application's own class path and drivers, {@code java -cp app.jar:libs/* dev.crossfade.runtime.cli.MigratorCommand
 * status --shard …}.
 *
 * <p>Exit codes: {@value #OK} success, {@value #USAGE} usage error, {@value #REFUSED} a step was refused
 * (one line {@code refused: ...} on standard error), {@value #FAILED} a shard was unavailable or something else
 * failed (one line {@code error: ...}), {@value #NO_STATE} {@code status} found a database without Crossfade
 * state (it created nothing).
 */
@Command(name = "java -jar crossfade-migrator.jar", usageHelpAutoWidth = true,
    description = {"Walks shards through the phases of a release: PENDING -> EXPANDED -> MIGRATING -> MIGRATED"
        + " -> CONTRACTING -> CONTRACTED.",
        "The plan is your application's: --plan app.jar, or run the main class"
        + " dev.crossfade.runtime.cli.MigratorCommand on your application's class path."},
    subcommands = {MigratorCommand.Status.class, MigratorCommand.Expand.class, MigratorCommand.Migrate.class,
        MigratorCommand.Contract.class, MigratorCommand.Rollback.class, MigratorCommand.Pause.class,
        MigratorCommand.Resume.class, MigratorCommand.Throttle.class, MigratorCommand.Plan.class},
    footer = {"", "Exit codes: 0 done, 2 usage error, 3 refused (nothing was changed by the refused step),"
        + " 4 shard unavailable or other failure, 5 no Crossfade state in the database (status created nothing)."})
public final class MigratorCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int FAILED = 4;
  public static final int NO_STATE = 5;

  private static final Logger LOG = LoggerFactory.getLogger(MigratorCommand.class);

  private final PrintWriter out;
  private final ClassLoader planLoader;
  private final boolean terminal;
  private GeneratedPlan plan;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--plan", paramLabel = "CLASSPATH", description = "Your application's jar (or class folders,"
      + " separated by '${sys:path.separator}') built with the Crossfade processor: the generated plan and any"
      + " converters are read from it. Default: the class path this command runs on.")
  String planPath;

  MigratorCommand(PrintWriter out, ClassLoader planLoader, boolean terminal) {
    this.out = out;
    this.planLoader = planLoader;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    // A refusal is one line on stderr, whatever logging binding the application jar brings: jOOQ logs which
    // database version it met at INFO on its first statement. This is the command line's own process, so its
    // threshold may be set here (never in the library); jOOQ's warnings still show.
    org.jooq.tools.JooqLogger.globalThreshold(org.jooq.Log.Level.WARN);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    System.exit(run(args, System.out, System.err, loader != null ? loader : MigratorCommand.class.getClassLoader()));
  }

  /**
   * Runs one command line and returns its exit code; never exits the JVM. Live progress overwrites one line
   * when {@code out} is {@link System#out} and that is a terminal.
   */
  static int run(String[] args, PrintStream out, PrintStream err, ClassLoader planLoader) {
    return run(args, out, err, planLoader, System.console() != null && out == System.out);
  }

  static int run(String[] args, PrintStream out, PrintStream err, ClassLoader planLoader, boolean terminal) {
    PrintWriter o = writer(out);
    PrintWriter e = writer(err);
    try {
      return commandLine(o, e, planLoader, terminal).execute(args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, ClassLoader planLoader, boolean terminal) {
    CommandLine cl = new CommandLine(new MigratorCommand(out, planLoader, terminal));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("usage error: " + oneLine(ex.getMessage()));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
      c.getErr().println("See '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof MigrationRefusedException) {
        c.getErr().println("refused: " + oneLine(ex.getMessage()));
        return REFUSED;
      }
      if (ex instanceof NoStateException) {
        c.getErr().println("error: " + oneLine(ex.getMessage()));
        return NO_STATE;
      }
      if (!(ex instanceof ShardUnavailableException)) {
        LOG.debug("the migrator failed", ex);
      }
      c.getErr().println("error: " + describe(ex));
      return FAILED;
    });
    return cl;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "a command is required: status, expand, migrate, contract, rollback or plan");
  }

  private Migrator migrator(MigratorOptions options) {
    if (plan == null) {
      plan = GeneratedPlan.load(loader());
    }
    return new Migrator(plan, options);
  }

  /** Where the plan is read from: {@code --plan}'s jars first, else the class path. */
  private ClassLoader loader() {
    if (planPath == null) {
      return planLoader;
    }
    List<java.net.URL> urls = new java.util.ArrayList<>();
    for (String entry : planPath.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
      if (entry.isBlank()) {
        continue;
      }
      java.nio.file.Path path = java.nio.file.Path.of(entry);
      if (!java.nio.file.Files.exists(path)) {
        throw new ParameterException(spec.commandLine(), "--plan " + entry + ": no such file or folder; give your"
            + " application's jar, built with the Crossfade processor");
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (java.net.MalformedURLException e) {
        throw new ParameterException(spec.commandLine(), "--plan " + entry + ": " + e.getMessage());
      }
    }
    return new PlanClassLoader(urls.toArray(java.net.URL[]::new), planLoader);
  }

  /**
   * Resources ({@code META-INF/crossfade/}) from the application's jars first, so a plan on the migrator's own
   * class path cannot shadow the one asked for; classes from the parent first, so the application's converters
   * implement the same {@code dev.crossfade.Converter} the runtime knows.
   */
  static final class PlanClassLoader extends java.net.URLClassLoader {
    PlanClassLoader(java.net.URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    public java.net.URL getResource(String name) {
      java.net.URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }

  /** {@code status} met a database without Crossfade state; it created nothing there. */
  static final class NoStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoStateException(String message) {
      super(message);
    }
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), false);
  }

  /**
   * The text on one line, with any {@code password=...} hidden: picocli echoes unmatched arguments, and a
   * driver's message may quote its URL.
   */
  static String oneLine(String text) {
    return Text.oneLine(text);
  }

  private static String describe(Exception ex) {
    return Text.oneLine(ex);
  }

  /** {@code --shard NAME=JDBC_URL}; the message redacts any password in the URL. */
  static final class ShardConverter implements ITypeConverter<Shard> {
    @Override
    public Shard convert(String value) {
      try {
        return Shard.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class OnErrorConverter implements ITypeConverter<dev.crossfade.runtime.Rollout.OnError> {
    @Override
    public dev.crossfade.runtime.Rollout.OnError convert(String value) {
      return switch (value) {
        case "stop" -> dev.crossfade.runtime.Rollout.OnError.STOP;
        case "continue" -> dev.crossfade.runtime.Rollout.OnError.CONTINUE;
        default -> throw new TypeConversionException("--on-error takes stop or continue, not '" + oneLine(value)
            + "'");
      };
    }
  }

  static final class VersionConverter implements ITypeConverter<Version> {
    @Override
    public Version convert(String value) {
      try {
        return Version.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** What every verb shares: the shards, in order, and the parent's streams and plan. */
  abstract static class Verb implements Callable<Integer> {
    @ParentCommand
    MigratorCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--shard", paramLabel = "NAME=JDBC_URL", converter = ShardConverter.class,
        description = "A shard to act on, for example eu-1=jdbc:postgresql://db-eu-1/inventory?user=app."
            + " Repeat for more shards; by default they are handled one at a time in the order given, stopping at the"
            + " first refusal.")
    List<Shard> shardFlags = List.of();

    @Option(names = "--shards-file", paramLabel = "FILE", description = "A shard inventory: <shard>.url,"
        + " <shard>.groups, <shard>.user, <shard>.password.env or <shard>.password.file per line, *.<key> for every"
        + " shard (see docs/fleet.md). Passwords come from environment variables or files, never this command line.")
    java.nio.file.Path shardsFile;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
        description = "How many shards at a time (default ${DEFAULT-VALUE}; status reads at least 8 at a time).")
    int parallel;

    @Option(names = "--canary", paramLabel = "NAME|GROUP", description = "Shards (by name or inventory group) to"
        + " act on first; the others only if every canary succeeded. Repeatable.")
    List<String> canary = List.of();

    @Option(names = "--on-error", paramLabel = "stop|continue", defaultValue = "stop",
        converter = OnErrorConverter.class, description = "After a shard refused or failed: start no further shard"
            + " (stop, the default) or go on with the others (continue). The exit code reflects any refusal or failure.")
    dev.crossfade.runtime.Rollout.OnError onError;

    /** The shards of {@code --shards-file} and {@code --shard}, in that order, each once. */
    List<dev.crossfade.runtime.ShardInventory.Entry> shards() {
      List<dev.crossfade.runtime.ShardInventory.Entry> all = new java.util.ArrayList<>();
      if (shardsFile != null) {
        try {
          all.addAll(dev.crossfade.runtime.ShardInventory.read(shardsFile));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--shards-file: " + e.getMessage());
        }
      }
      for (Shard s : shardFlags) {
        all.add(new dev.crossfade.runtime.ShardInventory.Entry(s, Set.of()));
      }
      if (all.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "Missing required option: '--shard=NAME=JDBC_URL' or"
            + " '--shards-file=FILE'");
      }
      Set<String> names = new HashSet<>();
      for (dev.crossfade.runtime.ShardInventory.Entry e : all) {
        if (!names.add(e.shard().name())) {
          throw new ParameterException(spec.commandLine(), "shard " + e.shard().name() + " is given more than once");
        }
      }
      if (parallel < 1 || parallel > 256) {
        throw new ParameterException(spec.commandLine(), "--parallel must be 1 to 256, not " + parallel);
      }
      return all;
    }

    /** Set by {@link #call()}: whether this run is over a fleet. */
    boolean fleetMode;

    /** Whether this run is over a fleet: several shards, an inventory, or any of the fleet options. */
    boolean fleet(List<dev.crossfade.runtime.ShardInventory.Entry> shards) {
      return shards.size() > 1 || shardsFile != null || parallel > 1 || !canary.isEmpty()
          || onError != dev.crossfade.runtime.Rollout.OnError.STOP;
    }

    @Override
    public Integer call() {
      List<dev.crossfade.runtime.ShardInventory.Entry> shards = shards();
      fleetMode = fleet(shards);
      MigratorOptions options = options(lockTimeout(MigratorOptions.defaults()));
      Migrator migrator = parent.migrator(options);
      if (!fleet(shards)) {
        act(migrator, shards.get(0).shard(), parent.out);
        parent.out.flush();
        return OK;
      }
      return fleet(migrator, shards);
    }

    /** A run over many shards; {@link ReleaseVerb} walks them with a {@link dev.crossfade.runtime.Rollout}. */
    abstract int fleet(Migrator migrator, List<dev.crossfade.runtime.ShardInventory.Entry> shards);

    /** The canary shards (named, or in a named group) first, then the others, in order. */
    List<List<Shard>> canariesFirst(List<dev.crossfade.runtime.ShardInventory.Entry> shards) {
      List<Shard> canaries = new java.util.ArrayList<>();
      List<Shard> others = new java.util.ArrayList<>();
      Set<String> matched = new HashSet<>();
      for (dev.crossfade.runtime.ShardInventory.Entry e : shards) {
        boolean isCanary = false;
        for (String c : canary) {
          if (c.equals(e.shard().name()) || e.groups().contains(c)) {
            matched.add(c);
            isCanary = true;
          }
        }
        (isCanary ? canaries : others).add(e.shard());
      }
      for (String c : canary) {
        if (!matched.contains(c)) {
          throw new ParameterException(spec.commandLine(), "--canary " + c + " names no shard and no group of the"
              + " shards given");
        }
      }
      return List.of(canaries, others);
    }

    MigratorOptions options(MigratorOptions defaults) {
      return defaults;
    }

    /** The verb's lock timeout option, where it has one ({@link ReleaseVerb}). */
    MigratorOptions lockTimeout(MigratorOptions defaults) {
      return defaults;
    }

    abstract void act(Migrator migrator, Shard shard, PrintWriter out);

    static void report(PrintWriter out, Version release, ShardStatus status) {
      out.printf(Locale.ROOT, "shard %s, release %s: %s (state version %d, min writer release %s)%n", status.shard(), release,
          status.phase(release), status.stateVersion(),
          status.minWriterRelease() == null ? "-" : status.minWriterRelease());
      if (!status.drift().isEmpty()) {
        out.printf(Locale.ROOT, "shard %s: drift: %s%n", status.shard(), String.join("; ", status.drift()));
      }
    }
  }

  /** A verb that takes one release. */
  abstract static class ReleaseVerb extends Verb {
    @Option(names = "--release", required = true, paramLabel = "R", converter = VersionConverter.class,
        description = "The release to act on, like 2.0.")
    Version release;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS",
        defaultValue = "" + dev.crossfade.schema.sql.SqlRenderer.LOCK_TIMEOUT_SECONDS,
        description = "How long any statement of the migrator waits for a lock someone else holds (a DDL statement,"
            + " a backfill batch's rows, the shard's state row) before it gives up and is tried again with backoff;"
            + " the application's queries queued behind it wait about this long at most (default ${DEFAULT-VALUE}).")
    long lockTimeoutSeconds;

    @Option(names = "--lock-attempts", paramLabel = "N", defaultValue = "" + MigratorOptions.DEFAULT_LOCK_ATTEMPTS,
        description = "How often a statement that hit its lock timeout is tried before the shard's step is refused;"
            + " the wait between attempts starts at 200 ms and doubles, up to 30 s (default ${DEFAULT-VALUE}).")
    int lockAttempts;

    /** The rollout verb this command runs on each shard of a fleet. */
    abstract dev.crossfade.runtime.Rollout.Verb rolloutVerb();

    /** Whether rollback may take steps that lose data. */
    boolean force() {
      return false;
    }

    @Override
    int fleet(Migrator migrator, List<dev.crossfade.runtime.ShardInventory.Entry> shards) {
      List<List<Shard>> order = canariesFirst(shards);
      PrintWriter out = parent.out;
      PrintWriter err = spec.commandLine().getErr();
      dev.crossfade.runtime.Rollout.Report report = new dev.crossfade.runtime.Rollout(migrator, parallel, onError)
          .forced(force()).onEachShard(o -> {
            synchronized (out) {
              switch (o.kind()) {
                case DONE -> out.printf(Locale.ROOT, "shard %s, release %s: %s%n", o.shard(), release, o.phase());
                case ALREADY_DONE -> out.printf(Locale.ROOT, "shard %s, release %s: %s (already)%n", o.shard(),
                    release, o.phase());
                case REFUSED -> err.println("refused: " + oneLine(o.detail()));
                case FAILED -> err.println("error: " + oneLine(o.detail()));
                case NOT_RUN -> { }
              }
              out.flush();
              err.flush();
            }
          }).run(rolloutVerb(), release, order.get(0), order.get(1));
      out.print(report.render());
      out.flush();
      return report.anyFailed() ? FAILED : report.anyRefused() ? REFUSED : OK;
    }

    @Override
    MigratorOptions lockTimeout(MigratorOptions defaults) {
      if (lockTimeoutSeconds < 1) {
        throw new ParameterException(spec.commandLine(), "--lock-timeout must be at least 1 second, not "
            + lockTimeoutSeconds);
      }
      if (lockAttempts < 1) {
        throw new ParameterException(spec.commandLine(), "--lock-attempts must be at least 1, not " + lockAttempts);
      }
      return defaults.withLockTimeout(Duration.ofSeconds(lockTimeoutSeconds))
          .withDdlRetries(lockAttempts, defaults.ddlBackoff());
    }
  }

  /** A verb that may wait for the fleet to acknowledge a new state. */
  abstract static class WaitingVerb extends ReleaseVerb {
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
        description = "How long to wait for every live server to acknowledge the new state before refusing"
            + " (default ${DEFAULT-VALUE}: check once).")
    long waitSeconds;

    @Override
    MigratorOptions options(MigratorOptions defaults) {
      if (waitSeconds < 0) {
        throw new ParameterException(spec.commandLine(), "--wait must be 0 or more seconds, not " + waitSeconds);
      }
      return defaults.withAckWait(Duration.ofSeconds(waitSeconds));
    }
  }

  @Command(name = "status", description = "Show each release's phase, every registered server with its release and"
      + " lease end (UTC), backfill progress and drift of every shard. Read-only: it creates nothing, and exits 5"
      + " on a database that holds no Crossfade state.")
  static final class Status extends Verb {
    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
        description = "text: one shard's full status, or one table row per shard when there are several;"
            + " json: every shard's full status, for tools (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
      if (!format.equals("text") && !format.equals("json")) {
        throw new ParameterException(spec.commandLine(), "--format takes text or json, not '" + oneLine(format) + "'");
      }
      if (format.equals("json")) {
        List<dev.crossfade.runtime.ShardInventory.Entry> shards = shards();
        return fleet(parent.migrator(MigratorOptions.defaults()), shards);
      }
      return super.call();
    }

    @Override
    int fleet(Migrator migrator, List<dev.crossfade.runtime.ShardInventory.Entry> shards) {
      List<Shard> all = shards.stream().map(dev.crossfade.runtime.ShardInventory.Entry::shard).toList();
      List<dev.crossfade.runtime.FleetStatus.Row> rows = dev.crossfade.runtime.FleetStatus.read(migrator, all,
          Math.max(8, parallel));
      parent.out.print(format.equals("json") ? dev.crossfade.runtime.FleetStatus.json(rows)
          : dev.crossfade.runtime.FleetStatus.table(rows, migrator.plan().model().releases()));
      parent.out.flush();
      boolean failed = rows.stream().anyMatch(r -> r.error() != null);
      boolean noState = rows.stream().anyMatch(r -> r.status() != null && !r.status().hasState());
      return failed ? FAILED : noState ? NO_STATE : OK;
    }

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      ShardStatus status = migrator.status(shard);
      if (!status.hasState()) {
        throw new NoStateException("shard " + shard.name() + ": this " + shard.dialect().displayName()
            + " database holds no Crossfade state (no crossfade_shard table), and status created nothing; if the"
            + " URL names the wrong database, correct it; if this is a new shard, start it with `expand --release "
            + migrator.plan().model().baseline() + "`");
      }
      out.print(status.render());
    }
  }

  @Command(name = "plan", description = "Print the reviewed plan (plan.md) the processor generated for a release"
      + " and dialect: every change, its phase steps, the SQL, and which release reads and writes what.")
  static final class Plan implements Callable<Integer> {
    @ParentCommand
    MigratorCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--release", paramLabel = "R", converter = VersionConverter.class,
        description = "The release (default: the application's own release).")
    Version release;

    @Option(names = "--dialect", paramLabel = "D",
        description = "postgres, mariadb, mysql or h2 (default: postgres, when the plan was generated for it).")
    String dialect;

    @Override
    public Integer call() {
      GeneratedPlan plan = parent.migrator(MigratorOptions.defaults()).plan();
      java.util.Properties index = new java.util.Properties();
      String text = read(plan.classLoader(), "META-INF/crossfade/index.properties");
      try {
        index.load(new java.io.StringReader(text == null ? "" : text));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      List<String> dialects = List.of(index.getProperty("dialects", "").split(","));
      String d = dialect != null ? dialect.trim().toLowerCase(Locale.ROOT)
          : dialects.contains("postgres") ? "postgres" : dialects.get(0);
      Version r = release == null ? plan.model().release() : release;
      if (!dialects.contains(d)) {
        throw new ParameterException(spec.commandLine(), "--dialect " + d + ": the plan was generated for "
            + String.join(", ", dialects) + " (processor option crossfade.dialects)");
      }
      if (!plan.model().releases().contains(r)) {
        throw new ParameterException(spec.commandLine(), "--release " + r + ": the plan knows releases "
            + plan.model().releases().stream().map(Version::toString).collect(java.util.stream.Collectors.joining(", ")));
      }
      String md = read(plan.classLoader(), "META-INF/crossfade/" + d + "/" + r + "/plan.md");
      if (md == null) {
        throw new ParameterException(spec.commandLine(), "no plan.md for release " + r + " and " + d
            + " in the application's jar; rebuild it with the Crossfade processor");
      }
      parent.out.print(md);
      return OK;
    }

    private static String read(ClassLoader loader, String resource) {
      try (java.io.InputStream in = loader.getResourceAsStream(resource)) {
        return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Command(name = "expand", description = "PENDING -> EXPANDED: apply the release's additive DDL (the baseline"
      + " release goes straight to CONTRACTED).")
  static final class Expand extends ReleaseVerb {
    @Override
    dev.crossfade.runtime.Rollout.Verb rolloutVerb() {
      return dev.crossfade.runtime.Rollout.Verb.EXPAND;
    }

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      report(out, release, migrator.expand(shard, release));
    }
  }

  @Command(name = "migrate", description = "EXPANDED -> MIGRATING -> MIGRATED: once no live server older than"
      + " the release is registered, backfill the new structures and verify them. Resumes where it stopped.")
  static final class Migrate extends ReleaseVerb {
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
        description = "Rows in the first backfill batch; later batches adapt to --target-batch-ms"
            + " (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--target-batch-ms", paramLabel = "N", defaultValue = "25",
        description = "How long one backfill batch (one transaction) should take (default ${DEFAULT-VALUE}).")
    long targetBatchMs;

    @Option(names = "--pause-ms", paramLabel = "N", defaultValue = "0",
        description = "A pause after each batch, to leave room for production traffic (default ${DEFAULT-VALUE}).")
    long pauseMs;

    @Option(names = "--max-running", paramLabel = "N", defaultValue = "0",
        description = "Wait before a batch while more than N sessions run statements (MariaDB Threads_running,"
            + " PostgreSQL active sessions; the backfill's own counts), checking every second (default"
            + " ${DEFAULT-VALUE}: no limit).")
    int maxRunning;

    @Option(names = "--max-commit-ms", paramLabel = "N", defaultValue = "0",
        description = "When a batch's commit takes longer than N ms, wait a second and halve the batch (default"
            + " ${DEFAULT-VALUE}: no limit).")
    long maxCommitMs;

    private ProgressPrinter progress;

    @Override
    dev.crossfade.runtime.Rollout.Verb rolloutVerb() {
      return dev.crossfade.runtime.Rollout.Verb.MIGRATE;
    }

    @Override
    MigratorOptions options(MigratorOptions defaults) {
      if (batchSize < 1) {
        throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, not " + batchSize);
      }
      if (targetBatchMs < 1) {
        throw new ParameterException(spec.commandLine(), "--target-batch-ms must be at least 1, not "
            + targetBatchMs);
      }
      if (pauseMs < 0) {
        throw new ParameterException(spec.commandLine(), "--pause-ms must be 0 or more, not " + pauseMs);
      }
      if (maxRunning < 0 || maxCommitMs < 0) {
        throw new ParameterException(spec.commandLine(), "--max-running and --max-commit-ms must be 0 (no limit) or"
            + " more");
      }
      MigratorOptions batches = defaults.withBatches(batchSize, Duration.ofMillis(targetBatchMs),
          Duration.ofMillis(pauseMs)).withHealth(new dev.crossfade.runtime.BackfillHealth(
              Duration.ofMillis(maxCommitMs), maxRunning, dev.crossfade.runtime.BackfillHealth.NONE.pause()));
      if (fleetMode) {
        return batches; // one live line cannot show several shards' backfills; each shard's outcome is printed
      }
      progress = new ProgressPrinter(parent.out, parent.terminal, System::nanoTime);
      return batches.withListener(progress);
    }

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      ShardStatus status;
      try {
        status = migrator.migrate(shard, release);
      } finally {
        progress.finish();
      }
      report(out, release, status);
    }
  }

  @Command(name = "contract", description = "MIGRATED -> CONTRACTING -> CONTRACTED: tell servers to stop writing"
      + " the old layout and, once every live server has acknowledged that, drop it.")
  static final class Contract extends WaitingVerb {
    @Override
    dev.crossfade.runtime.Rollout.Verb rolloutVerb() {
      return dev.crossfade.runtime.Rollout.Verb.CONTRACT;
    }

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      report(out, release, migrator.contract(shard, release));
    }
  }

  @Command(name = "rollback", description = "One step back: CONTRACTING -> MIGRATED, MIGRATED or MIGRATING ->"
      + " EXPANDED, EXPANDED -> PENDING. CONTRACTED cannot be rolled back.")
  static final class Rollback extends WaitingVerb {
    @Option(names = "--force", description = "Take the step even though it loses data (the refusal says what).")
    boolean force;

    @Override
    dev.crossfade.runtime.Rollout.Verb rolloutVerb() {
      return dev.crossfade.runtime.Rollout.Verb.ROLLBACK;
    }

    @Override
    boolean force() {
      return force;
    }

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      report(out, release, migrator.rollback(shard, release, force));
    }
  }

  /** {@code pause}, {@code resume} and {@code throttle}: live control of a running backfill, from any process. */
  abstract static class ControlVerb extends Verb {
    @Option(names = "--release", required = true, paramLabel = "R", converter = VersionConverter.class,
        description = "The release whose backfill to control, like 2.0.")
    Version release;

    abstract ShardStatus control(Migrator migrator, Shard shard);

    abstract String done();

    @Override
    void act(Migrator migrator, Shard shard, PrintWriter out) {
      control(migrator, shard);
      out.printf(Locale.ROOT, "shard %s, release %s: backfill %s%n", shard.name(), release, done());
    }

    @Override
    int fleet(Migrator migrator, List<dev.crossfade.runtime.ShardInventory.Entry> shards) {
      int code = OK;
      for (dev.crossfade.runtime.ShardInventory.Entry e : shards) {
        try {
          act(migrator, e.shard(), parent.out);
        } catch (MigrationRefusedException refused) {
          spec.commandLine().getErr().println("refused: " + oneLine(refused.getMessage()));
          code = Math.max(code, REFUSED);
        } catch (RuntimeException failed) {
          spec.commandLine().getErr().println("error: " + describe(failed));
          code = FAILED;
        }
      }
      parent.out.flush();
      return code;
    }
  }

  @Command(name = "pause", description = "Pause the backfill of a release within 200 ms, between batches: a running"
      + " migrate (in any process) waits, holding no lock, until resume; a later migrate waits too.")
  static final class Pause extends ControlVerb {
    @Override
    ShardStatus control(Migrator migrator, Shard shard) {
      return migrator.pause(shard, release);
    }

    @Override
    String done() {
      return "paused; `resume --release " + release + "` lets it go on";
    }
  }

  @Command(name = "resume", description = "Let a paused backfill of a release go on.")
  static final class Resume extends ControlVerb {
    @Override
    ShardStatus control(Migrator migrator, Shard shard) {
      return migrator.resume(shard, release);
    }

    @Override
    String done() {
      return "resumed";
    }
  }

  @Command(name = "throttle", description = "Set how long one batch of a release's running backfill should take,"
      + " within 200 ms (a shorter batch holds its row locks for less time).")
  static final class Throttle extends ControlVerb {
    @Option(names = "--target-batch-ms", required = true, paramLabel = "N",
        description = "The new target time of one batch, 1 to 60000 ms.")
    long targetBatchMs;

    @Override
    ShardStatus control(Migrator migrator, Shard shard) {
      if (targetBatchMs < 1 || targetBatchMs > 60_000) {
        throw new ParameterException(spec.commandLine(), "--target-batch-ms must be 1 to 60000, not "
            + targetBatchMs);
      }
      return migrator.throttle(shard, release, Duration.ofMillis(targetBatchMs));
    }

    @Override
    String done() {
      return "target batch time " + targetBatchMs + " ms within 200 ms";
    }
  }
}
