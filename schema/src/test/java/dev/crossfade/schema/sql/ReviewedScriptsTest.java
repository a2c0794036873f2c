package dev.crossfade.schema.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The migrator runs the backfill and rollback statements read back from the reviewed files: what it reads is
 * exactly what the renderer wrote (the count queries of rollback on the one line the reviewer reads), and a file
 * that does not match the model is refused rather than half run.
 */
class ReviewedScriptsTest {
  private static final SchemaModel MODEL = SampleModel.model();
  private static final ReleasePlan PLAN_2 = new MigrationPlanner(MODEL).plan(SampleModel.V2);

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theBackfillReadFromItsFileIsTheRenderedBatchStatements(Dialect dialect) {
    List<BackfillSql> rendered = new SqlRenderer(dialect).render(PLAN_2).backfill();
    assertTrue(rendered.stream().anyMatch(BackfillSql::converted) && rendered.stream().anyMatch(b -> !b.converted()),
        "the sample has copied and converted steps");
    String file = ScriptText.write(List.of("header"), BackfillScript.statements(rendered));
    assertEquals(rendered, BackfillScript.parse(file, PLAN_2.backfill()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aStepConvertedBySqlEquivalentsIsReadBackAsACopyWithItsCheck(Dialect dialect) {
    java.util.Map<String, String> sql = new java.util.HashMap<>();
    PLAN_2.backfill().stream().filter(s -> s.converted()).flatMap(s -> s.moves().stream())
        .forEach(m -> sql.put(m.converter(), "CAST(? AS BIGINT) * 1048576"));
    List<BackfillSql> rendered = new SqlRenderer(dialect, sql).render(PLAN_2).backfill();
    BackfillSql converted = rendered.stream().filter(BackfillSql::converted).findFirst().orElseThrow();
    assertTrue(converted.inDatabase() && converted.write() == null && converted.read() != null, converted.toString());
    String file = ScriptText.write(List.of("header"), BackfillScript.statements(rendered));
    assertEquals(rendered, BackfillScript.parse(file, PLAN_2.backfill()));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theRollbackReadFromItsFileHasItsDropsAndOneLineCounts(Dialect dialect) {
    List<RollbackSql> rendered = new SqlRenderer(dialect).rollbackExpand(PLAN_2, MODEL);
    String file = ScriptText.write(List.of("header"), RollbackScript.statements(rendered));
    List<RollbackSql> read = RollbackScript.parse(file);
    assertEquals(rendered.stream().map(r -> new RollbackSql(r.drop(), oneLine(r.lossCount()), r.loses(), r.restores(),
        oneLine(r.blockerCount()), r.blocks())).toList(), read);
    assertTrue(read.stream().anyMatch(r -> r.lossCount() != null), "the sample's rollback counts a loss");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"H2"})
  void aBackfillFileOfAnotherModelIsRefused(Dialect dialect) {
    List<BackfillSql> rendered = new SqlRenderer(dialect).render(PLAN_2).backfill();
    String file = ScriptText.write(List.of("header"), BackfillScript.statements(rendered.subList(1, rendered.size())));
    assertThrows(IllegalArgumentException.class, () -> BackfillScript.parse(file, PLAN_2.backfill()));
  }

  private static String oneLine(String sql) {
    return sql == null ? null : sql.replace("\n", " ");
  }
}
