package dev.crossfade.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.processor.TestSizes;
import dev.crossfade.runtime.Shard;
import dev.crossfade.schema.sql.Dialect;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rolling-upgrade soak (DESIGN section 8) on real PostgreSQL and MariaDB: three shards, four servers of
 * both releases writing, reading and deleting concurrently while the migrator, run as separate processes of its
 * command line, walks every shard through every phase. The first backfill's process is killed with SIGKILL
 * after its first batch and run again. At the end the oracle checks every host and every read made on the way.
 * Each pause between steps lasts until the servers have done a number of operations, not only a time, so every
 * phase sees traffic on a busy machine too. Quick sizes by default, the demo's sizes under {@code -Pfull}.
 */
@Tag(TestSizes.TAG)
class RollingUpgradeSoakTest {
  static final int SERVERS = 4;
  static final int HOSTS_PER_SERVER = TestSizes.of(60, 150);
  static final Duration STEP_PAUSE = Duration.ofMillis(TestSizes.of(300, 1000));
  static final int OPS_PER_PAUSE = TestSizes.of(100, 400);

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB"})
  void aRollingUpgradeUnderTrafficWithTheMigratorKilledMidBackfillLosesAndMisreadsNothing(Dialect dialect)
      throws Exception {
    List<TestDatabases.Fresh> dbs = new ArrayList<>();
    List<com.zaxxer.hikari.HikariDataSource> pools = new ArrayList<>();
    try {
      List<Shard> shards = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        TestDatabases.Fresh db = TestDatabases.create(dialect);
        dbs.add(db);
        // Pooled, as the demo and an application are: PostgreSQL forks a process per new connection.
        com.zaxxer.hikari.HikariDataSource pool = dev.crossfade.sample.Demo.pool("eu-" + i, db.url(), SERVERS);
        pools.add(pool);
        shards.add(Shard.of("eu-" + i, pool));
      }
      Rollout.Options options = Rollout.Options.defaults(shards).withSizes(SERVERS, HOSTS_PER_SERVER, STEP_PAUSE)
          .withMinOpsPerPause(OPS_PER_PAUSE).withMigratorProcesses(classPath(), true);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();

      PrintStream both = new PrintStream(new java.io.OutputStream() {
        @Override
        public void write(int b) {
          bytes.write(b);
          System.out.write(b);
        }
      }, true, StandardCharsets.UTF_8);
      Rollout.Result result = new Rollout(options, both).run();

      String out = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains("killed the migrator process (SIGKILL) on eu-1 after "), "the migrator was killed once"
          + " during its backfill:\n" + out);
      assertEquals(List.of(), result.mismatches(), out);
      assertEquals(List.of(), result.errors(), out);
      assertTrue(result.ok(), out);
      assertTrue(result.hostsVerified() >= 3 * SERVERS * HOSTS_PER_SERVER / 2, "the final check covered the hosts:\n"
          + out);
      assertTrue(result.checkedReads() > 1000, "reads were checked while the rollout ran:\n" + out);
    } finally {
      pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
      for (TestDatabases.Fresh db : dbs) {
        db.close();
      }
    }
  }

  /** The test class path, for the migrator processes: surefire hands it over as a property. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
