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
  void statusOfANewShardShowsEveryReleasePending() {
    Result r = ok("status", "--shard", shard("eu-1", newDatabase()));
    assertEquals("PENDING", phaseIn(r.out(), "eu-1", "1.0"), r::toString);
    assertEquals("PENDING", phaseIn(r.out(), "eu-1", "2.0"), r::toString);
    assertTrue(r.out().contains("live servers: none"), r::toString);
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
    assertUsageError(run("status", "--shard", "jdbc:h2:mem:x"), "--shard", "NAME=JDBC_URL", "'jdbc:h2:mem:x'");
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
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertUsageError(run(), "a command is required");
    assertUsageError(run("upgrade", "--shard", shard("eu-1", newDatabase())), "upgrade");
  }

  @Test
  void aUsageErrorThatEchoesTheArgumentsHidesThePassword() {
    Result r = run("expadn", "--shard", "eu-1=jdbc:postgresql://db/inventory?user=app&password=s3cret");
    assertUsageError(r, "expadn", "password=***");
    assertFalse(r.err().contains("s3cret"), r::toString);
    assertTrue(r.err().contains("Did you mean: crossfade-migrator expand?"), r::toString);
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

    Result status = ok("status", "--shard", shard("eu-1", a), "--shard", shard("us-1", b));
    assertEquals("CONTRACTED", phaseIn(status.out(), "eu-1", "1.0"), status::toString);
    assertEquals("CONTRACTED", phaseIn(status.out(), "us-1", "1.0"), status::toString);
    assertTrue(status.out().indexOf("shard eu-1 (") < status.out().indexOf("shard us-1 ("), status::toString);
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
    String expected = "\r" + progress(1, 10).line() + "\r" + progress(1, 100).line() + nl
        + "\r" + progress(2, 5).line() + "\r" + progress(2, 100).line() + nl;
    assertEquals(expected, text.toString());
  }

  @Test
  void terminalOutputBlanksTheRestOfALongerPreviousLine() {
    StringWriter text = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, now::get);
    BackfillProgress longer = new BackfillProgress("eu-1", Version.parse("2.0"), 1, 1, "x", 10, 100, 123456.0, null, 1);
    BackfillProgress shorter = new BackfillProgress("eu-1", Version.parse("2.0"), 1, 1, "x", 100, 100, 1.0,
        Duration.ZERO, 1);
    printer.onProgress(longer);
    now.set(1_000_000_000L);
    printer.onProgress(shorter);
    printer.finish();

    int pad = longer.line().length() - shorter.line().length();
    assertTrue(pad > 0, "the fixture's second line is shorter");
    assertEquals("\r" + longer.line() + "\r" + shorter.line() + " ".repeat(pad) + System.lineSeparator(),
        text.toString());
  }
}
