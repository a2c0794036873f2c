package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The phase cache only ever moves forward: what a server acknowledged is what its repositories act on. */
class PhaseCacheTest {
  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aSlowRefreshThatReadAnOlderStateDoesNotReplaceTheNewerStateTheHeartbeatCached(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = MigratorTestKit.baseline(db, 3);
      PausingDataSource slowSource = new PausingDataSource(shard.dataSource());
      Shard slow = new Shard(shard.name(), slowSource, shard.dialect());
      PhaseCache cache = new PhaseCache();
      long before = cache.refresh(shard).stateVersion();

      // A repository's refresh reads the state tables, then stalls before it caches what it read.
      slowSource.pauseAfterReadingReleases();
      CompletableFuture<ShardState> slowRefresh = CompletableFuture.supplyAsync(() -> cache.refresh(slow));
      assertTrue(slowSource.paused.await(30, TimeUnit.SECONDS), "the slow refresh reached its pause");

      // Meanwhile the migrator expands 2.0 and the heartbeat's refresh caches (and reports) the newer state.
      MigratorTestKit.migrator().expand(shard, MigratorTestKit.V2);
      ShardState acknowledged = cache.refresh(shard);
      assertTrue(acknowledged.stateVersion() > before, "expand bumped the state version");

      slowSource.resume.countDown();
      ShardState slowResult = slowRefresh.get(30, TimeUnit.SECONDS);

      assertEquals(acknowledged.stateVersion(), cache.state(shard).stateVersion(),
          "the cache keeps the higher state version, not the one the slow refresh read (" + before + ")");
      assertEquals(Phase.EXPANDED, cache.state(shard).phase(MigratorTestKit.V2));
      assertEquals(acknowledged.stateVersion(), slowResult.stateVersion(),
          "the slow caller acts on the newer state too, not on the one it read");
    }
  }

  /**
   * Passes connections through, except that once armed, the statement that reads {@code crossfade_release}
   * waits on {@link #resume} when it is closed: its rows are read, the cache has not stored them yet.
   */
  private static final class PausingDataSource implements DataSource {
    private final DataSource target;
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    private volatile boolean armed;

    PausingDataSource(DataSource target) {
      this.target = target;
    }

    void pauseAfterReadingReleases() {
      armed = true;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return wrap(target.getConnection(), null, Connection.class);
    }

    private <T> T wrap(Object delegate, String sql, Class<T> type) {
      InvocationHandler h = (proxy, method, args) -> {
        if (sql != null && method.getName().equals("close") && armed && sql.contains("crossfade_release")) {
          armed = false;
          paused.countDown();
          if (!resume.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never resumed the slow refresh");
          }
        }
        Object result;
        try {
          result = method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String s) {
          return wrap(ps, s, PreparedStatement.class);
        }
        return result;
      };
      return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h));
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("not used");
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
