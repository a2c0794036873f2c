package dev.crossfade.spring.boot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.CrossfadeEvents;
import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.ServerInfo;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.runtime.repository.StalePhaseException;
import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostStatus;
import dev.crossfade.sample.repository.HostRepository;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The auto-configuration on H2 shards, in small contexts without a web server: where shards come from, the server's
 * lifecycle, repositories as beans or per shard, Spring's transaction binding, health, the endpoint and the meters.
 */
class CrossfadeAutoConfigurationTest {
  private static final String SECRET = "s3cret-pw-7";
  private final List<AutoCloseable> cleanup = new ArrayList<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CrossfadeAutoConfiguration.class))
      .withPropertyValues("crossfade.repository-packages=dev.crossfade.sample.repository", "crossfade.lease=2s",
          "crossfade.heartbeat=500ms");

  @AfterEach
  void dropDatabases() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  /** A fresh H2 database, with the sample's baseline expanded as shard "default"; dropped after the test. */
  private JdbcDataSource h2(boolean expanded) {
    return h2(expanded ? "default" : null);
  }

  /** A fresh H2 database, with the sample's baseline expanded as {@code shard} unless null; dropped after the test. */
  private JdbcDataSource h2(String shard) {
    TestDatabases.Fresh db = TestDatabases.create(Dialect.H2);
    cleanup.add(db);
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(db.url());
    if (shard != null) {
      migrator().expand(Shard.of(shard, ds), Version.parse("1.0"));
    }
    return ds;
  }

  /** An H2 database whose login needs {@link #SECRET}, expanded; its URL (without the password). */
  private String securedH2(String shard) {
    String url = "jdbc:h2:mem:cf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
        + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("app");
    ds.setPassword(SECRET);
    migrator().expand(Shard.of(shard, ds), Version.parse("1.0"));
    cleanup.add(() -> {
      try (Connection c = ds.getConnection()) {
        c.createStatement().execute("SHUTDOWN");
      }
    });
    return url;
  }

  private static Migrator migrator() {
    return new Migrator(GeneratedPlan.load(), MigratorOptions.defaults());
  }

  private static Host host(long id, int cpuCount) {
    return new Host(id, "h" + id, "h" + id, null, null, null, null, 512, 512L * 1024 * 1024, cpuCount, null,
        HostStatus.ACTIVE, null, null, BigDecimal.ONE, Instant.parse("2026-01-01T00:00:00Z"), true, null);
  }

  @Test
  void theApplicationsSingleDataSourceIsTheShardAndEachRepositoryInterfaceIsABean() {
    JdbcDataSource ds = h2("eu-1");
    runner.withBean(DataSource.class, () -> ds).withPropertyValues("crossfade.shard-name=eu-1").run(context -> {
      assertNull(context.getStartupFailure());
      CrossfadeShards shards = context.getBean(CrossfadeShards.class);
      assertEquals(List.of("eu-1"), shards.names());
      assertSame(ds, shards.dataSource("eu-1"));
      HostRepository hosts = context.getBean(HostRepository.class);
      hosts.save(host(1, 1));
      assertEquals("h1", hosts.findById(1L).orElseThrow().hostname());
      assertSame(hosts, context.getBean(CrossfadeRepositories.class).repository(HostRepository.class, "eu-1"));
    });
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void shardsFromPropertiesArePooledPerShardRepositoriesAreQualifiedByShardAndNoPasswordIsShown(CapturedOutput log) {
    String a = securedH2("a");
    String b = securedH2("b");
    runner.withPropertyValues("crossfade.server-id=props-7",
        "crossfade.shards.a.url=" + a, "crossfade.shards.a.username=app", "crossfade.shards.a.password=" + SECRET,
        "crossfade.shards.b.url=" + b, "crossfade.shards.b.username=app", "crossfade.shards.b.password=" + SECRET)
        .run(context -> {
          assertNull(context.getStartupFailure());
          CrossfadeShards shards = context.getBean(CrossfadeShards.class);
          assertEquals(List.of("a", "b"), shards.names());
          assertInstanceOf(HikariDataSource.class, shards.dataSource("a"));
          // Two shards: one bean per shard, qualified by the shard's name.
          assertEquals(java.util.Set.of("hostRepository@a", "hostRepository@b"),
              context.getBeansOfType(HostRepository.class).keySet());
          HostRepository onB = BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(),
              HostRepository.class, "b");
          assertEquals("b", onB.shard().name());
          CrossfadeRepositories repositories = context.getBean(CrossfadeRepositories.class);
          assertSame(onB, repositories.repository(HostRepository.class, "b"));
          repositories.repository(HostRepository.class, "b").save(host(7, 1));
          assertTrue(repositories.repository(HostRepository.class, "b").existsById(7L));
          assertFalse(repositories.repository(HostRepository.class, "a").existsById(7L));
          IllegalStateException which = assertThrows(IllegalStateException.class,
              () -> repositories.repository(HostRepository.class));
          assertTrue(which.getMessage().contains("name the shard"), which.getMessage());

          String shown = context.getBean(CrossfadeProperties.class).getShards().toString() + shards
              + context.getBean(CrossfadeHealthIndicator.class).health().getDetails()
              + context.getBean(CrossfadeEndpoint.class).shards();
          assertTrue(shown.contains("props-7") && shown.contains("CONTRACTED"), shown);
          assertFalse(shown.contains(SECRET), shown);
          assertNull(context.getBean(CrossfadeEndpoint.class).shard("nowhere"), "an unknown shard is a 404");
        });
    assertTrue(log.getAll().contains("props-7 started"), "the start is logged (and captured)");
    assertFalse(log.getAll().contains(SECRET), "no password in the log");
  }

  @Test
  void crossfadeEnabledFalseConfiguresNothing() {
    runner.withPropertyValues("crossfade.enabled=false").run(context -> {
      assertNull(context.getStartupFailure());
      assertTrue(context.getBeansOfType(Crossfade.class).isEmpty());
      assertTrue(context.getBeansOfType(HostRepository.class).isEmpty());
    });
  }

  @Test
  void aShardWithoutSchemaMakesHealthDownNamingTheShardAndTheRemedy() {
    JdbcDataSource ds = h2(false);
    runner.withBean(DataSource.class, () -> ds).run(context -> {
      assertNull(context.getStartupFailure());
      Health health = context.getBean(CrossfadeHealthIndicator.class).health();
      assertEquals(Status.DOWN, health.getStatus(), health.toString());
      String refused = (String) ((Map<?, ?>) health.getDetails().get("default")).get("refused");
      assertTrue(refused.contains("shard default") && refused.contains("run the migrator"), refused);
    });
  }

  @Test
  void closingTheContextLeavesEveryShardsFleet() {
    JdbcDataSource ds = h2(true);
    runner.withBean(DataSource.class, () -> ds).withPropertyValues("crossfade.server-id=leaver-1").run(context -> {
      assertTrue(live(ds).contains("leaver-1"), live(ds).toString());
    });
    assertFalse(live(ds).contains("leaver-1"), live(ds).toString());
  }

  private static List<String> live(DataSource ds) {
    return migrator().status(Shard.of("default", ds)).servers().stream().filter(ServerInfo::live)
        .map(ServerInfo::serverId).toList();
  }

  @Test
  void healthIsDownWhileTheLeaseIsLostAndUpAgainOnceTheHeartbeatRenewsIt() {
    Switchable ds = new Switchable(h2(true));
    runner.withBean(DataSource.class, () -> ds).run(context -> {
      CrossfadeHealthIndicator health = context.getBean(CrossfadeHealthIndicator.class);
      assertEquals(Status.UP, health.health().getStatus(), health.health().toString());
      ds.down = true;
      await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.DOWN));
      Health down = health.health();
      assertEquals(false, ((Map<?, ?>) down.getDetails().get("default")).get("leaseHeld"), down.toString());
      ds.down = false;
      await().atMost(Duration.ofSeconds(60)).until(() -> health.health().getStatus().equals(Status.UP));
    });
  }

  @Test
  void repositoriesJoinASpringTransactionOfTheShardsDataSourceAndOnlyThat() {
    JdbcDataSource ds = h2(true);
    JdbcDataSource other = h2(false);
    SpringTransactionBinding binding = new SpringTransactionBinding();
    assertNull(binding.current(ds), "no transaction: the repository runs its own");
    new TransactionTemplate(new DataSourceTransactionManager(ds)).executeWithoutResult(tx -> {
      Connection c = binding.current(ds);
      assertSame(DataSourceUtils.getConnection(ds), c, "the transaction's connection, as JdbcTemplate gets it");
      binding.release(c, ds);
    });
    new TransactionTemplate(new DataSourceTransactionManager(other)).executeWithoutResult(tx ->
        assertNull(binding.current(ds), "a transaction of another DataSource is not the shard's"));
  }

  @Test
  void metersCountOperationsByOutcome() {
    JdbcDataSource ds = h2(true);
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    CrossfadeEvents own = new CrossfadeEvents() {
      @Override
      public void operation(String shard, String entity, boolean write, Outcome outcome) {
        heard.add((write ? "write:" : "read:") + outcome);
      }
    };
    runner.withBean(DataSource.class, () -> ds).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(CrossfadeEvents.class, () -> own)
        .run(context -> {
          HostRepository hosts = context.getBean(HostRepository.class);
          hosts.save(host(1, 1));
          hosts.findById(1L);
          // cpuCount arrives with release 2.0, PENDING here: refused before anything is written.
          assertThrows(FieldNotSupportedException.class, () -> hosts.save(host(2, 8)));
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertEquals(1.0, meters.get("crossfade.operations").tags("shard", "default", "entity", "Host", "kind",
              "write", "outcome", "success").counter().count());
          assertEquals(1.0, meters.get("crossfade.operations").tags("kind", "read", "outcome", "success").counter()
              .count());
          assertEquals(1.0, meters.get("crossfade.operations").tags("kind", "write", "outcome", "unsupported")
              .counter().count());
          assertEquals(List.of("write:SUCCESS", "read:SUCCESS", "write:UNSUPPORTED"), heard,
              "an application's own CrossfadeEvents bean hears the calls beside the meters");
        });
  }

  @Test
  void aStaleRetryByTheRepositoryIsCounted() {
    JdbcDataSource raw = h2(true);
    Switchable ds = new Switchable(raw);
    staleContext(ds).run(context -> {
      HostRepository hosts = context.getBean(HostRepository.class);
      ds.beatsDown = true; // the server's cache keeps release 2.0 PENDING from here on
      migrator().expand(Shard.of("default", raw), Version.parse("2.0"));
      // cpuCount needs 2.0 EXPANDED: the cached phases refuse it, the repository reads them again and retries.
      hosts.save(host(5, 8));
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertEquals(1.0, meters.get("crossfade.stale.retries").tags("by", "repository").counter().count());
      assertEquals(1.0, meters.get("crossfade.operations").tags("kind", "write", "outcome", "success").counter()
          .count());
    });
  }

  @Test
  void aStalePhaseInsideASpringTransactionIsCountedAsTheCallersRetry() {
    JdbcDataSource raw = h2(true);
    Switchable ds = new Switchable(raw);
    staleContext(ds).run(context -> {
      HostRepository hosts = context.getBean(HostRepository.class);
      ds.beatsDown = true;
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      assertThrows(StalePhaseException.class, () -> tx.executeWithoutResult(status -> {
        migrator().expand(Shard.of("default", raw), Version.parse("2.0"));
        hosts.save(host(6, 1)); // planned under the cached 1.0 layout; its fence sees the new state version
      }));
      assertFalse(hosts.existsById(6L), "the transaction was rolled back");
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertEquals(1.0, meters.get("crossfade.stale.retries").tags("by", "caller").counter().count());
      assertEquals(1.0, meters.get("crossfade.operations").tags("kind", "write", "outcome", "stale").counter()
          .count());
    });
  }

  /** A context whose heartbeat runs rarely and whose lease outlasts the test, with a meter registry. */
  private ApplicationContextRunner staleContext(DataSource ds) {
    return runner.withBean(DataSource.class, () -> ds).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("crossfade.lease=120s", "crossfade.heartbeat=60s");
  }

  /** The application's DataSource, which the test can make refuse every connection (a shard gone from the network). */
  static final class Switchable implements DataSource {
    private final DataSource delegate;
    volatile boolean down;
    /** Refuses only the heartbeat's connections (made on its bounded-connect threads): the phase cache goes stale. */
    volatile boolean beatsDown;

    Switchable(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down || beatsDown && Thread.currentThread().getName().startsWith("crossfade-bounded-connect")) {
        throw new SQLException("connection refused (test)", "08001");
      }
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
