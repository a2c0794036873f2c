package dev.crossfade.runtime;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC wrapper that records every statement executed (its SQL), every connection opened and every
 * commit, so tests can count round trips without trusting the code under test.
 */
final class CountingDataSource implements DataSource {
  private final DataSource target;
  final List<String> executed = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger commits = new AtomicInteger();

  CountingDataSource(DataSource target) {
    this.target = target;
  }

  void reset() {
    executed.clear();
    connections.set(0);
    commits.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    Connection c = target.getConnection();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler(c, null));
  }

  private InvocationHandler handler(Object delegate, String sql) {
    return (proxy, method, args) -> {
      String name = method.getName();
      if (delegate instanceof Connection && name.equals("commit")) {
        commits.incrementAndGet();
      }
      if (name.startsWith("execute")) {
        if (sql != null) {
          executed.add(sql);
        } else if (args != null && args.length > 0 && args[0] instanceof String s) {
          executed.add(s);
        }
      }
      Object result;
      try {
        result = method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String s) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
            handler(ps, s));
      }
      if (result instanceof Statement st && !(result instanceof PreparedStatement)) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, handler(st, null));
      }
      return result;
    };
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
