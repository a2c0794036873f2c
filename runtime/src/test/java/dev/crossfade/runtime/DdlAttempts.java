package dev.crossfade.runtime;

import dev.crossfade.processor.TestDatabases;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The migrator's way to a shard, recording each DDL statement it sends (ALTER, CREATE, DROP), and each request
 * of a backfill batch for its row locks, and when. A
 * statement that hit its lock timeout and was tried again appears once per attempt, so a test can wait for
 * "the migrator gave up on the lock and retried" as an event, instead of sleeping for as long as it thinks
 * that takes.
 */
final class DdlAttempts implements DataSource {
  /** One DDL statement sent to the database, and when ({@link System#nanoTime()}). */
  record Sent(String sql, long nanos) {}

  private final DataSource target;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  /** When each backfill batch asked for its row locks ({@link #locksRows}), in order. */
  private final List<Long> rowLocks = new CopyOnWriteArrayList<>();

  DdlAttempts(String url) {
    this.target = new JdbcUrlDataSource(url);
  }

  /** The shard {@code name} on {@code db}, reached through this recorder. */
  static Shard shard(String name, TestDatabases.Fresh db, DdlAttempts attempts) {
    return new Shard(name, attempts, db.dialect());
  }

  /** Forgets what was sent so far (the set-up's statements). */
  void reset() {
    sent.clear();
    rowLocks.clear();
  }

  /**
   * How often a backfill batch asked for its row locks. While a transaction holds a row of the first batch, every
   * request after the first is that batch tried again after its lock timeout.
   */
  int rowLockAttempts() {
    return rowLocks.size();
  }

  /** When a backfill batch asked for its row locks for the {@code n}-th time (1-based). */
  long rowLockNanos(int n) {
    return rowLocks.get(n - 1);
  }

  /** How often the most-tried DDL statement was sent: 1 while nothing was retried, 0 before any DDL. */
  int attempts() {
    return attemptsOf("");
  }

  /** When the most-tried statement was sent for the {@code n}-th time (1-based). */
  long sentNanos(int n) {
    String sql = mostTried();
    if (sql == null) {
      throw new IllegalStateException("no DDL statement was sent yet");
    }
    int seen = 0;
    for (Sent s : sent) {
      if (s.sql().equals(sql) && ++seen == n) {
        return s.nanos();
      }
    }
    throw new IllegalStateException("the most-tried DDL statement was sent " + seen + " times, not " + n + ": "
        + describe());
  }

  /** How often the most-tried DDL statement containing {@code part} was sent. */
  int attemptsOf(String part) {
    if (part == null) {
      return 0;
    }
    Map<String, Integer> counts = new HashMap<>();
    int max = 0;
    for (Sent s : sent) {
      if (s.sql().contains(part)) {
        max = Math.max(max, counts.merge(s.sql(), 1, Integer::sum));
      }
    }
    return max;
  }

  private String mostTried() {
    Map<String, Integer> counts = new HashMap<>();
    String best = null;
    for (Sent s : sent) {
      int n = counts.merge(s.sql(), 1, Integer::sum);
      if (best == null || n > counts.get(best)) {
        best = s.sql();
      }
    }
    return best;
  }

  /** The statements sent more than once, with their counts (the start of each statement only). */
  String describe() {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (Sent s : sent) {
      counts.merge(s.sql(), 1, Integer::sum);
    }
    List<String> out = new ArrayList<>();
    counts.forEach((sql, n) -> {
      if (n > 1) {
        String start = sql.strip().replaceAll("\\s+", " ");
        out.add(n + " x " + (start.length() > 70 ? start.substring(0, 70) + "…" : start));
      }
    });
    return sent.size() + " DDL statements, retried: " + out;
  }

  /**
   * Whether a statement of the migrator locks application rows: a {@code SELECT … FOR UPDATE} (a converted batch's
   * read, an {@code INSERT … SELECT … FOR UPDATE} copy) or a batch's {@code UPDATE} of the same table, which locks
   * its rows by itself; not the migrator's own state tables.
   */
  private static boolean locksRows(String sql) {
    String s = sql.strip().toUpperCase(Locale.ROOT);
    return s.contains("FOR UPDATE") || s.startsWith("UPDATE") && !s.contains("CROSSFADE_");
  }

  private static boolean isDdl(String sql) {
    String s = sql.strip().toUpperCase(Locale.ROOT);
    return s.startsWith("ALTER") || s.startsWith("CREATE") || s.startsWith("DROP");
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = target.getConnection();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(c, method, args);
          if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")
              && args[0] instanceof String sql && locksRows(sql)) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (p, m, a) -> {
                  if (m.getName().startsWith("execute")) {
                    rowLocks.add(System.nanoTime());
                  }
                  return invoke(ps, m, a);
                });
          }
          if (result instanceof Statement st && method.getName().equals("createStatement")) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                (p, m, a) -> {
                  if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql
                      && isDdl(sql)) {
                    sent.add(new Sent(sql, System.nanoTime()));
                  }
                  return invoke(st, m, a);
                });
          }
          return result;
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
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
