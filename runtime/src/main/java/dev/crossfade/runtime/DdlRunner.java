package dev.crossfade.runtime;

import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reviewed DDL one statement at a time in autocommit. Before every statement it sets the session's lock
 * timeout ({@link MigratorOptions#lockTimeout()}), so a statement stuck behind a long transaction gives up
 * instead of queueing the application's queries behind it; the runner then retries with exponential backoff,
 * and refuses with the blocker named once its attempts are spent.
 *
 * <p>The runner sets the timeout itself rather than trusting the script to: rollback's statements come from
 * no script with a {@code SET} line, and a rollback behind a 60 s transaction queued the application's reads
 * for 38 s (issue 21). The scripts' own {@code SET lock_timeout} lines are for a person running a file by
 * hand; the runner skips them, and its configured timeout (by default the same 5 s) applies instead.
 */
final class DdlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DdlRunner.class);

  private final Shard shard;
  private final Version release;
  private final int attempts;
  private final Duration firstBackoff;
  private final Duration lockTimeout;

  private static final AtomicBoolean H2_WARNED = new AtomicBoolean();

  DdlRunner(Shard shard, Version release, int attempts, Duration firstBackoff, Duration lockTimeout) {
    if (shard.dialect() == Dialect.H2 && H2_WARNED.compareAndSet(false, true)) {
      LOG.warn("shard {}: H2 has no online DDL: its ALTER TABLE rebuilds the table, and writes other sessions make"
          + " meanwhile can fail or be lost. On H2 run expand and contract while no server writes (H2 is for tests"
          + " and demos; PostgreSQL and MariaDB change tables online)", shard.name());
    }
    this.shard = shard;
    this.release = release;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
    this.lockTimeout = lockTimeout;
  }

  DdlRunner(Shard shard, Version release, MigratorOptions options) {
    this(shard, release, options.ddlAttempts(), options.ddlBackoff(), options.lockTimeout());
  }

  /**
   * Runs one statement. {@code resumed} tolerates "already exists" / "already gone": the statement may
   * have run before a crash that came before its progress was recorded.
   */
  void run(Connection c, Statement st, boolean resumed) throws SQLException {
    run(c, st, resumed, true);
  }

  /**
   * Runs a statement that may be left out (ANALYZE): like {@link #run}, but returns false instead of refusing
   * when a lock holder outlasted every attempt.
   */
  boolean runIfLockFree(Connection c, Statement st) throws SQLException {
    return run(c, st, false, false);
  }

  private boolean run(Connection c, Statement st, boolean resumed, boolean refuseOnLock) throws SQLException {
    if (LockTimeout.isScriptSetting(st.sql())) {
      return true;
    }
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try (java.sql.Statement s = c.createStatement()) {
        LockTimeout.apply(c, shard.dialect(), lockTimeout);
        dropInvalidIndex(c, st);
        s.execute(st.sql());
        return true;
      } catch (SQLException e) {
        if (resumed && (SqlErrors.alreadyThere(shard.dialect(), e) || SqlErrors.alreadyGone(shard.dialect(), e))) {
          LOG.info("shard {}: release {}: already applied before an interruption: {}", shard.name(), release,
              st.reason());
          return true;
        }
        if (SqlErrors.connectionLost(e)) {
          throw new ShardUnavailableException(shard, "release " + release + ": lost the connection to the database"
              + " during \"" + st.reason() + "\"; run the same command again; it resumes where it stopped", e);
        }
        if (!SqlErrors.lockTimeout(shard.dialect(), e)) {
          throw new MigrationRefusedException(shard.name(), release, "the statement for \"" + st.reason()
              + "\" failed: " + e.getMessage().strip(), "fix the cause and run the same command again; it resumes here");
        }
        if (attempt >= attempts && !refuseOnLock) {
          return false;
        }
        if (attempt >= attempts) {
          throw new MigrationRefusedException(shard.name(), release, "could not get the table lock for \""
              + st.reason() + "\" in " + attempts + " attempts: a long transaction holds it",
              "end that transaction (see pg_stat_activity / SHOW PROCESSLIST), then run the same command again");
        }
        LOG.warn("shard {}: release {}: lock timeout on \"{}\", attempt {} of {}, retrying in {} ms", shard.name(),
            release, st.reason(), attempt, attempts, backoff.toMillis());
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
            : backoff.multipliedBy(2);
      }
    }
  }

  private static final Pattern CONCURRENT_INDEX = Pattern.compile(
      "^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|[A-Za-z0-9_]+)",
      Pattern.CASE_INSENSITIVE);

  /**
   * PostgreSQL: a {@code CREATE INDEX CONCURRENTLY} that failed part-way (its lock timeout while it waited for
   * older transactions, or a crash) leaves an INVALID index of that name behind, which the statement's
   * {@code IF NOT EXISTS} would then silently accept. Drop such a leftover before (re)running the statement.
   */
  private void dropInvalidIndex(Connection c, Statement st) throws SQLException {
    if (shard.dialect() != Dialect.POSTGRES) {
      return;
    }
    Matcher m = CONCURRENT_INDEX.matcher(st.sql().strip());
    if (!m.find()) {
      return;
    }
    String name = m.group(1).startsWith("\"") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
    String invalid = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT i.indexrelid::regclass::text FROM pg_index i"
        + " JOIN pg_class x ON x.oid = i.indexrelid WHERE x.relname = ? AND pg_table_is_visible(x.oid)"
        + " AND NOT (i.indisvalid AND i.indisready)")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          invalid = rs.getString(1);
        }
      }
    }
    if (invalid != null) {
      LOG.warn("shard {}: release {}: dropping the invalid index {} an interrupted CREATE INDEX CONCURRENTLY left",
          shard.name(), release, invalid);
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + invalid); // a name read from the catalog, quoted by it
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
