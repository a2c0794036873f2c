package dev.crossfade.migrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar an operator runs (issue 16): it names its main class, carries the PostgreSQL, MariaDB and
 * H2 drivers, and {@code java -jar crossfade-migrator.jar --plan app.jar expand …} runs the application's plan in
 * a JVM of its own. Runs after {@code package} (the build's {@code executable-jar} execution).
 */
class MigratorExecutableJarTest {
  private static final Path JAR = Path.of(System.getProperty("crossfade.migratorJar", "target/crossfade-migrator.jar"));

  @org.junit.jupiter.api.BeforeAll
  static void jarIsBuilt() {
    // Only a -Dtest=… run reaches this before `package`; `mvn verify` runs this class after it (see the pom).
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(JAR) && System.getProperty("crossfade.migratorJar") != null,
        "the executable jar is built by `package`; this class runs in the executable-jar execution after it");
  }

  @Test
  void theJarNamesItsMainClassAndCarriesEveryDriver() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertEquals("dev.crossfade.runtime.cli.MigratorCommand",
          jar.getManifest().getMainAttributes().getValue("Main-Class"));
      String drivers = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8);
      for (String driver : List.of("org.postgresql.Driver", "org.mariadb.jdbc.Driver", "org.h2.Driver")) {
        assertTrue(drivers.contains(driver), driver + " listed for DriverManager:\n" + drivers);
      }
      assertEquals(null, jar.getEntry("META-INF/crossfade/schema.json"), "no plan of its own: the application's");
    }
  }

  @Test
  void javaDashJarWithAnApplicationsJarAsPlanExpandsAShard(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("eu1") + ";DATABASE_TO_LOWER=TRUE";
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString(), "--plan", applicationJar(),
        "expand", "--release", "1.0", "--shard", "eu-1=" + url));
    Path log = dir.resolve("out.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the migrator finished");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("shard eu-1, release 1.0: CONTRACTED"), out);
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("SELECT phase FROM crossfade_release WHERE release = '1.0'")) {
      assertTrue(rs.next(), "the state was recorded");
      assertEquals("CONTRACTED", rs.getString(1));
    }
  }

  /** The sample application's jar (or class folder) on this test's class path: it carries a generated plan. */
  private static String applicationJar() throws Exception {
    URL index = MigratorExecutableJarTest.class.getClassLoader().getResource("META-INF/crossfade/index.properties");
    assertTrue(index != null, "the sample app is on the test class path");
    String u = index.toString();
    if (u.startsWith("jar:")) {
      return new File(new URL(u.substring(4, u.indexOf("!/"))).toURI()).getPath();
    }
    return new File(index.toURI()).getParentFile().getParentFile().getPath();
  }
}
