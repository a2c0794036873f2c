package dev.crossfade.migrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every jar a user puts on the module path has a stable {@code Automatic-Module-Name} (issue 13 item 6): the
 * jars the reactor built before this module (annotations, schema, processor, runtime, the sample) and the
 * migrator's executable jar. Runs after {@code package}, in the build's {@code executable-jar} execution.
 */
class EveryJarNamesItsModuleJarTest {
  private static final Path MIGRATOR_JAR =
      Path.of(System.getProperty("crossfade.migratorJar", "target/crossfade-migrator.jar"));
  private static final Map<String, String> MODULES = Map.of(
      "annotations", "dev.crossfade.annotations",
      "schema", "dev.crossfade.schema",
      "processor", "dev.crossfade.processor",
      "runtime", "dev.crossfade.runtime",
      "sample-app", "dev.crossfade.sample");

  @BeforeAll
  static void jarsAreBuilt() {
    Assumptions.assumeTrue(System.getProperty("crossfade.migratorJar") != null,
        "the jars are built by `package`; this class runs in the executable-jar execution after it");
  }

  @Test
  void everyModuleJarNamesItsModule() throws IOException {
    for (Map.Entry<String, String> m : MODULES.entrySet()) {
      Path target = Path.of("..", m.getKey(), "target");
      List<Path> jars;
      try (Stream<Path> files = Files.list(target)) {
        jars = files.filter(p -> {
          String n = p.getFileName().toString();
          return n.startsWith("crossfade-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
              && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
        }).toList();
      }
      assertEquals(1, jars.size(), "one jar of module " + m.getKey() + " in " + target + ": " + jars);
      assertEquals(m.getValue(), moduleName(jars.get(0)), jars.get(0).toString());
    }
  }

  @Test
  void theExecutableJarNamesItsModule() throws IOException {
    assertTrue(Files.exists(MIGRATOR_JAR), MIGRATOR_JAR.toString());
    assertEquals("dev.crossfade.migrator", moduleName(MIGRATOR_JAR));
  }

  private static String moduleName(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }
}
