package dev.crossfade.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refusal of the migrator's command line is one line on stderr even when the application jar brings an SLF4J
 * binding that logs INFO (the sample app brings slf4j-simple, whose default level is INFO): jOOQ's "Version:
 * Database version is supported by dialect" line must not follow it (issue 19). Run as the operator runs it: a
 * fresh JVM on the application's class path.
 */
class MigratorRefusalOneLineTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aRefusedMigrateIsOneLineOnStderrAndNothingOnStdout(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Path out = java.nio.file.Files.createTempFile("crossfade-out", ".txt");
      Path err = java.nio.file.Files.createTempFile("crossfade-err", ".txt");
      try {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-cp", classPath(), "dev.crossfade.runtime.cli.MigratorCommand", "migrate",
            "--release", "2.0", "--shard", "eu-1=" + db.url()))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the migrator process ended");
        String stdout = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
        List<String> stderr = java.nio.file.Files.readAllLines(err, StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue(), "a refusal exits 3; stderr: " + stderr);
        assertEquals("", stdout, "nothing on stdout");
        assertEquals(1, stderr.size(), "one line on stderr: " + stderr);
        assertTrue(stderr.get(0).contains("eu-1") && stderr.get(0).contains("release 2.0"), stderr.get(0));
      } finally {
        java.nio.file.Files.deleteIfExists(out);
        java.nio.file.Files.deleteIfExists(err);
      }
    }
  }

  /** The test class path (the application's jar with its logging binding): surefire hands it over. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
