package dev.crossfade.runtime;

import dev.crossfade.schema.sql.Dialect;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A migrator process for {@link BackfillCrashResumeTest}: builds the sample domain's plan the way the tests
 * do and runs {@code migrate --release 2.0} on one shard with small batches and a pause. Arguments: JDBC URL,
 * initial batch size, target batch time in ms, pause between batches in ms, and optionally the backfill step
 * (0-based) to be killed in and a delay in ms: once that step has a tenth of its rows done, every later batch
 * waits that long before its commit, so the process is slow there and most likely killed with a batch in
 * flight (written but not committed). Prints one line per batch.
 */
public final class MigrateMain {
  private MigrateMain() {}

  public static void main(String[] args) {
    String url = args[0];
    int killStep = args.length > 4 ? Integer.parseInt(args[4]) : -1;
    long delay = args.length > 5 ? Long.parseLong(args[5]) : 0;
    SlowCommits dataSource = new SlowCommits(new JdbcUrlDataSource(url));
    MigratorOptions options = MigratorOptions.defaults()
        .withBatches(Integer.parseInt(args[1]), Duration.ofMillis(Long.parseLong(args[2])),
            Duration.ofMillis(Long.parseLong(args[3])))
        .withListener(p -> {
          System.out.println(p.line());
          if (p.step() == killStep + 1 && p.rowsDone() >= p.rowsTotal() / 10 && dataSource.delayMillis == 0) {
            System.out.println("reached the kill point: step index " + killStep + ", " + p.rowsDone() + " rows;"
                + " each further commit waits " + delay + " ms");
            dataSource.delayMillis = delay;
          }
        });
    Migrator migrator = new Migrator(HostRows.plan(), options);
    System.out.println("migrating");
    Dialect dialect = Dialect.forJdbcUrl(url).orElseThrow();
    System.out.println(migrator.migrate(new Shard("eu-1", dataSource, dialect), HostRows.V2).render());
  }

  /** Connections whose {@code commit()} waits {@link #delayMillis} first, with the transaction's work done. */
  static final class SlowCommits implements DataSource {
    private final DataSource target;
    volatile long delayMillis;

    SlowCommits(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection c = target.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            long delay = delayMillis;
            if (method.getName().equals("commit") && delay > 0) {
              Thread.sleep(delay);
            }
            try {
              return method.invoke(c, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
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
