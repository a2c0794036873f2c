package dev.crossfade.runtime;

import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Layout;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.LiveSchema;
import dev.crossfade.schema.sql.RollbackSql;
import dev.crossfade.schema.sql.Statement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a shard through one release's phases, checking the gates of DESIGN section 3 against the shard's
 * fleet registry. Every verb takes the shard's migrator lock, is idempotent where it can be, and resumes
 * an interrupted step (expand and contract statement by statement, the backfill batch by batch).
 * A verb that cannot proceed throws {@link MigrationRefusedException} naming the shard, the release, the
 * reason (the blocking servers, where servers block it) and what to do.
 *
 * <pre>{@code
 * Migrator migrator = new Migrator(GeneratedPlan.load(), MigratorOptions.defaults());
 * migrator.expand(shard, Version.parse("2.0"));
 * }</pre>
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  private final GeneratedPlan plan;
  private final MigratorOptions options;

  /** A migrator that runs the plan's reviewed scripts with these options. */
  public Migrator(GeneratedPlan plan, MigratorOptions options) {
    this.plan = plan;
    this.options = options;
  }

  /** The plan this migrator runs. */
  public GeneratedPlan plan() {
    return plan;
  }

  /**
   * The shard's phases, fleet, backfill progress and drift. Read-only: on a database that holds no Crossfade
   * state (a new shard, or a mistyped URL) it creates nothing and returns a status whose
   * {@link ShardStatus#hasState()} is false, every release PENDING; an H2 file URL is opened with
   * {@code IFEXISTS=TRUE}, so a mistyped path creates no file either.
   */
  public ShardStatus status(Shard shard) {
    DataSource source = shard.dataSource() instanceof JdbcUrlDataSource url ? url.existingOnly() : shard.dataSource();
    try (Connection c = connect(shard, source, null)) {
      StateStore store = new StateStore(shard).knowing(plan.model().releases());
      if (!store.present(c) || !store.complete(c)) {
        TreeMap<Version, Phase> phases = new TreeMap<>();
        plan.model().releases().forEach(v -> phases.put(v, Phase.PENDING));
        return new ShardStatus(shard.name(), shard.dialect().folder(), 0, null, phases, List.of(), Map.of(),
            List.of(), false, Map.of());
      }
      return status(shard, store, c);
    } catch (SQLException e) {
      if (SqlErrors.connectionLost(e)) {
        throw new ShardUnavailableException("shard " + shard.name() + ": lost the connection to the database while"
            + " reading its state (" + e.getMessage() + "); run status again", e);
      }
      throw new ShardUnavailableException(shard, "could not read its state", e);
    }
  }

  /**
   * A connection, or a {@link ShardUnavailableException} whose advice fits why there is none: a database that
   * does not exist and refused credentials are not helped by running the command again; a server that could not
   * be reached may be.
   */
  static Connection connect(Shard shard, DataSource source, Version release) {
    try {
      return source.getConnection();
    } catch (SQLException e) {
      throw cannotConnect(shard, release, e);
    }
  }

  static ShardUnavailableException cannotConnect(Shard shard, Version release, SQLException e) {
    String who = "shard " + shard.name() + (release == null ? "" : ", release " + release) + ": ";
    if (SqlErrors.missingDatabase(e)) {
      return new ShardUnavailableException(who + "the database the shard's URL names does not exist ("
          + e.getMessage() + "); check the database name in the URL, or create the database first (Crossfade"
          + " creates tables, not databases); nothing was changed", e);
    }
    if (SqlErrors.accessDenied(e)) {
      return new ShardUnavailableException(who + "the database refused the login (" + e.getMessage()
          + "); check the user and password the shard's URL or DataSource gives; nothing was changed", e);
    }
    return new ShardUnavailableException(who + "could not connect to the database (" + e.getMessage()
        + "); check the host and port in the shard's URL and that the server runs, then run the same command"
        + " again; nothing was changed", e);
  }

  /** PENDING -> EXPANDED: the additive DDL (for the baseline: the whole schema, straight to CONTRACTED). */
  public ShardStatus expand(Shard shard, Version release) {
    return locked(shard, release, (store, c, state) -> {
      plan.plan(shard.name(), release);
      refuseBehindBaseline(shard, release, state);
      for (Version earlier : plan.model().releases().headSet(release)) {
        if (state.phase(earlier) != Phase.CONTRACTED) {
          throw refuse(shard, release, "release " + earlier + " is " + state.phase(earlier) + " here",
              "finish it first: its next step is `" + nextVerb(state.phase(earlier)) + " --release " + earlier + "`;"
              + " the whole path: " + path(state, release));
        }
      }
      ShardState.ReleaseState rs = state.release(release);
      if (rs.phase() != Phase.PENDING) {
        throw refuse(shard, release, "it is already " + rs.phase() + " here; there is nothing to expand",
            "see `status`; the next step is `" + nextVerb(rs.phase()) + "`");
      }
      if (rs.undoStep() > 0) {
        throw refuse(shard, release, "a rollback of its expand is unfinished", "run `rollback --release " + release
            + "` again to finish it first");
      }
      List<Statement> statements = plan.expand(shard.dialect(), release);
      runScript(shard, release, c, statements, rs.expandStep(),
          done -> store.progress(c, release, new ShardState.ReleaseState(Phase.PENDING, 0, done, 0, 0, false)));
      boolean baseline = release.equals(plan.model().baseline());
      Phase next = baseline ? Phase.CONTRACTED : Phase.EXPANDED;
      store.write(c, release, new ShardState.ReleaseState(next, 0, statements.size(), 0, 0, false), StateStore.KEEP);
      LOG.info("shard {}: release {}: PENDING -> {}", shard.name(), release, next);
    });
  }

  /**
   * Pauses the backfill of {@code release} on the shard between two batches: a {@code migrate} running in any
   * process waits (holding no row lock and no snapshot) until {@link #resume}, and one started later waits too.
   * Takes effect at the first batch boundary 200 ms or more after the backfill's last look; does not take the
   * migrator's lock, which the running {@code migrate} holds.
   */
  public ShardStatus pause(Shard shard, Version release) {
    return control(shard, release, c -> new StateStore.Control(true, c.targetBatchMs()));
  }

  /** Lets a paused backfill of {@code release} on the shard go on at its next check. */
  public ShardStatus resume(Shard shard, Version release) {
    return control(shard, release, c -> new StateStore.Control(false, c.targetBatchMs()));
  }

  /**
   * Sets the target time of one backfill batch of {@code release} on the shard, overriding {@link
   * MigratorOptions#targetBatchTime()} in the running backfill within 200 ms (a shorter one holds each
   * batch's row locks for less time); {@code null} goes back to the option.
   */
  public ShardStatus throttle(Shard shard, Version release, Duration targetBatchTime) {
    if (targetBatchTime != null && (targetBatchTime.toMillis() < 1 || targetBatchTime.toMillis() > 60_000)) {
      throw new IllegalArgumentException("a target batch time is 1 ms to 60 s, not " + targetBatchTime);
    }
    Integer ms = targetBatchTime == null ? null : (int) targetBatchTime.toMillis();
    return control(shard, release, c -> new StateStore.Control(c.paused(), ms));
  }

  private ShardStatus control(Shard shard, Version release,
      java.util.function.UnaryOperator<StateStore.Control> change) {
    plan.plan(shard.name(), release); // an unknown release is refused naming the known ones
    StateStore store = new StateStore(shard, options).knowing(plan.model().releases());
    try (Connection c = connect(shard, shard.dataSource(), release)) {
      if (!store.present(c)) {
        throw refuse(shard, release, "the shard holds no Crossfade state yet", "start it with `expand --release "
            + plan.model().baseline() + "`");
      }
      store.read(c); // refuses corrupt state before anything is written
      store.ensureControl(c);
      StateStore.Control next = change.apply(store.control(c, release));
      store.setControl(c, release, next);
      LOG.info("shard {}: release {}: backfill {}{}", shard.name(), release, next.paused() ? "paused" : "running",
          next.targetBatchMs() == null ? "" : ", target batch time " + next.targetBatchMs() + " ms");
    } catch (SQLException e) {
      throw new ShardUnavailableException(shard, "could not record the backfill control of release " + release, e);
    }
    return status(shard);
  }

  /**
   * EXPANDED -> MIGRATING -> MIGRATED: refused while a live server older than the release is registered;
   * then only the release writes, the backfill copies old to new, and a clean verify makes it MIGRATED.
   */
  public ShardStatus migrate(Shard shard, Version release) {
    return locked(shard, release, (store, c, state) -> {
      plan.plan(shard.name(), release);
      if (release.equals(plan.model().baseline())) {
        throw refuse(shard, release, "the baseline has no window to migrate", "see `status`");
      }
      ShardState.ReleaseState rs = state.release(release);
      if (rs.phase() == Phase.EXPANDED) {
        List<ServerInfo> older = FleetRegistry.servers(c, shard).stream()
            .filter(s -> s.live() && s.codeRelease().isBefore(release)).toList();
        if (!older.isEmpty()) {
          throw refuse(shard, release, "live servers older than " + release + " are still registered: "
              + names(older), "upgrade or stop them; a stopped server blocks until its lease runs out");
        }
        store.write(c, release, with(rs, Phase.MIGRATING), release.toString());
        LOG.info("shard {}: release {}: EXPANDED -> MIGRATING, min writer release {}", shard.name(), release, release);
      } else if (rs.phase() != Phase.MIGRATING) {
        throw refuse(shard, release, "it is " + rs.phase() + " here, not EXPANDED",
            rs.phase() == Phase.PENDING ? "run `expand --release " + release + "` first"
                : "see `status`; the next step is `" + nextVerb(rs.phase()) + "`");
      }
      List<BackfillSql> steps = plan.backfill(shard.dialect(), release);
      if (!steps.isEmpty()) {
        store.ensureControl(c); // so that `pause` and `throttle` from another process reach this backfill
      }
      Backfill backfill = new Backfill(shard, release, store, options, plan);
      for (int i = 0; i < steps.size(); i++) {
        backfill.run(steps.get(i), i, steps.size());
      }
      for (int i = 0; i < steps.size(); i++) {
        BackfillSql step = steps.get(i);
        long differ = count(c, step.verify());
        if (differ == 0) {
          continue;
        }
        // Every batch was copied, yet rows differ: a write to the old layout alone after its batch, or a row changed
        // by hand. Copying the step again (the copies are upserts) repairs them; a stuck checkpoint never blocks.
        LOG.warn("shard {}: release {}: {} rows differ after \"{}\" although its backfill finished; copying that"
            + " step again", shard.name(), release, differ, step.step().reason());
        store.resetStep(c, release, i);
        backfill.run(step, i, steps.size());
        long still = count(c, step.verify());
        if (still > 0) {
          store.resetStep(c, release, i);
          throw refuse(shard, release, still + " rows still differ after \"" + step.step().reason() + "\" although"
              + " the step was copied again (" + differ + " differed before); its checkpoint is reset, so the next"
              + " `migrate` copies it once more", "run `migrate --release " + release + "` again; if rows keep"
              + " differing, something writes the old layout without the new one: see `status` for servers older than "
              + release + " and for writes made outside Crossfade");
        }
        LOG.info("shard {}: release {}: \"{}\" copied again; {} rows that differed now match", shard.name(), release,
            step.step().reason(), differ);
      }
      afterBackfill(shard, release, c);
      refreshStatistics(c, shard, release, steps);
      new ConstraintValidation(shard, release, ddl(shard, release))
          .run(c, plan.validations(shard.dialect(), release));
      store.write(c, release, with(store.read(c).release(release), Phase.MIGRATED), StateStore.KEEP);
      LOG.info("shard {}: release {}: MIGRATING -> MIGRATED", shard.name(), release);
    });
  }

  /**
   * PostgreSQL plans with the statistics it took while the new columns were empty and before the split-off
   * tables had rows; until autovacuum analyzes them, a query on a backfilled column (a finder on a renamed
   * one, a join to a split-off table) can get a plan for empty data, a hash join over whole tables. So the
   * tables the backfill wrote are analyzed before the new layout becomes the source of truth. ANALYZE takes a
   * lock that does not block reads or writes. MariaDB and MySQL recalculate InnoDB's persistent statistics by
   * themselves once a tenth of a table changed, and their ANALYZE TABLE waits for running statements, so it is
   * left to them; H2 is for tests.
   *
   * <p>ANALYZE still waits for a transaction that holds a stronger lock (an index build, a {@code LOCK TABLE}),
   * so it runs under the lock timeout like every statement of the migrator and is tried again with backoff; if
   * the lock holder outlasts every attempt it is left to autovacuum, with a warning: statistics are an
   * optimisation, not a reason to refuse a finished backfill.
   */
  private void refreshStatistics(Connection c, Shard shard, Version release, List<BackfillSql> steps)
      throws SQLException {
    if (shard.dialect() != dev.crossfade.schema.sql.Dialect.POSTGRES) {
      return;
    }
    java.util.Set<String> tables = new java.util.TreeSet<>();
    for (BackfillSql step : steps) {
      tables.add(step.step().source().table());
      tables.add(step.step().target().table());
    }
    // Validated identifiers from the generated plan, never user input.
    Statement analyze = new Statement("refresh the planner's statistics of the tables the backfill wrote",
        "ANALYZE " + String.join(", ", tables.stream().map(t -> "\"" + t + "\"").toList()));
    if (!ddl(shard, release).runIfLockFree(c, analyze)) {
      LOG.warn("shard {}: release {}: skipped ANALYZE of {}: a long transaction held a conflicting lock through every"
          + " attempt; autovacuum analyzes them later", shard.name(), release, tables);
    }
  }

  /**
   * MIGRATED -> CONTRACTING -> CONTRACTED: servers are told to stop writing the old layout; once every live
   * server has acknowledged that state, the reviewed drops run.
   */
  public ShardStatus contract(Shard shard, Version release) {
    return locked(shard, release, (store, c, state) -> {
      plan.plan(shard.name(), release);
      ShardState.ReleaseState rs = state.release(release);
      long version;
      if (rs.phase() == Phase.MIGRATED) {
        version = store.write(c, release, with(rs, Phase.CONTRACTING), StateStore.KEEP);
        rs = store.read(c).release(release);
        LOG.info("shard {}: release {}: MIGRATED -> CONTRACTING (state version {})", shard.name(), release, version);
      } else if (rs.phase() == Phase.CONTRACTING) {
        version = rs.stateVersion();
      } else {
        throw refuse(shard, release, "it is " + rs.phase() + " here, not MIGRATED",
            rs.phase() == Phase.CONTRACTED ? "it is done" : "run `" + nextVerb(rs.phase()) + " --release " + release
                + "` first");
      }
      awaitAcknowledgement(shard, release, c, version, "CONTRACTING",
          "the phase stays CONTRACTING; run `contract --release " + release + "` again once they have refreshed");
      ShardState.ReleaseState contracting = rs;
      runScript(shard, release, c, plan.contract(shard.dialect(), release), rs.contractStep(),
          done -> store.progress(c, release, new ShardState.ReleaseState(Phase.CONTRACTING, 0,
              contracting.expandStep(), done, 0, contracting.oldStale())));
      store.write(c, release, with(store.read(c).release(release), Phase.CONTRACTED), StateStore.KEEP);
      LOG.info("shard {}: release {}: CONTRACTING -> CONTRACTED", shard.name(), release);
    });
  }

  /**
   * One step back: CONTRACTING -> MIGRATED, MIGRATED or MIGRATING -> EXPANDED (lowering
   * {@code min_writer_release} only once every live server has seen EXPANDED), EXPANDED -> PENDING (dropping
   * what expand added, once every live server has seen PENDING; refused without {@code force} when that
   * would destroy data no old structure holds). CONTRACTED cannot be rolled back.
   */
  public ShardStatus rollback(Shard shard, Version release, boolean force) {
    return locked(shard, release, (store, c, state) -> {
      plan.plan(shard.name(), release);
      ShardState.ReleaseState rs = state.release(release);
      switch (rs.phase()) {
        case CONTRACTED -> throw refuse(shard, release, "contract dropped the old layout; CONTRACTED cannot be rolled back",
            "restore the old columns from a backup, or ship a release that adds them back");
        case CONTRACTING -> {
          List<Statement> contractSql = plan.contract(shard.dialect(), release);
          List<Statement> ran = contractSql.subList(0, Math.min(rs.contractStep(), contractSql.size())).stream()
              .filter(st -> !isSessionSetting(st)).toList();
          if (!ran.isEmpty()) {
            throw refuse(shard, release, "contract already ran " + ran.size() + " of its statements (the last: \""
                + ran.get(ran.size() - 1).reason() + "\"), so the old layout is partly gone",
                "fix what stopped it and run `contract --release " + release + "` again to finish it");
          }
          store.write(c, release, new ShardState.ReleaseState(Phase.MIGRATED, 0, rs.expandStep(), 0, 0, true),
              StateStore.KEEP);
          LOG.info("shard {}: release {}: CONTRACTING -> MIGRATED", shard.name(), release);
        }
        case MIGRATED, MIGRATING -> {
          if (rs.oldStale() && !force) {
            throw refuse(shard, release, "servers stopped writing the old layout while it was CONTRACTING, so it"
                + " misses those writes; back at EXPANDED, servers would read them stale",
                "stay at MIGRATED, or rerun with --force if you accept that");
          }
          long version = store.write(c, release, new ShardState.ReleaseState(Phase.EXPANDED, 0, rs.expandStep(), 0, 0,
              false), StateStore.KEEP);
          store.resetBackfill(c, release);
          LOG.info("shard {}: release {}: {} -> EXPANDED", shard.name(), release, rs.phase());
          lowerMinWriter(shard, release, store, c, version);
        }
        case EXPANDED -> {
          if (release.equals(state.minWriterRelease())) {
            lowerMinWriter(shard, release, store, c, rs.stateVersion());
          } else {
            undoExpand(shard, release, force, store, c, rs);
          }
        }
        case PENDING -> {
          if (rs.expandStep() == 0) {
            throw refuse(shard, release, "it is PENDING here; there is nothing to roll back", "see `status`");
          }
          undoExpand(shard, release, force, store, c, rs);
        }
        default -> throw new IllegalStateException("unknown phase " + rs.phase());
      }
    });
  }

  /** Lowers min_writer_release back to the previous release once every live server saw {@code version}. */
  private void lowerMinWriter(Shard shard, Version release, StateStore store, Connection c, long version)
      throws SQLException {
    awaitAcknowledgement(shard, release, c, version, "EXPANDED", "min_writer_release stays " + release
        + " so that older servers cannot write while some server still reads the new layout; run `rollback"
        + " --release " + release + "` again once they have refreshed");
    SortedSet<Version> earlier = plan.model().releases().headSet(release);
    ShardState.ReleaseState rs = store.read(c).release(release);
    store.write(c, release, rs, earlier.isEmpty() ? StateStore.CLEAR : earlier.last().toString());
    LOG.info("shard {}: release {}: min writer release lowered to {}", shard.name(), release,
        earlier.isEmpty() ? "none" : earlier.last());
  }

  private void undoExpand(Shard shard, Version release, boolean force, StateStore store, Connection c,
      ShardState.ReleaseState rs) throws SQLException {
    List<RollbackSql> drops = plan.rollback(shard.dialect(), release);
    long version;
    if (rs.phase() == Phase.EXPANDED) {
      List<String> losses = new ArrayList<>();
      for (RollbackSql r : drops) {
        if (r.lossCount() != null) {
          long n = count(c, r.lossCount());
          if (n > 0) {
            losses.add(n + " rows of " + r.loses());
          }
        }
      }
      List<String> blockers = new ArrayList<>();
      for (RollbackSql r : drops) {
        if (r.blockerCount() != null) {
          long n = count(c, r.blockerCount());
          if (n > 0) {
            blockers.add(n + " " + r.blocks());
          }
        }
      }
      if (!blockers.isEmpty()) {
        throw refuse(shard, release, "PENDING needs the NOT NULL that expand relaxed back, and "
            + String.join("; ", blockers), "give those rows a value (older servers read them), then run `rollback"
            + " --release " + release + "` again; --force cannot help, the database would reject the constraint");
      }
      if (!losses.isEmpty() && !force) {
        throw refuse(shard, release, "rolling back to PENDING would drop " + String.join("; ", losses),
            "rerun with --force to drop them anyway");
      }
      version = store.write(c, release, new ShardState.ReleaseState(Phase.PENDING, 0, rs.expandStep(), 0, 0, false),
          StateStore.KEEP);
      LOG.info("shard {}: release {}: EXPANDED -> PENDING; dropping {} structures once servers acknowledge",
          shard.name(), release, drops.size());
    } else {
      version = rs.stateVersion();
    }
    awaitAcknowledgement(shard, release, c, version, "PENDING", "the new structures stay until then; run `rollback"
        + " --release " + release + "` again once they have refreshed");
    DdlRunner ddl = ddl(shard, release);
    int done = rs.phase() == Phase.PENDING ? rs.undoStep() : 0;
    for (int i = Math.max(0, done - 1); i < drops.size(); i++) {
      store.progress(c, release, new ShardState.ReleaseState(Phase.PENDING, 0, rs.expandStep(), 0, i + 1, false));
      ddl.run(c, drops.get(i).drop(), true);
    }
    store.write(c, release, new ShardState.ReleaseState(Phase.PENDING, 0, 0, 0, 0, false), StateStore.KEEP);
  }

  /** Waits (up to the configured time) until every live server has seen {@code version}, else refuses naming them. */
  private void awaitAcknowledgement(Shard shard, Version release, Connection c, long version, String what,
      String meanwhile) throws SQLException {
    long deadline = System.nanoTime() + options.ackWait().toNanos();
    while (true) {
      List<ServerInfo> behind = FleetRegistry.servers(c, shard).stream()
          .filter(s -> s.live() && s.seenStateVersion() < version).toList();
      if (behind.isEmpty()) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw refuse(shard, release, "live servers have not acknowledged " + what + " (state version " + version
            + "): " + names(behind), meanwhile);
      }
      try {
        Thread.sleep(Math.min(500, Math.max(10, Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw refuse(shard, release, "interrupted while waiting for servers to acknowledge " + what, meanwhile);
      }
    }
  }

  @FunctionalInterface
  private interface Step {
    void run(StateStore store, Connection c, ShardState state) throws SQLException;
  }

  private ShardStatus locked(Shard shard, Version release, Step step) {
    StateStore store = new StateStore(shard, options).knowing(plan.model().releases());
    try (Connection c = connect(shard, shard.dataSource(), release)) {
      try {
        MigratorLock taken;
        try {
          ensure(store, c);
          taken = MigratorLock.acquire(shard);
        } catch (MigrationRefusedException e) {
          throw naming(e, release);
        }
        try (MigratorLock lock = taken) {
          step.run(store, c, store.read(c));
          return status(shard, store, c);
        }
      } finally {
        resetSession(shard, c);
      }
    } catch (SQLException e) {
      if (SqlErrors.connectionLost(e)) {
        throw new ShardUnavailableException(shard, "release " + release + ": lost the connection to the database;"
            + " run the same command again; it resumes where it stopped", e);
      }
      throw new ShardUnavailableException(shard, "release " + release + ": the database failed (" + e.getSQLState()
          + "); run the same command again, it resumes where it stopped", e);
    } catch (org.jooq.exception.DataAccessException e) {
      // A statement built with jOOQ (the state tables, the backfill's checkpoint and control) lost the connection.
      if (e.getCause() instanceof SQLException sql && SqlErrors.connectionLost(sql)) {
        throw new ShardUnavailableException(shard, "release " + release + ": lost the connection to the database;"
            + " run the same command again; it resumes where it stopped", sql);
      }
      throw e;
    }
  }

  /**
   * Gives the session back as it came: the reviewed scripts set a lock timeout for the session, and a pooled
   * connection (the application's DataSource) would otherwise hand it to the application's traffic.
   */
  private static void resetSession(Shard shard, Connection c) {
    try (java.sql.Statement st = c.createStatement()) {
      switch (shard.dialect()) {
        case POSTGRES -> st.execute("RESET lock_timeout");
        case MARIADB -> st.execute("SET SESSION lock_wait_timeout = DEFAULT, foreign_key_checks = DEFAULT,"
            + " check_constraint_checks = DEFAULT");
        case MYSQL -> st.execute("SET SESSION lock_wait_timeout = DEFAULT, foreign_key_checks = DEFAULT");
        case H2 -> st.execute("SET LOCK_TIMEOUT " + MigratorLock.H2_DEFAULT_LOCK_TIMEOUT_MS);
      }
    } catch (SQLException broken) {
      // A lost connection has no session left to reset; the error that lost it is reported instead.
    }
  }

  /** A refusal by the state tables or the lock (which know no release), naming the verb's release. */
  private static MigrationRefusedException naming(MigrationRefusedException e, Version release) {
    String prefix = "shard " + e.shard() + ": ";
    if (e.release() != null || !e.getMessage().startsWith(prefix)) {
      return e;
    }
    MigrationRefusedException named = new MigrationRefusedException(e.shard(), release,
        e.getMessage().substring(prefix.length()), null);
    named.initCause(e);
    return named;
  }

  /** Two migrators may create the state tables at once; the loser of that race just reads them. */
  private static void ensure(StateStore store, Connection c) throws SQLException {
    try {
      store.ensure(c);
    } catch (org.jooq.exception.DataAccessException raced) {
      store.ensure(c);
    }
  }

  private ShardStatus status(Shard shard, StateStore store, Connection c) throws SQLException {
    ShardState state = store.read(c);
    TreeMap<Version, Phase> phases = new TreeMap<>();
    Map<Version, Long> rows = new TreeMap<>();
    for (Version v : plan.model().releases()) {
      phases.put(v, state.phase(v));
      int steps = plan.plan(shard.name(), v).backfill().size();
      long sum = 0;
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        StateStore.Checkpoint cp = store.checkpoint(c, v, i);
        if (cp.started()) {
          any = true;
          sum += cp.rowsDone();
        }
      }
      if (any) {
        rows.put(v, sum);
      }
    }
    state.releases().keySet().stream().filter(v -> !phases.containsKey(v))
        .forEach(v -> phases.put(v, state.phase(v)));
    Layout expected = Layout.of(plan.model(), state::phase);
    var live = LiveSchema.read(c, shard.dialect());
    List<String> drift = new ArrayList<>(LiveSchema.diff(expected, live, shard.dialect()));
    drift.addAll(dev.crossfade.schema.sql.LiveConstraints.diff(c, shard.dialect(),
        dev.crossfade.schema.plan.ConstraintLayout.of(plan.model(), state::phase)));
    drift = DeclaredStructures.drift(plan, shard.dialect(), state::phase, expected, live, drift, c);
    return new ShardStatus(shard.name(), shard.dialect().folder(), state.stateVersion(), state.minWriterRelease(),
        phases, FleetRegistry.servers(c, shard), rows, drift, true, store.controls(c));
  }

  /**
   * The reviewed SQL fragments of the release's backfill step (the escape hatch), in order, once the backfill is
   * verified and before the shard becomes MIGRATED. They run again if migrate is interrupted before MIGRATED, so they
   * must be safe to repeat (docs/escape-hatch.md).
   */
  private void afterBackfill(Shard shard, Version release, Connection c) throws SQLException {
    List<Statement> fragments = plan.afterBackfill(shard.dialect(), release);
    DdlRunner ddl = ddl(shard, release);
    for (Statement st : fragments) {
      LOG.info("shard {}: release {}: {}", shard.name(), release, st.reason().split("\n")[0]);
      ddl.run(c, st, true);
    }
  }

  /**
   * Runs a reviewed script from statement {@code done} on, recording progress after each statement. Session
   * settings (the lock timeout) always run again; the first statement after a resume may already have run.
   */
  private void runScript(Shard shard, Version release, Connection c, List<Statement> statements, int done,
      java.util.function.IntConsumer progress) throws SQLException {
    DdlRunner ddl = ddl(shard, release);
    for (int i = 0; i < statements.size(); i++) {
      if (i < done && !isSessionSetting(statements.get(i))) {
        continue;
      }
      ddl.run(c, statements.get(i), i == done && i > 0);
      progress.accept(i + 1);
    }
  }

  private DdlRunner ddl(Shard shard, Version release) {
    return new DdlRunner(shard, release, options);
  }

  private static boolean isSessionSetting(Statement st) {
    return st.sql().startsWith("SET ");
  }

  private static ShardState.ReleaseState with(ShardState.ReleaseState rs, Phase phase) {
    return new ShardState.ReleaseState(phase, rs.stateVersion(), rs.expandStep(), rs.contractStep(), rs.undoStep(),
        rs.oldStale());
  }

  /**
   * The verbs left before {@code release} can be expanded: every earlier release of the plan walked to CONTRACTED
   * in order (a shard at R-1 meeting R+1's migrator is not walked through R silently: R's migrate and contract
   * each have a gate only the operator can satisfy), then the expand.
   */
  private String path(ShardState state, Version release) {
    List<String> verbs = new ArrayList<>();
    for (Version earlier : plan.model().releases().headSet(release)) {
      Phase p = state.phase(earlier);
      if (p == Phase.PENDING) {
        verbs.add("`expand --release " + earlier + "`");
      }
      if (!p.atLeast(Phase.MIGRATED) && !earlier.equals(plan.model().baseline())) {
        verbs.add("`migrate --release " + earlier + "`");
      }
      if (p != Phase.CONTRACTED && !earlier.equals(plan.model().baseline())) {
        verbs.add("`contract --release " + earlier + "`");
      }
    }
    return String.join(", ", verbs) + ", then `expand --release " + release + "`";
  }

  /**
   * A shard still at a release before this plan's baseline (its history before the baseline was squashed away)
   * cannot be served by this plan: its baseline expand would create tables the shard already has in an older
   * shape. Refused before anything runs, naming who can walk the shard up to the baseline.
   */
  private void refuseBehindBaseline(Shard shard, Version release, ShardState state) {
    behindBaseline(state, plan.model().baseline()).ifPresent(at -> {
      throw refuse(shard, release, behindBaselineReason(at, plan.model().baseline()),
          behindBaselineRemedy(at, plan.model().baseline()));
    });
  }

  /** The release a shard is at when that is before {@code baseline} (whose expand never ran there), else empty. */
  static java.util.Optional<Version> behindBaseline(ShardState state, Version baseline) {
    if (state.phase(baseline) != Phase.PENDING) {
      return java.util.Optional.empty();
    }
    return state.releases().entrySet().stream().filter(r -> r.getKey().isBefore(baseline)
        && r.getValue().phase() != Phase.PENDING).map(Map.Entry::getKey).reduce((a, b) -> b);
  }

  static String behindBaselineReason(Version at, Version baseline) {
    return "the shard is at release " + at + ", before release " + baseline + " where this plan's history starts"
        + " (its baseline; the releases before it were squashed)";
  }

  static String behindBaselineRemedy(Version at, Version baseline) {
    return "walk it through release " + baseline + " (expand, migrate, contract) with the migrator of a release"
        + " whose history still holds " + at + " and " + baseline + ", then come back; nothing was changed";
  }

  private static String nextVerb(Phase p) {
    return switch (p) {
      case PENDING -> "expand";
      case EXPANDED, MIGRATING -> "migrate";
      case MIGRATED, CONTRACTING -> "contract";
      case CONTRACTED -> "status";
    };
  }

  private static String names(List<ServerInfo> servers) {
    return servers.stream().map(ServerInfo::toString).collect(Collectors.joining(", "));
  }

  private static MigrationRefusedException refuse(Shard shard, Version release, String reason, String remedy) {
    return new MigrationRefusedException(shard.name(), release, reason, remedy);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
