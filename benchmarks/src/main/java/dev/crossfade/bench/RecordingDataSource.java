package dev.crossfade.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Records the SQL of every statement prepared or executed, with the thread that ran it, so the phase-cache
 * figure can tell the repository's statements from the heartbeat's. Not used where time is measured.
 */
final class RecordingDataSource implements DataSource {
  record Executed(String sql, String thread) {}

  private final DataSource target;
  final List<Executed> executed = new CopyOnWriteArrayList<>();

  RecordingDataSource(DataSource target) {
    this.target = target;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = target.getConnection();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        handler(c));
  }

  private InvocationHandler handler(Object delegate) {
    return (proxy, method, args) -> {
      String name = method.getName();
      if ((name.startsWith("prepare") || name.startsWith("execute") || name.equals("addBatch")) && args != null
          && args.length > 0 && args[0] instanceof String s) {
        executed.add(new Executed(s, Thread.currentThread().getName()));
      }
      Object result;
      try {
        result = method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Statement st && !(result instanceof java.sql.PreparedStatement)) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, handler(st));
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
