package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Goldens for everything the processor writes: one small domain per refactoring (inputs under
 * {@code src/test/resources/refactorings/<name>/}) and the whole sample domain, for PostgreSQL, MariaDB
 * and H2, plus the plan and the schema model.
 */
class GeneratedFilesGoldenTest {
  private static final Path INPUTS = Path.of("src", "test", "resources", "refactorings");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"add-table", "add-column", "drop-column", "drop-table", "rename-column", "split-table", "extract-rows",
      "rename-table",
      "change-type"})
  void eachRefactoringGeneratesItsGoldenSqlAndPlanForEveryDialect(String refactoring) {
    Map<String, String> files = CompiledDomain.compile(INPUTS.resolve(refactoring)).resources();
    for (String dialect : new String[] {"postgres", "mariadb", "h2"}) {
      for (String file : new String[] {"expand.sql", "backfill.sql", "contract.sql", "rollback.sql", "plan.md"}) {
        assertTrue(files.containsKey("META-INF/crossfade/" + dialect + "/2.0/" + file), dialect + "/2.0/" + file);
      }
    }
    GoldenFiles.assertMatches("refactorings/" + refactoring, strip(files));
  }

  @Test
  void sampleDomainRelease2GeneratesItsGoldenFiles() {
    GoldenFiles.assertMatches("sample-2.0", strip(CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources()));
  }

  @Test
  void mysqlIsWrittenWhenAskedFor() {
    Map<String, String> files = CompiledDomain.compile(INPUTS.resolve("split-table"),
        "-Acrossfade.dialects=mysql").resources();
    assertEquals(
        java.util.List.of("META-INF/crossfade/index.properties", "META-INF/crossfade/mysql/1.0/backfill.sql",
            "META-INF/crossfade/mysql/1.0/contract.sql", "META-INF/crossfade/mysql/1.0/expand.sql",
            "META-INF/crossfade/mysql/1.0/plan.md", "META-INF/crossfade/mysql/2.0/backfill.sql",
            "META-INF/crossfade/mysql/2.0/contract.sql", "META-INF/crossfade/mysql/2.0/expand.sql",
            "META-INF/crossfade/mysql/2.0/plan.md", "META-INF/crossfade/mysql/2.0/rollback.sql",
            "META-INF/crossfade/schema.json"),
        java.util.List.copyOf(files.keySet()));
    assertTrue(files.get("META-INF/crossfade/mysql/2.0/contract.sql").contains("ALGORITHM=INPLACE, LOCK=NONE"));
  }

  /** Goldens hold paths below META-INF/crossfade/. */
  private static Map<String, String> strip(Map<String, String> files) {
    Map<String, String> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k.replaceFirst("^META-INF/crossfade/", ""), v));
    return out;
  }
}
