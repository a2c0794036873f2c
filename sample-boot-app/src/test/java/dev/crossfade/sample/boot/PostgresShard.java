package dev.crossfade.sample.boot;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh PostgreSQL database with the sample's baseline (release 1.0) expanded, as the shard of one test class's
 * application. {@link DropAfterContext} drops it once Spring has closed that class's context (so the server leaves
 * the fleet and the pool closes first).
 */
final class PostgresShard implements AutoCloseable {
  private static final Map<Class<?>, PostgresShard> BY_TEST = new ConcurrentHashMap<>();
  final TestDatabases.Fresh db;
  final Shard shard;
  final Migrator migrator;

  PostgresShard(Class<?> testClass, MigratorOptions options) {
    BY_TEST.put(testClass, this);
    db = TestDatabases.create(Dialect.POSTGRES);
    shard = Shard.of("default", db.url());
    migrator = new Migrator(GeneratedPlan.load(), options.withAckWait(Duration.ofSeconds(60)));
    migrator.expand(shard, Version.parse("1.0"));
  }

  /** The application's DataSource is the shard; it beats every 500 ms, so it sees the migrator's steps soon. */
  void register(DynamicPropertyRegistry properties, String serverId) {
    properties.add("spring.datasource.url", db::url);
    properties.add("crossfade.server-id", () -> serverId);
    properties.add("crossfade.lease", () -> "5s");
    properties.add("crossfade.heartbeat", () -> "500ms");
  }

  @Override
  public void close() throws Exception {
    db.close();
  }

  /**
   * Drops the test class's database after {@code @DirtiesContext} closed its context: listeners' after-class
   * callbacks run in reverse order, so the highest precedence runs last.
   */
  static final class DropAfterContext implements TestExecutionListener, Ordered {
    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext context) throws Exception {
      PostgresShard shard = BY_TEST.remove(context.getTestClass());
      if (shard != null) {
        shard.close();
      }
    }
  }
}
