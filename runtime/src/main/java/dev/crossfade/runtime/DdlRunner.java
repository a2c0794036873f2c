package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reviewed DDL one statement at a time in autocommit. Each script begins by setting a short lock
 * timeout, so a statement stuck behind a long transaction gives up instead of queueing the application's
 * queries behind it; the runner then retries with exponential backoff, and refuses with the blocker named
 * once its attempts are spent.
 */
final class DdlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DdlRunner.class);

  private final Shard shard;
  private final Version release;
  private final int attempts;
  private final Duration firstBackoff;

  DdlRunner(Shard shard, Version release, int attempts, Duration firstBackoff) {
    this.shard = shard;
    this.release = release;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
  }

  /**
   * Runs one statement. {@code resumed} tolerates "already exists" / "already gone": the statement may
   * have run before a crash that came before its progress was recorded.
   */
  void run(Connection c, Statement st, boolean resumed) throws SQLException {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try (java.sql.Statement s = c.createStatement()) {
        s.execute(st.sql());
        return;
      } catch (SQLException e) {
        if (resumed && (SqlErrors.isAlreadyThere(shard.dialect(), e) || SqlErrors.isAlreadyGone(shard.dialect(), e))) {
          LOG.info("shard {}: release {}: already applied before an interruption: {}", shard.name(), release,
              st.reason());
          return;
        }
        if (!SqlErrors.isLockTimeout(shard.dialect(), e)) {
          throw new MigrationRefusedException(shard.name(), release, "the statement for \"" + st.reason()
              + "\" failed: " + e.getMessage().strip(), "fix the cause and run the same command again; it resumes here");
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
