package dev.crossfade.runtime;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The heartbeat's and the phase refresh's way to a shard: every step is bounded, so a shard whose network
 * froze (packets dropped, nothing refused) costs a bounded wait, never a thread for good. Getting a connection
 * waits at most the timeout (a connect that hangs is left to finish on its own thread, and its connection is
 * closed); on the connection, the driver's network timeout ({@link Connection#setNetworkTimeout}) bounds every
 * read of a reply, and each statement gets the timeout as its query timeout. Closing restores the connection's
 * own network timeout, so a pooled connection goes back as it came.
 */
final class BoundedDataSource implements DataSource {
  /** Connects that outlive their wait finish here; daemon threads, so a frozen shard never holds the JVM. */
  private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "crossfade-bounded-connect");
    t.setDaemon(true);
    return t;
  });
  private static final Executor DIRECT = Runnable::run;

  private final DataSource delegate;
  private final Duration timeout;

  BoundedDataSource(DataSource delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeout = timeout;
  }

  /** The same shard (same name, so the same phase cache entry), reached with bounded waits. */
  static Shard bound(Shard shard, Duration timeout) {
    return new Shard(shard.name(), new BoundedDataSource(shard.dataSource(), timeout), shard.dialect());
  }

  @Override
  public Connection getConnection() throws SQLException {
    CompletableFuture<Connection> connecting = CompletableFuture.supplyAsync(() -> {
      try {
        return delegate.getConnection();
      } catch (SQLException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, CONNECTS);
    Connection c;
    try {
      c = connecting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      connecting.thenAccept(BoundedDataSource::closeQuietly);
      throw new SQLTimeoutException("no connection within " + timeout.toMillis() + " ms", "08001", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connecting.thenAccept(BoundedDataSource::closeQuietly);
      throw new SQLException("interrupted while connecting", "08001", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof SQLException s ? s
          : new SQLException(e.getCause().toString(), "08001", e.getCause());
    }
    try {
      int before;
      try {
        before = c.getNetworkTimeout();
        c.setNetworkTimeout(DIRECT, (int) timeout.toMillis());
      } catch (SQLFeatureNotSupportedException inProcess) {
        before = -1; // H2 in memory: no network to time out; the query timeout still applies
      }
      return bounded(c, before);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private Connection bounded(Connection real, int networkTimeoutBefore) {
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            try {
              if (networkTimeoutBefore >= 0 && !real.isClosed()) {
                real.setNetworkTimeout(DIRECT, networkTimeoutBefore);
              }
            } catch (SQLException broken) {
              // A connection that timed out is broken; closing it is all that is left.
            }
            real.close();
            return null;
          }
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof Statement s) {
            s.setQueryTimeout(seconds);
          }
          return result;
        });
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Best effort: the connection came too late to be used.
    }
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the shard's own credentials are used");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
