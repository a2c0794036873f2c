package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.crossfade.schema.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor never crashes on bad input: 200 randomly generated domains, three hundred under
 * {@code -Pfull} (random names, types, versions, columns, moves and enum constants, valid and invalid; half of
 * them a shipped
 * release followed by a randomly edited next release, so the snapshot diff runs too) each end in generated
 * files or in catalogue errors,
 * never in an exception trace or an internal error. Seeds are fixed, so a failure names the seed that
 * reproduces it: {@code new RandomDomain(new Random(seed))}.
 */
@Tag(TestSizes.TAG)
class RandomDomainsTest {
  private static final int DOMAINS = TestSizes.of(200, 300);
  private static final long FIRST_SEED = 20_240_601L;
  private static final Set<String> ISSUE_15_TAGS = Set.of("enum-constant-removed", "enum-constant-without-since",
      "enum-constant-since-before-snapshot", "enum-type-changed", "enum-constant-too-long", "moved-to-existing-entity",
      "moved-to-narrower", "converter-types");
  private static final Pattern TAG = Pattern.compile("^\\[crossfade:([a-z0-9-]+)] ");

  @TempDir
  Path root;

  private int succeeded;
  private int failed;
  private final Set<String> tags = new TreeSet<>();

  @Test
  void everyRandomDomainEndsInGeneratedFilesOrCatalogueErrors(TestReporter reporter) throws IOException {
    List<String> problems = new ArrayList<>();
    for (long seed = FIRST_SEED; seed < FIRST_SEED + DOMAINS; seed++) {
      String problem = run(seed);
      if (problem != null) {
        problems.add("seed " + seed + ": " + problem);
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + DOMAINS + " random domains broke the processor:\n"
          + String.join("\n\n", problems.subList(0, Math.min(5, problems.size()))));
    }
    reporter.publishEntry("outcome", succeeded + " compiled, " + failed + " rejected; messages raised: " + tags);
    // The generator must exercise both outcomes and a good part of the catalogue, or the test proves little.
    assertTrue(succeeded >= DOMAINS / 5, "too few domains compiled: " + succeeded);
    assertTrue(failed >= DOMAINS / 5, "too few domains were rejected: " + failed);
    assertTrue(tags.size() >= 25, "too few distinct messages raised: " + tags);
    // Issue 15's mistakes are among them: enum constants, moves into rows that are not the source's, narrowing
    // moves and converters of the wrong type.
    Set<String> issue15 = new TreeSet<>(ISSUE_15_TAGS);
    issue15.removeAll(tags);
    assertTrue(issue15.isEmpty(), "issue 15's messages not raised by any random domain: " + issue15);
  }

  /** Compiles the domain of one seed (and, for half of them, the next release against its snapshot). */
  private String run(long seed) throws IOException {
    Random random = new Random(seed);
    RandomDomain generator = new RandomDomain(random);
    Path snapshots = root.resolve("seed-" + seed);
    String option = "-Acrossfade.snapshots=" + snapshots;
    if (generator.chance(50)) {
      // A release that shipped (careful, so that it has a snapshot), then the next one, careful or not.
      generator.sloppy(false);
      List<RandomDomain.Entity> first = generator.generate();
      generator.sloppy(generator.chance(60));
      ErrorCatalogueDomain shipped = generator.render(first, "1.0", null).options(option);
      String problem = check(shipped, "release 1.0");
      if (problem != null) {
        return problem;
      }
      Path snapshot = snapshots.resolve("1.0.json");
      if (Files.exists(snapshot) && generator.chance(40)) {
        markEveryTableLarge(snapshot);
      }
      String release = generator.chance(80) ? "2.0" : generator.pickRelease();
      List<RandomDomain.Entity> next = generator.evolve(first, release);
      String baseline = generator.chance(70) ? "1.0" : null;
      return check(generator.render(next, release, baseline).options(option), "release " + release);
    }
    List<RandomDomain.Entity> first = generator.generate();
    String release = generator.pickRelease();
    String baseline = generator.chance(60) ? "1.0" : generator.chance(20) ? generator.version() : null;
    return check(generator.render(first, release, baseline).options(
        generator.chance(50) ? option : "-Acrossfade.dialects=" + (generator.chance(50) ? "mariadb" : "postgres,h2")),
        "release " + release);
  }

  private String check(ErrorCatalogueDomain domain, String what) {
    Compilation compilation;
    try {
      compilation = domain.compile();
    } catch (Throwable t) {
      return what + " crashed javac: " + t + "\n" + domain;
    }
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (message.contains("crossfade:internal-error") || message.contains("\tat ")
          || message.contains("at dev.crossfade") || message.contains("Exception")) {
        return what + " reported a failure: " + message + "\n" + domain;
      }
      Matcher tag = TAG.matcher(message);
      if (d.getKind() == Diagnostic.Kind.ERROR && !tag.find()) {
        return what + " has an error outside the catalogue (a generator bug if it is javac's): " + message + "\n"
            + domain;
      }
      if (tag.find(0)) {
        tags.add(tag.group(1));
      }
    }
    if (compilation.status() == Compilation.Status.SUCCESS) {
      succeeded++;
      boolean wrote = compilation.generatedFiles().stream()
          .anyMatch(f -> f.toUri().getPath().endsWith("META-INF/crossfade/index.properties"));
      return wrote ? null : what + " compiled but generated no index.properties\n" + domain;
    }
    failed++;
    return compilation.errors().isEmpty() ? what + " failed without an error\n" + domain : null;
  }

  /** The user's edit of a shipped snapshot: every table estimated at ten million rows. */
  private static void markEveryTableLarge(Path file) throws IOException {
    Snapshot s = Snapshot.parse(Files.readString(file, StandardCharsets.UTF_8));
    TreeMap<String, Snapshot.Table> tables = new TreeMap<>();
    s.tables().forEach((name, t) -> tables.put(name, t.withRows(10_000_000L)));
    Files.writeString(file, new Snapshot(s.format(), s.release(), s.baseline(), tables).toJson(),
        StandardCharsets.UTF_8);
  }
}
