package dev.crossfade.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.runtime.BackfillProgress;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.schema.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The migrator's command line on embedded H2 with the sample application's generated plan (releases 1.0 and
 * 2.0): verbs, exit codes, the one-line reasons on standard error, and the progress output.
 */
class MigratorCommandTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static ClassLoader planLoader;

  @BeforeAll
  static void compile() {
    planLoader = CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader();
  }

  record Result(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private static Result run(String... args) {
    return runWith(planLoader, args);
  }

  private static Result runWith(ClassLoader loader, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MigratorCommand.run(args, new PrintStream(out, true, Charset.defaultCharset()),
        new PrintStream(err, true, Charset.defaultCharset()), loader);
    return new Result(code, out.toString(Charset.defaultCharset()), err.toString(Charset.defaultCharset()));
  }

  private static String newDatabase() {
    return "jdbc:h2:mem:cli" + DATABASES.incrementAndGet() + "_" + System.nanoTime()
        + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
  }

  private static String shard(String name, String url) {
    return name + "=" + url;
  }

  private static Result ok(String... args) {
    Result r = run(args);
    assertEquals(0, r.code(), r::toString);
    assertEquals("", r.err(), r::toString);
    return r;
  }

  /** The phase {@code status} shows for the release on the shard. */
  private static String phaseIn(String statusOutput, String shardName, String release) {
    int at = statusOutput.indexOf("shard " + shardName + " (");
    assertTrue(at >= 0, "no status of shard " + shardName + " in:\n" + statusOutput);
    int end = statusOutput.indexOf("\nshard ", at + 1);
    String block = statusOutput.substring(at, end < 0 ? statusOutput.length() : end);
    Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(release) + "\\s+([A-Z]+)\\s").matcher(block);
    assertTrue(m.find(), "no release " + release + " in:\n" + block);
    return m.group(1);
  }

  private static String phase(String url, String release) {
    return phaseIn(ok("status", "--shard", shard("eu-1", url)).out(), "eu-1", release);
  }

  private static void insertHosts(String url, int n) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (int i = 1; i <= n; i++) {
        s.executeUpdate("INSERT INTO host (id, name, ip, os_name, memory_mb, monitored) VALUES (" + i + ", 'h" + i
            + "', '10.0.0." + i + "', 'linux', " + (i * 1024) + ", true)");
      }
    }
  }

  private static void assertOneRefusal(Result r, String... fragments) {
    assertEquals(MigratorCommand.REFUSED, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("refused: shard "), r::toString);
    for (String f : fragments) {
      assertTrue(line.contains(f), () -> "'" + f + "' missing from: " + line);
    }
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  private static void assertUsageError(Result r, String... fragments) {
    assertEquals(MigratorCommand.USAGE, r.code(), r::toString);
    String first = r.errLines().get(0);
    assertTrue(first.startsWith("usage error: "), r::toString);
    for (String f : fragments) {
      assertTrue(first.contains(f), () -> "'" + f + "' missing from: " + first);
    }
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void statusOfADatabaseWithoutCrossfadeStateSaysSoInOneLineAndExitsFive() throws Exception {
    String url = newDatabase();
    Result r = run("status", "--shard", shard("eu-1", url));
    assertEquals(MigratorCommand.NO_STATE, r.code(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("error: shard eu-1: this H2 database holds no Crossfade state"), line);
    assertTrue(line.contains("status created nothing") && line.contains("expand --release 1.0"), line);
    try (Connection c = DriverManager.getConnection(url);
        java.sql.ResultSet tables = c.getMetaData().getTables(null, null, "crossfade%", null)) {
      assertFalse(tables.next(), "status created no table");
    }
  }

  @Test
  void expandMigrateAndContractWalkAShardThroughThePhasesWithLiveProgress() throws Exception {
    String url = newDatabase();
    String eu = shard("eu-1", url);

    Result baseline = ok("expand", "--shard", eu, "--release", "1.0");
    assertTrue(baseline.out().contains("shard eu-1, release 1.0: CONTRACTED"), baseline::toString);
    assertEquals("CONTRACTED", phase(url, "1.0"));
    assertEquals("PENDING", phase(url, "2.0"));
    insertHosts(url, 5);

    Result expand = ok("expand", "--shard", eu, "--release", "2.0");
    assertTrue(expand.out().contains("shard eu-1, release 2.0: EXPANDED"), expand::toString);
    assertEquals("EXPANDED", phase(url, "2.0"));

    Result migrate = ok("migrate", "--shard", eu, "--release", "2.0", "--batch-size", "2", "--target-batch-ms", "50",
        "--pause-ms", "0");
    assertTrue(migrate.out().contains("shard eu-1, release 2.0: MIGRATED"), migrate::toString);
    assertFalse(migrate.out().contains("\r"), "not a terminal: plain lines");
    Matcher steps = Pattern.compile("eu-1 2\\.0 step \\d+/(\\d+) ").matcher(migrate.out());
    assertTrue(steps.find(), "progress lines in:\n" + migrate.out());
    int total = Integer.parseInt(steps.group(1));
    for (int step = 1; step <= total; step++) {
      Pattern last = Pattern.compile("(?m)^eu-1 2\\.0 step " + step + "/" + total + " .*: 5/5 rows \\(100%\\), ");
      assertTrue(last.matcher(migrate.out()).find(), "step " + step + " ends with its final line:\n" + migrate.out());
    }
    assertEquals("MIGRATED", phase(url, "2.0"));

    Result contract = ok("contract", "--shard", eu, "--release", "2.0");
    assertTrue(contract.out().contains("shard eu-1, release 2.0: CONTRACTED"), contract::toString);
    Result status = ok("status", "--shard", eu);
    assertEquals("CONTRACTED", phaseIn(status.out(), "eu-1", "2.0"));
    assertTrue(status.out().contains("drift: none"), status::toString);
  }

  @Test
  void migrateBeforeExpandIsRefusedWithOneLineNamingShardAndRelease() {
    String url = newDatabase();
    ok("expand", "--shard", shard("eu-1", url), "--release", "1.0");
    Result r = run("migrate", "--shard", shard("eu-1", url), "--release", "2.0");
    assertOneRefusal(r, "shard eu-1, release 2.0: ", "PENDING", "expand --release 2.0");
    assertEquals("PENDING", phase(url, "2.0"), "a refused step changes nothing");
  }

  @Test
  void anUnknownReleaseIsRefusedNamingTheKnownOnes() {
    Result r = run("expand", "--shard", shard("eu-1", newDatabase()), "--release", "9.0");
    assertOneRefusal(r, "shard eu-1, release 9.0: ", "no release 9.0", "1.0, 2.0");
  }

  @Test
  void aMissingReleaseIsAUsageError() {
    for (String verb : List.of("expand", "migrate", "contract", "rollback")) {
      assertUsageError(run(verb, "--shard", shard("eu-1", newDatabase())), "--release");
    }
  }

  @Test
  void aReleaseThatIsNotANumberIsAUsageError() {
    assertUsageError(run("expand", "--shard", shard("eu-1", newDatabase()), "--release", "two"),
        "--release", "'two' is not a release number");
  }

  @Test
  void aMissingShardIsAUsageError() {
    assertUsageError(run("status"), "--shard");
    assertUsageError(run("expand", "--release", "1.0"), "--shard");
  }

  @Test
  void aShardWithoutNameIsAUsageErrorShowingTheExpectedForm() {
    assertUsageError(run("status", "--shard", "jdbc:h2:mem:x"), "--shard", "NAME=JDBC_URL", "no NAME= in front",
        "--shard eu-1=jdbc:h2:");
    // The URL's own '=' used to make "jdbc:postgresql://db/inventory?user" the shard's name.
    Result r = run("status", "--shard", "jdbc:postgresql://db/inventory?user=app&password=s3cret");
    assertUsageError(r, "--shard takes NAME=JDBC_URL and this one has no NAME= in front",
        "--shard eu-1=jdbc:postgresql:");
    assertFalse(r.err().contains("not valid"), r::toString);
    assertFalse(r.err().contains("s3cret"), r::toString);
  }

  @Test
  void aShardOfAnUnknownDatabaseIsAUsageErrorThatHidesThePassword() {
    Result r = run("status", "--shard", "eu-1=jdbc:oracle:thin:@db?user=app&password=s3cret");
    assertUsageError(r, "--shard", "shard eu-1: cannot tell the database");
    assertFalse(r.err().contains("s3cret"), r::toString);
  }

  @Test
  void theSameShardNameTwiceIsAUsageError() {
    assertUsageError(run("status", "--shard", shard("eu-1", newDatabase()), "--shard", shard("eu-1", newDatabase())),
        "eu-1 is given more than once");
  }

  @Test
  void lockTimeoutReachesTheMigratorOfEveryVerbThatTakesLocksAndDefaultsToTheScriptsOwn() {
    for (String verb : List.of("expand", "migrate", "contract", "rollback")) {
      assertEquals(java.time.Duration.ofSeconds(2), parsedOptions(verb, "--shard", "eu-1=jdbc:h2:mem:x", "--release",
          "2.0", "--lock-timeout", "2").lockTimeout(), verb);
      assertEquals(java.time.Duration.ofSeconds(dev.crossfade.schema.sql.SqlRenderer.LOCK_TIMEOUT_SECONDS),
          parsedOptions(verb, "--shard", "eu-1=jdbc:h2:mem:x", "--release", "2.0").lockTimeout(), verb);
    }
  }

  @Test
  void pauseThrottleAndResumeRecordTheBackfillsControlAndStatusShowsIt() {
    String url = newDatabase();
    String eu = shard("eu-1", url);
    ok("expand", "--shard", eu, "--release", "1.0");
    ok("expand", "--shard", eu, "--release", "2.0");
    assertTrue(ok("pause", "--shard", eu, "--release", "2.0").out().contains(
        "shard eu-1, release 2.0: backfill paused; `resume --release 2.0` lets it go on"));
    assertTrue(ok("throttle", "--shard", eu, "--release", "2.0", "--target-batch-ms", "40").out().contains(
        "shard eu-1, release 2.0: backfill target batch time 40 ms within 200 ms"));
    Result status = ok("status", "--shard", eu);
    assertTrue(status.out().contains("(backfill paused, target batch 40 ms)"), status::toString);
    assertTrue(ok("resume", "--shard", eu, "--release", "2.0").out().contains("backfill resumed"));
    status = ok("status", "--shard", eu);
    assertTrue(status.out().contains("(backfill target batch 40 ms)"), status::toString);
    assertUsageError(run("throttle", "--shard", eu, "--release", "2.0", "--target-batch-ms", "0"),
        "--target-batch-ms must be 1 to 60000, not 0");
    assertOneRefusal(run("pause", "--shard", shard("new", newDatabase()), "--release", "2.0"),
        "shard new, release 2.0: the shard holds no Crossfade state yet");
  }

  @Test
  void aLockTimeoutBelowOneSecondIsAUsageError() {
    assertUsageError(run("expand", "--shard", shard("eu-1", newDatabase()), "--release", "2.0", "--lock-timeout", "0"),
        "--lock-timeout must be at least 1 second, not 0");
  }

  /** The options a verb would give its migrator, parsed as the command line parses them. */
  private static dev.crossfade.runtime.MigratorOptions parsedOptions(String... args) {
    picocli.CommandLine cl = new picocli.CommandLine(new MigratorCommand(new java.io.PrintWriter(
        java.io.OutputStream.nullOutputStream()), MigratorCommandTest.class.getClassLoader(), false));
    picocli.CommandLine.ParseResult parsed = cl.parseArgs(args);
    MigratorCommand.Verb verb = (MigratorCommand.Verb) parsed.subcommand().commandSpec().userObject();
    return verb.options(verb.lockTimeout(dev.crossfade.runtime.MigratorOptions.defaults()));
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertUsageError(run(), "a command is required");
    assertUsageError(run("upgrade", "--shard", shard("eu-1", newDatabase())), "upgrade");
  }

  @Test
  void aUsageErrorThatEchoesTheArgumentsHidesThePassword() {
    Result r = run("expadn", "--shard", "eu-1=jdbc:postgresql://db/inventory?user=app&password=s3cret");
    assertUsageError(r, "expadn", "password=***");
    assertFalse(r.err().contains("s3cret"), r::toString);
    assertTrue(r.err().contains("Did you mean: java -jar crossfade-migrator.jar expand"), r::toString);
  }

  @Test
  void negativeBatchSizeAndWaitAreUsageErrors() {
    String eu = shard("eu-1", newDatabase());
    assertUsageError(run("migrate", "--shard", eu, "--release", "2.0", "--batch-size", "0"), "--batch-size");
    assertUsageError(run("contract", "--shard", eu, "--release", "2.0", "--wait", "-1"), "--wait");
  }

  @Test
  void helpIsPrintedToOutAndExitsZero() {
    Result r = ok("migrate", "--help");
    assertTrue(r.out().contains("--batch-size"), r::toString);
    assertTrue(r.out().contains("--shard=NAME=JDBC_URL"), r::toString);
  }

  @Test
  void aVerbActsOnEveryShardInTheOrderGiven() {
    String a = newDatabase();
    String b = newDatabase();
    Result expand = ok("expand", "--shard", shard("eu-1", a), "--shard", shard("us-1", b), "--release", "1.0");
    int eu = expand.out().indexOf("shard eu-1, release 1.0: CONTRACTED");
    int us = expand.out().indexOf("shard us-1, release 1.0: CONTRACTED");
    assertTrue(eu >= 0 && us > eu, expand::toString);

    // Several shards: one table row each, in the order given, with every release's phase.
    Result status = ok("status", "--shard", shard("eu-1", a), "--shard", shard("us-1", b));
    List<String> lines = status.out().lines().toList();
    assertTrue(lines.get(0).matches("shard\\s+db\\s+1\\.0\\s+2\\.0\\s+rows copied\\s+live servers\\s+.*"),
        status::toString);
    assertTrue(lines.get(1).matches("eu-1\\s+h2\\s+CONTRACTED\\s+PENDING\\s+-\\s+none\\s+-\\s+none"),
        status::toString);
    assertTrue(lines.get(2).matches("us-1\\s+h2\\s+CONTRACTED\\s+PENDING\\s+-\\s+none\\s+-\\s+none"),
        status::toString);
    assertEquals("2 shards; release 2.0: 2 PENDING", lines.get(3), status::toString);
  }

  @Test
  void aRefusalStopsTheCommandBeforeTheLaterShards() {
    String fresh = newDatabase();
    String ready = newDatabase();
    ok("expand", "--shard", shard("ready", ready), "--release", "1.0");

    Result r = run("expand", "--shard", shard("fresh", fresh), "--shard", shard("ready", ready), "--release", "2.0");
    assertOneRefusal(r, "shard fresh, release 2.0: ", "release 1.0 is PENDING");
    Result status = ok("status", "--shard", shard("ready", ready));
    assertEquals("PENDING", phaseIn(status.out(), "ready", "2.0"), "the shard after the refusal was not touched");
  }

  @Test
  void rollbackFromExpandedReturnsToPendingAndASecondRollbackIsRefused() {
    String url = newDatabase();
    String eu = shard("eu-1", url);
    ok("expand", "--shard", eu, "--release", "1.0");
    ok("expand", "--shard", eu, "--release", "2.0");
    assertEquals("EXPANDED", phase(url, "2.0"));

    Result back = ok("rollback", "--shard", eu, "--release", "2.0");
    assertTrue(back.out().contains("shard eu-1, release 2.0: PENDING"), back::toString);
    Result status = ok("status", "--shard", eu);
    assertEquals("PENDING", phaseIn(status.out(), "eu-1", "2.0"), status::toString);
    assertTrue(status.out().contains("drift: none"), "what expand added is gone:\n" + status.out());

    assertOneRefusal(run("rollback", "--shard", eu, "--release", "2.0", "--force"), "shard eu-1, release 2.0: ",
        "nothing to roll back");
  }

  @Test
  void anUnreachableShardExitsFourWithOneErrorLine() {
    Result r = run("status", "--shard", "eu-1=jdbc:h2:./target/no-such-dir/none;IFEXISTS=TRUE");
    assertEquals(MigratorCommand.FAILED, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("error: shard eu-1: "), r::toString);
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void aClassPathWithoutAGeneratedPlanIsAnErrorNamingWhatIsMissing() {
    Result r = runWith(new ClassLoader(null) {}, "status", "--shard", shard("eu-1", newDatabase()));
    assertEquals(MigratorCommand.FAILED, r.code(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertTrue(r.errLines().get(0).startsWith("error: META-INF/crossfade/schema.json is not on the class path"),
        r::toString);
  }

  @Test
  void statusNamesEachRegisteredServerWithItsReleaseAndLeaseEndInUtc() {
    String url = newDatabase();
    ok("expand", "--shard", shard("eu-1", url), "--release", "1.0");
    dev.crossfade.runtime.Shard eu = dev.crossfade.runtime.Shard.of("eu-1", url);
    dev.crossfade.runtime.TestFleet.beat(eu, "app-7", Version.parse("1.0"));
    dev.crossfade.runtime.TestFleet.beat(eu, "app-8", Version.parse("2.0"));

    Result r = ok("status", "--shard", shard("eu-1", url));
    assertTrue(r.out().contains("live servers: 1.0 x1, 2.0 x1"), r::toString);
    for (String[] server : new String[][] {{"app-7", "1.0"}, {"app-8", "2.0"}}) {
      Pattern line = Pattern.compile("(?m)^\\s+" + server[0] + "\\s+release " + Pattern.quote(server[1])
          + "\\s+lease until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
      assertTrue(line.matcher(r.out()).find(), () -> server[0] + " named with release and lease end:\n" + r.out());
    }
  }

  @Test
  void planPrintsTheReviewedPlanOfTheReleaseAndDialectAsked() {
    CompiledDomain sample = CompiledDomain.shared(CompiledDomain.RELEASE_2_0);
    assertEquals(sample.resource("META-INF/crossfade/mariadb/1.0/plan.md"),
        ok("plan", "--dialect", "mariadb", "--release", "1.0").out());
    assertEquals(sample.resource("META-INF/crossfade/postgres/2.0/plan.md"), ok("plan").out(),
        "the default is the code's release and postgres");
    assertUsageError(run("plan", "--dialect", "oracle"), "--dialect oracle", "postgres", "mariadb", "h2");
    assertUsageError(run("plan", "--release", "9.0"), "--release 9.0", "1.0, 2.0");
  }

  @Test
  void thePlanOptionReadsThePlanFromTheApplicationsJarOrFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path app)
      throws Exception {
    CompiledDomain sample = CompiledDomain.shared(CompiledDomain.RELEASE_2_0);
    for (var e : sample.resources().entrySet()) {
      java.nio.file.Path file = app.resolve(e.getKey());
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, e.getValue(), java.nio.charset.StandardCharsets.UTF_8);
    }
    ClassLoader withoutPlan = MigratorCommand.class.getClassLoader();
    assertEquals(null, withoutPlan.getResource("META-INF/crossfade/schema.json"), "the test's own class path has none");

    Result plan = runWith(withoutPlan, "--plan", app.toString(), "plan", "--dialect", "h2");
    assertEquals(0, plan.code(), plan::toString);
    assertEquals(sample.resource("META-INF/crossfade/h2/2.0/plan.md"), plan.out());

    String url = newDatabase();
    Result expand = runWith(withoutPlan, "--plan", app.toString(), "expand", "--release", "1.0", "--shard",
        shard("eu-1", url));
    assertEquals(0, expand.code(), expand::toString);
    assertTrue(expand.out().contains("shard eu-1, release 1.0: CONTRACTED"), expand::toString);

    Result missing = runWith(withoutPlan, "--plan", app.resolve("no-such.jar").toString(), "plan");
    assertUsageError(missing, "no-such.jar: no such file or folder");
  }

  @Test
  void migrateOptionsDefaultToTheLibraryDefaultsAndOverrideThem() {
    StringWriter sink = new StringWriter();
    PrintWriter w = new PrintWriter(sink);
    MigratorOptions defaults = MigratorOptions.defaults();

    CommandLine plain = MigratorCommand.commandLine(w, w, planLoader, false);
    plain.parseArgs("migrate", "--shard", "eu-1=jdbc:h2:mem:x", "--release", "2.0");
    MigratorOptions o = ((MigratorCommand.Migrate) plain.getSubcommands().get("migrate").getCommand())
        .options(defaults);
    assertEquals(defaults.initialBatchSize(), o.initialBatchSize());
    assertEquals(defaults.targetBatchTime(), o.targetBatchTime());
    // A save of a row in the batch being copied waits for the batch's transaction: the default bounds that wait
    // to tens of milliseconds rather than a quarter of a second (BENCHMARKS.md, Backfill impact).
    assertEquals(Duration.ofMillis(25), defaults.targetBatchTime());
    assertEquals(defaults.pauseBetweenBatches(), o.pauseBetweenBatches());

    CommandLine tuned = MigratorCommand.commandLine(w, w, planLoader, false);
    tuned.parseArgs("migrate", "--shard", "eu-1=jdbc:h2:mem:x", "--release", "2.0", "--batch-size", "7",
        "--target-batch-ms", "900", "--pause-ms", "30");
    o = ((MigratorCommand.Migrate) tuned.getSubcommands().get("migrate").getCommand()).options(defaults);
    assertEquals(7, o.initialBatchSize());
    assertEquals(Duration.ofMillis(900), o.targetBatchTime());
    assertEquals(Duration.ofMillis(30), o.pauseBetweenBatches());
    assertTrue(o.listener() instanceof ProgressPrinter);

    CommandLine waiting = MigratorCommand.commandLine(w, w, planLoader, false);
    waiting.parseArgs("rollback", "--shard", "eu-1=jdbc:h2:mem:x", "--release", "2.0", "--wait", "12", "--force");
    MigratorCommand.Rollback rollback = (MigratorCommand.Rollback) waiting.getSubcommands().get("rollback")
        .getCommand();
    assertEquals(Duration.ofSeconds(12), rollback.options(defaults).ackWait());
    assertTrue(rollback.force);
  }

  private static BackfillProgress progress(int step, long done) {
    return new BackfillProgress("eu-1", Version.parse("2.0"), step, 2, "host -> host_network", done, 100, 50.0,
        Duration.ofSeconds(1), 10);
  }

  @Test
  void plainOutputPrintsProgressAtMostOncePerSecondPlusTheLastOfEachStep() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, now::get);
    long ms = 1_000_000L;
    printer.onProgress(progress(1, 10)); // printed: the first
    now.set(400 * ms);
    printer.onProgress(progress(1, 20)); // too soon
    now.set(900 * ms);
    printer.onProgress(progress(1, 30)); // too soon
    now.set(1000 * ms);
    printer.onProgress(progress(1, 40)); // a second after the first
    now.set(1100 * ms);
    printer.onProgress(progress(1, 100)); // too soon, but the last of step 1
    now.set(1200 * ms);
    printer.onProgress(progress(2, 10)); // too soon
    now.set(1300 * ms);
    printer.onProgress(progress(2, 100)); // too soon, but the last of step 2
    printer.finish();

    List<String> lines = new ArrayList<>(text.toString().lines().toList());
    assertEquals(List.of(progress(1, 10).line(), progress(1, 40).line(), progress(1, 100).line(),
        progress(2, 100).line()), lines);
  }

  @Test
  void terminalOutputOverwritesOneLinePerStepAndEndsIt() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, now::get);
    long ms = 1_000_000L;
    printer.onProgress(progress(1, 10));
    now.set(200 * ms);
    printer.onProgress(progress(1, 100));
    now.set(400 * ms);
    printer.onProgress(progress(2, 5));
    now.set(450 * ms);
    printer.onProgress(progress(2, 100));
    printer.finish();

    String nl = System.lineSeparator();
    String k = ProgressPrinter.CLEAR_TO_END;
    String expected = "\r" + progress(1, 10).line() + k + "\r" + progress(1, 100).line() + k + nl
        + "\r" + progress(2, 5).line() + k + "\r" + progress(2, 100).line() + k + nl;
    assertEquals(expected, text.toString());
  }

  @Test
  void terminalRedrawClearsToTheEndOfTheLineSoNothingOfALongerLineIsLeftOnScreen() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, now::get);
    BackfillProgress longer = new BackfillProgress("eu-1", Version.parse("2.0"), 1, 1, "x", 10, 100, 123456.0, null, 1);
    BackfillProgress shorter = new BackfillProgress("eu-1", Version.parse("2.0"), 1, 1, "x", 100, 100, 1.0,
        Duration.ZERO, 1);
    assertTrue(longer.line().length() > shorter.line().length(), "the fixture's second line is shorter");
    printer.onProgress(longer);
    now.set(1_000_000_000L);
    printer.onProgress(shorter);
    printer.finish();

    assertTrue(text.toString().startsWith("\r" + longer.line() + "\u001b[K\r" + shorter.line() + "\u001b[K"),
        "carriage return, the line, then ESC [ K:\n" + text);
    assertEquals(List.of(shorter.line()), screen(text.toString()), "what a terminal shows");
  }

  /** The lines a terminal shows for the text: {@code \r} goes to column 0, {@code ESC [ K} erases to the end. */
  private static List<String> screen(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int col = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\r') {
        col = 0;
      } else if (ch == '\n') {
        lines.add(line.toString());
        line.setLength(0);
        col = 0;
      } else if (text.startsWith("\u001b[K", i)) {
        line.setLength(Math.min(line.length(), col));
        i += 2;
      } else {
        if (col < line.length()) {
          line.setCharAt(col, ch);
        } else {
          line.append(ch);
        }
        col++;
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
