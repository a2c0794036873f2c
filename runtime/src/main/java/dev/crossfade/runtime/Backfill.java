package dev.crossfade.runtime;

import dev.crossfade.Converter;
import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.runtime.repository.JdbcValues;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.SchemaModel.Move;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one backfill step in keyset batches, one transaction per batch: find the batch's last key (without a
 * lock), copy the batch in one statement that locks its old rows (so a concurrent writer waits instead of racing
 * the copy; a converted batch reads them {@code FOR UPDATE}), and save where the next batch starts in the same
 * transaction, so a crash loses at most the batch in flight and a rerun resumes there. The batch
 * size adapts so that a batch takes about the target time.
 *
 * <p>A batch waits for a row someone else holds at most the migrator's lock timeout: meanwhile it holds the rows
 * it already locked, so the application's writes to those would otherwise wait for the whole blocking
 * transaction. On a lock timeout (or a deadlock) the batch is rolled back, giving its rows back, and tried again
 * with backoff like a DDL statement.
 */
final class Backfill {
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
  static final int MIN_BATCH = 10;
  static final int MAX_BATCH = 50_000;

  private final Shard shard;
  private final Version release;
  private final StateStore store;
  private final MigratorOptions options;
  private final GeneratedPlan converters;

  Backfill(Shard shard, Version release, StateStore store, MigratorOptions options, GeneratedPlan converters) {
    this.shard = shard;
    this.release = release;
    this.store = store;
    this.options = options;
    this.converters = converters;
  }

  /** Runs step {@code index} (0-based) of {@code steps} to completion. */
  void run(BackfillSql step, int index, int steps) throws SQLException {
    JavaKind keyKind = step.step().source().id().javaKind();
    Converter<Object, Object>[] convert = step.converted() ? converters(step) : null;
    try (Connection c = shard.dataSource().getConnection()) {
      StateStore.Checkpoint cp = store.checkpoint(c, release, index);
      if (cp.done()) {
        return;
      }
      long total = count(c, "SELECT count(*) FROM " + quotedSource(step));
      Object from = cp.started() ? parseKey(keyKind, cp.nextKey()) : firstKey(c, step, keyKind);
      long rowsDone = cp.rowsDone();
      int size = options.initialBatchSize();
      long startNanos = System.nanoTime();
      long rowsThisRun = 0;
      int attempt = 1;
      boolean checked = false; // the SQL equivalents against the converters, on the first batch of this run
      Duration backoff = options.ddlBackoff();
      LockTimeout.Restore restore = LockTimeout.during(c, shard.dialect(), options.lockTimeout());
      String synchronousCommit = asynchronousCommits(c);
      c.setAutoCommit(false);
      try {
        if (from == null && step.sweep() != null) {
          sweep(c, step); // an empty old table: every new row is one whose old row is gone
          c.commit();
        }
        while (from != null) {
          Duration target = beforeBatch(c);
          long t0 = System.nanoTime();
          int n;
          long commitNanos;
          Object next;
          try {
            List<Object> keys = bounds(c, step, keyKind, from, size - 1);
            if (keys.isEmpty()) {
              if (size > 1) {
                // Fewer than size rows are left: halve the batch until its last key is found (a few index probes,
                // once per step), so the last batch ends at the table's last key without a query of its own.
                size = Math.max(1, size / 2);
                continue;
              }
              sweep(c, step);
              store.saveCheckpoint(c, release, index, new StateStore.Checkpoint(true, null, rowsDone, true));
              c.commit();
              break;
            }
            n = size;
            Object to = keys.get(0);
            next = keys.size() > 1 ? keys.get(1) : null;
            if (step.inDatabase()) {
              if (convert != null && !checked) {
                checkSqlEquivalent(c, step, convert, from, to);
                checked = true;
              }
              if (step.lock() != null) {
                // 1:N extraction: the batch's parent rows first, as the repositories' writers take them (and on H2
                // the old rows before its MERGE); through the next batch's first key, which MariaDB's range reads
                // of the batch lock too, so no writer holding that row can deadlock with the batch.
                try (PreparedStatement lock = c.prepareStatement(step.lock())) {
                  bindKey(lock, 1, keyKind, from);
                  bindKey(lock, 2, keyKind, next != null ? next : to);
                  lock.executeQuery().close();
                }
              }
              try (PreparedStatement copy = c.prepareStatement(step.copy())) {
                bindKey(copy, 1, keyKind, from);
                bindKey(copy, 2, keyKind, to);
                copy.executeUpdate();
              }
              if (step.clear() != null) {
                // 1:N extraction: the child row of a column an older server cleared goes too.
                try (PreparedStatement clear = c.prepareStatement(step.clear())) {
                  bindKey(clear, 1, keyKind, from);
                  bindKey(clear, 2, keyKind, to);
                  bindKey(clear, 3, keyKind, from);
                  bindKey(clear, 4, keyKind, to);
                  clear.executeUpdate();
                }
              }
            } else {
              convertBatch(c, step, convert, from, to);
            }
            if (next == null) {
              sweep(c, step);
            }
            store.saveCheckpoint(c, release, index, new StateStore.Checkpoint(true,
                next == null ? null : String.valueOf(next), rowsDone + n, next == null));
            long beforeCommit = System.nanoTime();
            c.commit();
            commitNanos = System.nanoTime() - beforeCommit;
          } catch (SQLException e) {
            if (!SqlErrors.lockTimeout(shard.dialect(), e) && !SqlErrors.conflict(shard.dialect(), e)) {
              throw e;
            }
            // A long transaction holds a row of this batch. Waiting for it would keep the rows this batch already
            // locked, and the application's writes to them, waiting as long: give them back and try again later.
            c.rollback();
            if (attempt >= options.ddlAttempts()) {
              throw new MigrationRefusedException(shard.name(), release, "could not lock the rows of \""
                  + step.step().reason() + "\" from key " + from + " in " + attempt + " attempts: a long transaction"
                  + " holds some of them", "end that transaction (see pg_stat_activity / SHOW PROCESSLIST), then run"
                  + " `migrate --release " + release + "` again; it resumes at the last saved batch");
            }
            LOG.warn("shard {}: release {}: lock timeout on a batch of \"{}\" from key {}, attempt {} of {}, retrying"
                + " in {} ms", shard.name(), release, step.step().reason(), from, attempt, options.ddlAttempts(),
                backoff.toMillis());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : backoff.multipliedBy(2);
            attempt++;
            continue;
          }
          attempt = 1;
          backoff = options.ddlBackoff();
          rowsDone += n;
          rowsThisRun += n;
          from = next;
          size = adapt(size, System.nanoTime() - t0, target);
          Duration maxCommit = options.health().maxCommitLatency();
          if (!maxCommit.isZero() && commitNanos > maxCommit.toNanos() && from != null) {
            // The database struggles to write: give it room, and ask less of it per batch.
            options.listener().onThrottle(shard.name(), release, "waiting: a commit took " + commitNanos / 1_000_000
                + " ms, more than --max-commit-ms " + maxCommit.toMillis());
            size = Math.max(MIN_BATCH, size / 2);
            Thread.sleep(options.health().pause().toMillis());
          }
          double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
          double rate = rowsThisRun / seconds;
          Duration eta = rate <= 0 ? null : Duration.ofSeconds((long) (Math.max(0, total - rowsDone) / rate));
          lastRate = rate;
          lastEta = eta;
          options.listener().onProgress(new BackfillProgress(shard.name(), release, index + 1, steps,
              step.step().reason(), rowsDone, Math.max(total, rowsDone), rate, eta, size));
          if (options.pauseBetweenBatches().toMillis() > 0) {
            Thread.sleep(options.pauseBetweenBatches().toMillis());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.rollback();
        throw new MigrationRefusedException(shard.name(), release, "the backfill was interrupted",
            "run migrate again; it resumes at the last saved batch");
      } catch (SQLException | RuntimeException e) {
        // On a lost connection rollback fails too (the server already rolled back); keep the first error.
        quietly(e, c::rollback);
        throw e;
      } finally {
        quietly(null, () -> c.setAutoCommit(true));
        restore.close(); // after the transaction ended: PostgreSQL undoes a SET with the transaction it ran in
        if (synchronousCommit != null) {
          quietly(null, () -> {
            try (Statement s = c.createStatement()) {
              s.execute("SET synchronous_commit = " + synchronousCommit); // a checked keyword, as read
            }
          });
        }
      }
    }
  }

  /**
   * On PostgreSQL, lets the batches' commits return before their WAL is flushed ({@code synchronous_commit = off},
   * for this session, until the step ends): a commit then costs no disk flush (about 2 ms each here, thousands of
   * batches). A crash may forget the last batches, but a batch's rows and its checkpoint are one transaction, so
   * they are forgotten together and the rerun copies them again; the state change to MIGRATED that follows is an
   * ordinary commit, which flushes everything before it. Returns the setting to put back, or null.
   */
  private String asynchronousCommits(Connection c) throws SQLException {
    if (shard.dialect() != Dialect.POSTGRES) {
      return null;
    }
    String before;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      before = rs.getString(1);
    }
    if (!before.matches("[a-z_]+")) {
      return null; // not a value we could put back as read: leave the session alone
    }
    try (Statement s = c.createStatement()) {
      s.execute("SET synchronous_commit = off");
    }
    return before;
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  /** Runs a clean-up that may fail on a broken connection, recording its failure on {@code primary} if any. */
  private static void quietly(Exception primary, SqlAction action) {
    try {
      action.run();
    } catch (SQLException failed) {
      if (primary != null) {
        primary.addSuppressed(failed);
      }
    }
  }

  private static final long RATE_EVERY_NANOS = 1_000_000_000L;
  private double lastRate;
  private Duration lastEta;
  private long rateRecordedAt = System.nanoTime();

  /** An operator's last control seen, to tell the listener of changes only. */
  private StateStore.Control seen = StateStore.Control.NONE;

  /**
   * Waits, before a batch, while an operator paused this release's backfill or the database has more sessions
   * running than {@link BackfillHealth#maxRunningSessions()}; returns the target batch time (the operator's, if
   * set). Each check ends its own read transaction, so a paused backfill holds no snapshot and no lock.
   */
  private Duration beforeBatch(Connection c) throws SQLException, InterruptedException {
    if (checkedTarget != null && System.nanoTime() - checkedAt < CHECK_EVERY_NANOS) {
      return checkedTarget; // checked moments ago: spare the batch two round trips
    }
    checkedTarget = checkNow(c);
    checkedAt = System.nanoTime();
    return checkedTarget;
  }

  /**
   * How often the control and health are read: at most every 200 ms, so short batches do not each pay a read and
   * a commit; a pause or a new target takes effect at the first batch boundary after that.
   */
  private static final long CHECK_EVERY_NANOS = 200_000_000L;
  private Duration checkedTarget;
  private long checkedAt;

  private Duration checkNow(Connection c) throws SQLException, InterruptedException {
    while (true) {
      StateStore.Control control = store.control(c, release);
      if (control.targetBatchMs() != null && !control.targetBatchMs().equals(seen.targetBatchMs())) {
        options.listener().onThrottle(shard.name(), release, "target batch time " + control.targetBatchMs() + " ms");
      }
      if (control.paused() && !seen.paused()) {
        options.listener().onThrottle(shard.name(), release, "paused by an operator");
        LOG.info("shard {}: release {}: backfill paused by an operator; `resume --release {}` goes on", shard.name(),
            release, release);
      } else if (!control.paused() && seen.paused()) {
        options.listener().onThrottle(shard.name(), release, "resumed");
        LOG.info("shard {}: release {}: backfill resumed", shard.name(), release);
      }
      seen = control;
      String unhealthy = control.paused() ? null : unhealthy(c);
      if (lastRate > 0 && System.nanoTime() - rateRecordedAt > RATE_EVERY_NANOS) {
        // For `status` in another process: about once a second, in this short read transaction.
        store.recordRate(c, release, lastRate, lastEta == null ? null : lastEta.toSeconds());
        rateRecordedAt = System.nanoTime();
      }
      if (!control.paused() && unhealthy == null) {
        // End the read transaction before the batch locks its rows: on MariaDB (REPEATABLE READ) these reads would
        // otherwise fix the batch's snapshot before its rows are locked, and a converted batch would then read
        // values older than a concurrent write that committed meanwhile, and copy them over it.
        c.commit();
        return control.targetBatchMs() != null ? Duration.ofMillis(control.targetBatchMs())
            : options.targetBatchTime();
      }
      if (unhealthy != null) {
        options.listener().onThrottle(shard.name(), release, "waiting: " + unhealthy);
      }
      c.commit(); // nothing is locked yet; end the read transaction while waiting
      Thread.sleep(options.health().pause().toMillis());
    }
  }

  /** Why the database is too busy for the next batch ({@link BackfillHealth#maxRunningSessions()}), or null. */
  private String unhealthy(Connection c) throws SQLException {
    int max = options.health().maxRunningSessions();
    if (max == 0 || shard.dialect() == Dialect.H2) {
      return null;
    }
    boolean postgres = shard.dialect() == Dialect.POSTGRES;
    String sql = postgres ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
        : "SHOW GLOBAL STATUS LIKE 'Threads_running'";
    long running;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      running = rs.next() ? Long.parseLong(rs.getString(postgres ? 1 : 2).strip()) : 0;
    }
    return running > max ? running + " sessions running, more than --max-running " + max : null;
  }

  private int adapt(int size, long nanos, Duration target) {
    double ms = Math.max(0.1, nanos / 1e6);
    double factor = target.toMillis() / ms;
    factor = Math.max(0.5, Math.min(2.0, factor));
    return (int) Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.round(size * factor)));
  }

  /** A table rename's last part, in the transaction that records the walk as done (BackfillSql#sweep). */
  private static void sweep(Connection c, BackfillSql step) throws SQLException {
    if (step.sweep() != null) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate(step.sweep());
      }
    }
  }

  private Object firstKey(Connection c, BackfillSql step, JavaKind keyKind) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(step.firstKey())) {
      return rs.next() ? JdbcValues.read(rs, 1, keyKind, shard.dialect()) : null;
    }
  }

  /**
   * The batch's last key (at {@code offset} from {@code from}) and the key after it, read without a lock; empty
   * when fewer than {@code offset + 1} rows are left. The batch's own statement locks its rows.
   */
  private List<Object> bounds(Connection c, BackfillSql step, JavaKind keyKind, Object from, int offset)
      throws SQLException {
    List<Object> keys = new ArrayList<>(2);
    try (PreparedStatement ps = c.prepareStatement(step.bounds())) {
      bindKey(ps, 1, keyKind, from);
      ps.setInt(2, offset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(JdbcValues.read(rs, 1, keyKind, shard.dialect()));
        }
      }
    }
    return keys;
  }

  /**
   * Reads, converts and writes one batch. Values are read and bound by the repositories' own
   * {@link JdbcValues}, by each field's Java kind: a converter receives what a repository would hand it, and
   * its result is stored as a repository stores it (an {@code Instant} in UTC and a {@code UUID} as text on
   * MariaDB, for instance), never as the driver's {@code setObject} would guess.
   */
  private void convertBatch(Connection c, BackfillSql step, Converter<Object, Object>[] convert, Object from,
      Object to) throws SQLException {
    List<Move> moves = step.step().moves();
    JavaKind sourceKey = step.step().source().id().javaKind();
    JavaKind targetKey = step.step().target().id().javaKind();
    Dialect dialect = shard.dialect();
    try (PreparedStatement read = c.prepareStatement(step.read());
        PreparedStatement write = c.prepareStatement(step.write())) {
      bindKey(read, 1, sourceKey, from);
      bindKey(read, 2, sourceKey, to);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            Object old = JdbcValues.read(rs, i + 2, m.field().javaKind(), dialect);
            JdbcValues.bind(write, i + 1, m.targetField().javaKind(), dialect, convert[i].toNew(old));
          }
          JdbcValues.bind(write, moves.size() + 1, targetKey, dialect, JdbcValues.read(rs, 1, sourceKey, dialect));
          write.addBatch();
        }
      }
      write.executeBatch();
    }
  }

  /**
   * Compares, on the rows of one batch, the new values a converted step's SQL equivalents compute inside the
   * database with what the Java converters make of the same old values (read and compared as the repositories
   * read them), and refuses to copy when one differs: the Java converter is the truth, the repositories use it.
   */
  private void checkSqlEquivalent(Connection c, BackfillSql step, Converter<Object, Object>[] convert, Object from,
      Object to) throws SQLException {
    List<Move> moves = step.step().moves();
    JavaKind sourceKey = step.step().source().id().javaKind();
    Dialect dialect = shard.dialect();
    try (PreparedStatement read = c.prepareStatement(step.read())) {
      bindKey(read, 1, sourceKey, from);
      bindKey(read, 2, sourceKey, to);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          for (int i = 0; i < moves.size(); i++) {
            Move m = moves.get(i);
            Object old = JdbcValues.read(rs, i + 2, m.field().javaKind(), dialect);
            Object sql = JdbcValues.read(rs, moves.size() + i + 2, m.targetField().javaKind(), dialect);
            Object java = convert[i].toNew(old);
            if (!same(java, sql)) {
              throw new MigrationRefusedException(shard.name(), release, "the @SqlEquivalent of " + m.converter()
                  + " does not compute what its toNew does: for the old value " + old + " of "
                  + step.step().source().table() + "." + m.field().column() + " (key "
                  + JdbcValues.read(rs, 1, sourceKey, dialect) + ") the database computes " + sql + ", toNew " + java
                  + "; nothing of \"" + step.step().reason() + "\" was copied in this transaction",
                  "correct the expression of @SqlEquivalent on " + m.converter() + " (or remove it, and the"
                  + " backfill converts in Java), rebuild, and run migrate again");
            }
          }
        }
      }
    }
  }

  private static boolean same(Object java, Object sql) {
    if (java instanceof java.math.BigDecimal a && sql instanceof java.math.BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return java == null ? sql == null : java.equals(sql);
  }

  /** The step's converters, created by the application's generated registry (no reflection). */
  @SuppressWarnings("unchecked")
  private Converter<Object, Object>[] converters(BackfillSql step) {
    Converter<Object, Object>[] out = new Converter[step.step().moves().size()];
    for (int i = 0; i < out.length; i++) {
      String name = step.step().moves().get(i).converter();
      try {
        out[i] = converters.converter(name);
      } catch (IllegalStateException | LinkageError e) {
        throw new MigrationRefusedException(shard.name(), release, "cannot create the converter " + name + " ("
            + e.getMessage() + ")", "run the migrator with the application's jar on the class path");
      }
    }
    return out;
  }

  private void bindKey(PreparedStatement ps, int index, JavaKind kind, Object key) throws SQLException {
    JdbcValues.bind(ps, index, kind, shard.dialect(), key);
  }

  /** A checkpointed key back in the type the driver returned for it. */
  private static Object parseKey(JavaKind kind, String text) {
    return switch (kind) {
      case INT, INTEGER -> Integer.valueOf(text);
      case LONG_PRIMITIVE, LONG -> Long.valueOf(text);
      case UUID -> UUID.fromString(text);
      default -> text;
    };
  }

  private String quotedSource(BackfillSql step) {
    String q = shard.dialect().isMySqlFamily() ? "`" : "\"";
    return q + step.step().source().table() + q; // a validated identifier, never user input
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
