package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.RollbackSql;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migrator's backfill and rollback statements are the reviewed files' text (issue 13, item 3), as expand's
 * and contract's already were: a statement changed in the jar is the statement that runs, and a file that does
 * not hold the model's steps is refused instead of half run.
 */
class GeneratedPlanScriptsTest {
  private static final Version V2 = Version.parse("2.0");
  private static final String BACKFILL = "META-INF/crossfade/h2/2.0/backfill.sql";
  private static final String ROLLBACK = "META-INF/crossfade/h2/2.0/rollback.sql";

  private static ClassLoader compiled() {
    return CompiledDomain.shared(CompiledDomain.RELEASE_2_0).classLoader();
  }

  @Test
  void theBackfillStatementsAreTheReviewedFilesText() {
    String reviewed = read(compiled(), BACKFILL);
    GeneratedPlan plan = GeneratedPlan.load(replacing(BACKFILL,
        reviewed.replace("SELECT count(*)", "SELECT /* as reviewed */ count(*)")));
    List<BackfillSql> steps = plan.backfill(Dialect.H2, V2);
    assertFalse(steps.isEmpty());
    assertTrue(steps.stream().allMatch(s -> s.verify().startsWith("SELECT /* as reviewed */ count(*)")),
        "every verify query as the file has it");
    assertEquals(plan.plan("eu-1", V2).backfill(), steps.stream().map(BackfillSql::step).toList(),
        "each step is the model's");
  }

  @Test
  void aBackfillFileWithoutTheModelsFirstStepIsRefusedNamingTheFile() {
    String reviewed = read(compiled(), BACKFILL);
    String withoutStep1 = reviewed.replaceAll("(?m)^-- step 1: .*\\n(?:.+\\n)*\\n?", "");
    assertTrue(withoutStep1.length() < reviewed.length(), "step 1 was cut");
    GeneratedPlan plan = GeneratedPlan.load(replacing(BACKFILL, withoutStep1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan.backfill(Dialect.H2, V2));
    assertTrue(e.getMessage().startsWith(BACKFILL + " does not match the application's schema"), e.getMessage());
  }

  @Test
  void theRollbackDropsAndCountsAreTheReviewedFilesText() {
    String reviewed = read(compiled(), ROLLBACK);
    GeneratedPlan plan = GeneratedPlan.load(replacing(ROLLBACK,
        reviewed.replace("SELECT count(*)", "SELECT /* as reviewed */ count(*)")));
    List<RollbackSql> undo = plan.rollback(Dialect.H2, V2);
    List<String> counts = undo.stream().flatMap(r -> java.util.stream.Stream.of(r.lossCount(), r.blockerCount()))
        .filter(java.util.Objects::nonNull).toList();
    assertFalse(counts.isEmpty(), "the sample's rollback counts before it drops");
    assertTrue(counts.stream().allMatch(c -> c.startsWith("SELECT /* as reviewed */ count(*)")), counts.toString());
    assertTrue(reviewed.contains(undo.get(undo.size() - 1).drop().sql() + ";"), "the drops as the file has them");
  }

  /** The compiled sample, with one generated file replaced: an application jar whose script was changed. */
  private static ClassLoader replacing(String path, String text) {
    return new ClassLoader(compiled()) {
      @Override
      public InputStream getResourceAsStream(String name) {
        return name.equals(path) ? new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))
            : super.getResourceAsStream(name);
      }
    };
  }

  private static String read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
