package dev.crossfade.runtime;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One server's way to a shard, with faults the tests switch on: a network partition (every new connection
 * fails), a slow network (each connection's close waits, as if the reply of its last statement were late),
 * and a session set-up statement run on every connection (a skewed session time zone).
 */
final class FaultyDataSource implements DataSource {
  private final DataSource delegate;
  private final String sessionSql;
  volatile boolean partitioned;
  volatile long slowCloseMillis;

  FaultyDataSource(String url, String sessionSql) {
    this.delegate = new JdbcUrlDataSource(url);
    this.sessionSql = sessionSql;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (partitioned) {
      throw new SQLTransientConnectionException("test: the network to the shard is partitioned", "08001");
    }
    Connection c = delegate.getConnection();
    if (sessionSql != null) {
      try (Statement s = c.createStatement()) {
        s.execute(sessionSql);
      }
    }
    long slow = slowCloseMillis;
    if (slow <= 0) {
      return c;
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            Thread.sleep(slow);
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
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
