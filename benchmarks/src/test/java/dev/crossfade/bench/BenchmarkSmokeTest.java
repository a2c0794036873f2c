package dev.crossfade.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfade.schema.sql.Dialect;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every benchmark at a tiny size, so that none can rot: no timing is asserted, only that each run produced
 * sane results (the copies are complete — the harness checks row counts itself —, every ratio is finite and
 * positive, every table has its rows, the plot is a readable PNG). A database that is not reachable skips
 * loudly, and fails when {@code CI=true}.
 */
class BenchmarkSmokeTest {

  private static void requireDatabase(Dialect d) {
    try {
      Databases.requireReachable(d);
    } catch (Databases.Unreachable e) {
      String message = "\n!!! " + e.getMessage() + "\n!!! The " + d + " benchmark smoke run is SKIPPED.\n";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + message, e);
      }
      System.err.println(message);
      Assumptions.assumeTrue(false, message);
    }
  }

  private static void assertSane(Report report, int tables) {
    assertEquals(tables, report.tables.size(), report.markdown());
    report.tables.values().forEach(t -> assertFalse(t.rows().isEmpty(), report.markdown()));
    assertFalse(report.ratios.isEmpty(), report.markdown());
    report.ratios.forEach((label, r) -> assertTrue(Double.isFinite(r) && r > 0, label + " = " + r + "\n"
        + report.markdown()));
    assertFalse(report.notes.stream().anyMatch(n -> n.startsWith("ISSUE")), report.markdown());
    assertTrue(report.markdown().contains("| "), report.markdown());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void repositoryFigures(Dialect d) throws Exception {
    requireDatabase(d);
    Report report = Bench.run("repo", Map.of("db", d.folder(), "rows", "200", "rounds", "1", "warmup", "0", "ops",
        "10"));
    assertSane(report, 4);
    assertEquals(2 + 2 + 6, report.tables.values().stream().mapToInt(t -> t.rows().size()).sum() - 1,
        "joined 2, dual 2, steady 6, cache 1: " + report.markdown());
    assertEquals(1.0, report.ratios.get(d.folder() + " 200 cache statements by operations + 1"),
        "no operation read the state tables");
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void backfillFigures(Dialect d) throws Exception {
    requireDatabase(d);
    Report report = Bench.run("backfill", Map.of("db", d.folder(), "rows", "300", "reps", "1"));
    assertSane(report, 2);
    assertEquals(1, report.files.size());
    Path png = report.files.get(0);
    assertTrue(Files.size(png) > 10_000, png + " is written");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " is a PNG");
    assertEquals(1200, image.getWidth());
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void fleetFigures(Dialect d) throws Exception {
    requireDatabase(d);
    Report report = Bench.run("fleet", Map.of("db", d.folder(), "shards", "3", "parallel", "1,2", "hosts", "5"));
    assertSane(report, 2);
    assertEquals(2, report.tables.values().iterator().next().rows().size(), report.markdown());
  }

  /** pt-online-schema-change is missing: skip loudly, fail when CI=true (.ci/run installs it). */
  private static void requirePtOsc() {
    try {
      PeersBench.requirePtOsc();
    } catch (PeersBench.Missing e) {
      String message = "\n!!! " + e.getMessage() + "\n!!! The MariaDB peers benchmark smoke run is SKIPPED.\n";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + message, e);
      }
      System.err.println(message);
      Assumptions.assumeTrue(false, message);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void peersFiguresRunEveryToolOnTheSameShardUnderTraffic(Dialect d) throws Exception {
    requireDatabase(d);
    if (d == Dialect.MARIADB) {
      requirePtOsc();
    }
    Report report = Bench.run("peers", Map.of("db", d.folder(), "rows", "300"));
    assertSane(report, 2);
    int tools = d == Dialect.MARIADB ? 3 : 2;
    assertEquals(tools, report.tables.get(PeersBench.FIGURE).rows().size(), report.markdown());
    assertEquals(tools - 1, report.tables.get(PeersBench.VERSUS).rows().size(), report.markdown());
    assertEquals(tools, report.files.size());
    for (Path png : report.files) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, png + " is a PNG");
      assertEquals(1200, image.getWidth());
    }
  }

  @Test
  void processorFigure() throws Exception {
    Report report = Bench.run("processor", Map.of("entities", "12", "releases", "3", "reps", "1", "warmup", "0"));
    assertSane(report, 1);
  }
}
