package dev.crossfade.schema.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScriptTextTest {
  private static final List<String> HEADER = List.of("Crossfade expand script for release 2.0", "",
      "Generated; do not edit.");

  @Test
  void writeProducesHeaderThenOneCommentedBlockPerStatement() {
    String text = ScriptText.write(List.of("expand 2.0"), List.of(
        new Statement("add table t", "CREATE TABLE \"t\" (\n  \"id\" bigint NOT NULL\n)"),
        new Statement("drop column t.x", "ALTER TABLE \"t\" DROP \"x\"")));
    assertEquals("-- expand 2.0\n"
        + "\n"
        + "-- add table t\n"
        + "CREATE TABLE \"t\" (\n  \"id\" bigint NOT NULL\n);\n"
        + "\n"
        + "-- drop column t.x\n"
        + "ALTER TABLE \"t\" DROP \"x\";\n", text);
  }

  @Test
  void emptyHeaderLinesBecomeBareCommentMarkers() {
    String text = ScriptText.write(HEADER, List.of());
    assertTrue(text.startsWith("-- Crossfade expand script for release 2.0\n--\n-- Generated; do not edit.\n"), text);
  }

  @Test
  void anEmptyScriptSaysSoAndParsesToNoStatements() {
    String text = ScriptText.write(HEADER, List.of());
    assertTrue(text.contains("-- Nothing to do in this step for this release.\n"), text);
    assertTrue(text.endsWith("\n"));
    assertEquals(List.of(), ScriptText.parse(text));
    assertEquals(List.of(), ScriptText.parse(ScriptText.write(List.of(), List.of())));
  }

  @Test
  void writeThenParseGivesBackTheStatements() {
    List<Statement> statements = List.of(
        new Statement("first", "SET lock_timeout = '5s'"),
        new Statement("second", "CREATE TABLE \"t\" (\n  \"id\" bigint NOT NULL,\n  CONSTRAINT \"t_pkey\" PRIMARY KEY (\"id\")\n)"),
        new Statement("third", "ALTER TABLE `t` ADD `x` int NULL,\nALGORITHM=INPLACE, LOCK=NONE"));
    assertEquals(statements, ScriptText.parse(ScriptText.write(HEADER, statements)));
  }

  @Test
  void reasonsWithSeveralLinesSurviveTheRoundTrip() {
    List<Statement> statements = List.of(
        new Statement("copy host.ip -> host_network.ip_address\n1. lock the next batch\n2. copy it", "SELECT 1"),
        new Statement("a\n\nb (an empty middle line)", "SELECT 2"),
        new Statement("-- looks like a comment\n  indented line", "SELECT 3"));
    String text = ScriptText.write(HEADER, statements);
    assertTrue(text.contains("-- copy host.ip -> host_network.ip_address\n-- 1. lock the next batch\n-- 2. copy it\n"),
        text);
    assertEquals(statements, ScriptText.parse(text));
  }

  @Test
  void aReasonWithAnEmptyLineDoesNotSplitTheBlock() {
    String text = ScriptText.write(List.of(), List.of(new Statement("a\n\nb", "SELECT 1")));
    assertTrue(!text.contains("\n\n-- b"), text);
  }

  @Test
  void windowsLineEndsAreAccepted() {
    List<Statement> statements = List.of(
        new Statement("one\ntwo", "CREATE TABLE \"t\" (\n  \"id\" bigint\n)"),
        new Statement("three", "DROP TABLE \"u\""));
    String crlf = ScriptText.write(HEADER, statements).replace("\n", "\r\n");
    assertEquals(statements, ScriptText.parse(crlf));
  }

  @Test
  void blankLinesMadeOfSpacesStillSeparateBlocks() {
    String text = "-- header\n   \n-- r1\nSELECT 1;\n\t\n-- r2\nSELECT 2;\n";
    assertEquals(List.of(new Statement("r1", "SELECT 1"), new Statement("r2", "SELECT 2")), ScriptText.parse(text));
  }

  @Test
  void aStatementWithoutAReasonParsesWithAnEmptyReason() {
    assertEquals(List.of(new Statement("", "SELECT 1")), ScriptText.parse("SELECT 1;\n"));
  }

  @Test
  void onlyTheTerminatingSemicolonIsRemoved() {
    assertEquals(List.of(new Statement("r", "SELECT ';'")), ScriptText.parse("-- r\nSELECT ';';\n"));
  }

  @Test
  void headerOnlyBlocksAreSkipped() {
    String text = ScriptText.write(HEADER, List.of(new Statement("r", "SELECT 1")));
    List<Statement> parsed = ScriptText.parse(text);
    assertEquals(1, parsed.size());
    assertEquals("r", parsed.get(0).reason());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void renderedScriptsOfTheSampleSurviveTheRoundTrip(Dialect dialect) {
    SqlRenderer renderer = new SqlRenderer(dialect);
    for (ReleasePlan plan : new MigrationPlanner(SampleModel.model(true)).plans()) {
      ReleaseScripts scripts = renderer.render(plan);
      List<Statement> all = new ArrayList<>(scripts.expand());
      all.addAll(scripts.contract());
      assertEquals(all, ScriptText.parse(ScriptText.write(HEADER, all)), dialect + " " + plan.release());
    }
  }
}
