package dev.crossfade.spring.boot;

import dev.crossfade.runtime.TransactionBinding;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Crossfade's repositories join the Spring transaction that holds the shard's {@link DataSource}: inside a
 * {@code @Transactional} method of a transaction manager over that {@code DataSource} (Boot's
 * {@code DataSourceTransactionManager}/{@code JdbcTransactionManager}), a repository runs on the transaction's
 * connection, and a {@code JdbcTemplate} over the same {@code DataSource} too, so both commit or roll back
 * together. Outside such a transaction (none, or one over another {@code DataSource}) repositories run their
 * own transactions as without Spring.
 */
public final class SpringTransactionBinding implements TransactionBinding {
  @Override
  public Connection current(DataSource dataSource) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)
        || !holder.isSynchronizedWithTransaction() || holder.getConnectionHandle() == null) {
      // No transaction of this DataSource: DataSourceUtils would hand out a fresh connection and bind it to the
      // synchronisation, which is not a transaction the repository may leave uncommitted.
      return null;
    }
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public void release(Connection connection, DataSource dataSource) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }
}
