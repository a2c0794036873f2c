package dev.crossfade.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One migrator per shard at a time. PostgreSQL: a session advisory lock; MariaDB/MySQL: {@code GET_LOCK}
 * named after the database; H2: a row lock on {@code crossfade_lock} held in an open transaction. All three
 * are released when the connection closes, so a crashed migrator never leaves the shard locked.
 */
final class MigratorLock implements AutoCloseable {
  /** H2's lock timeout unless a URL sets another; restored on a connection that goes back to a pool. */
  static final int H2_DEFAULT_LOCK_TIMEOUT_MS = 1000;

  /** The PostgreSQL advisory lock key: "crossfade" in ASCII, fitting a bigint. */
  static final long PG_KEY = 0x63726f7373666164L;

  private final Connection connection;
  private final Shard shard;

  private MigratorLock(Connection connection, Shard shard) {
    this.connection = connection;
    this.shard = shard;
  }

  /** Takes the lock without waiting, or refuses naming the shard. */
  static MigratorLock acquire(Shard shard) throws SQLException {
    Connection c = shard.dataSource().getConnection();
    try {
      boolean got = switch (shard.dialect()) {
        case POSTGRES -> queryBoolean(c, "SELECT pg_try_advisory_lock(?)", PG_KEY);
        case MARIADB, MYSQL -> queryBoolean(c, "SELECT GET_LOCK(CONCAT('crossfade:', DATABASE()), 0) = 1", null);
        case H2 -> h2RowLock(c);
      };
      if (!got) {
        c.close();
        throw new MigrationRefusedException(shard.name(), null, "another migrator is working on this shard",
            "wait for it to finish, then run this command again");
      }
      return new MigratorLock(c, shard);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static boolean queryBoolean(Connection c, String sql, Long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (key != null) {
        ps.setLong(1, key);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static boolean h2RowLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCK_TIMEOUT 100");
    }
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT \"id\" FROM \"crossfade_lock\" WHERE \"id\" = 1 FOR UPDATE").close();
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == 50200) { // LOCK_TIMEOUT_1: the other migrator holds the row
        return false;
      }
      throw e;
    }
  }

  /**
   * Releases the lock explicitly before closing: the server frees a session lock only some time after the
   * connection closes, and a pooled connection is not closed at all, so relying on close would leave the
   * shard locked for the next verb.
   */
  @Override
  public void close() throws SQLException {
    try {
      switch (shard.dialect()) {
        case POSTGRES -> queryBoolean(connection, "SELECT pg_advisory_unlock(?)", PG_KEY);
        case MARIADB, MYSQL -> queryBoolean(connection, "SELECT RELEASE_LOCK(CONCAT('crossfade:', DATABASE())) = 1",
            null);
        case H2 -> {
          connection.rollback();
          connection.setAutoCommit(true);
          try (Statement s = connection.createStatement()) {
            s.execute("SET LOCK_TIMEOUT " + H2_DEFAULT_LOCK_TIMEOUT_MS);
          }
        }
      }
    } finally {
      connection.close();
    }
  }
}
