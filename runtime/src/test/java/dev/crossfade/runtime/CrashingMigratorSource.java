package dev.crossfade.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A migrator's way to a shard that crashes in the middle of a backfill batch: the commit of the
 * {@code crashAt}-th batch (a transaction that moved the backfill's checkpoint) never happens; the batch is
 * rolled back and the connection dies, as when the migrator's process is killed with its batch written but not
 * committed. Every other statement goes through unchanged.
 */
final class CrashingMigratorSource {
  private CrashingMigratorSource() {}

  static Shard crashingAtBatch(Shard shard, int crashAt) {
    DataSource real = shard.dataSource();
    int[] batches = {0};
    DataSource crashing = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          Object out = invoke(method, real, args);
          return out instanceof Connection c ? crashing(c, batches, crashAt) : out;
        });
    return new Shard(shard.name(), crashing, shard.dialect());
  }

  private static Connection crashing(Connection c, int[] batches, int crashAt) {
    boolean[] batchPending = {false};
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "prepareStatement", "prepareCall" -> {
              String sql = String.valueOf(args[0]).toLowerCase(Locale.ROOT);
              if (sql.contains("crossfade_backfill") && (sql.startsWith("update") || sql.startsWith("insert"))) {
                batchPending[0] = true;
              }
            }
            case "rollback" -> batchPending[0] = false;
            case "commit" -> {
              if (batchPending[0] && ++batches[0] == crashAt) {
                c.rollback();
                c.close();
                throw new SQLException("test: the migrator crashed before committing backfill batch " + crashAt,
                    "08006");
              }
              batchPending[0] = false;
            }
            default -> { }
          }
          return invoke(method, c, args);
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
