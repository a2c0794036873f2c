package dev.crossfade.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How repositories join a transaction their caller already holds on a shard's {@link DataSource}.
 *
 * <p>Outside a caller's transaction every repository call runs in its own transaction on its own connection.
 * When {@link #current} returns a connection, the repository runs its statements on it and neither commits,
 * rolls back nor closes it: the caller's transaction decides. Crossfade's own
 * {@code Crossfade.inTransaction(shard, work)} is one such binding; the Spring Boot starter binds Spring's
 * transaction synchronisation ({@code DataSourceUtils}), so a {@code @Transactional} method that uses a Crossfade
 * repository and a {@code JdbcTemplate} on the same {@code DataSource} commits or rolls back both.
 */
public interface TransactionBinding {
  /** No caller transaction ever: every repository call is its own transaction. */
  TransactionBinding NONE = dataSource -> null;

  /**
   * The connection of the transaction the calling thread holds on {@code dataSource}, or {@code null} when it
   * holds none (the repository then opens and commits its own).
   */
  Connection current(DataSource dataSource) throws SQLException;

  /** Gives back a connection {@link #current} returned, without committing or closing its transaction. */
  default void release(Connection connection, DataSource dataSource) {
  }
}
