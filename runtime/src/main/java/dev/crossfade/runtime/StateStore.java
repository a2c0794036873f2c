package dev.crossfade.runtime;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.DialectTypes;
import dev.crossfade.schema.sql.JooqSettings;
import dev.crossfade.runtime.internal.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state tables every shard carries. They are a protocol between releases (a 1.0 runtime reads what a
 * 2.0 migrator wrote), so they only ever change compatibly: new columns are nullable or defaulted, and
 * {@code crossfade_shard.protocol} is raised when an older runtime must refuse to act on them.
 *
 * <ul>
 *   <li>{@code crossfade_shard}: one row: protocol, the shard's name, the state version, {@code min_writer_release}
 *   <li>{@code crossfade_release}: per release: phase, the state version that set it, step progress
 *   <li>{@code crossfade_backfill}: per release and backfill step: where the next batch starts, rows done
 *   <li>{@code crossfade_server}: the fleet registry (see {@link FleetRegistry})
 *   <li>{@code crossfade_lock}: H2's stand-in for an advisory lock (see {@link MigratorLock})
 * </ul>
 */
final class StateStore {
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  /** The protocol this runtime writes and understands. */
  static final int PROTOCOL = 1;

  static final Table<Record> SHARD = table(name("crossfade_shard"));
  static final Table<Record> RELEASE = table(name("crossfade_release"));
  static final Table<Record> BACKFILL = table(name("crossfade_backfill"));
  static final Table<Record> SERVER = table(name("crossfade_server"));
  static final Table<Record> LOCK = table(name("crossfade_lock"));
  /**
   * Operators' live control of a release's backfill ({@code pause}, {@code resume}, {@code throttle}): not one of
   * the {@link #STATE_TABLES}, created by the migrator (the owner) when first needed, read by the backfill
   * before each batch; servers never touch it.
   */
  static final Table<Record> CONTROL = table(name("crossfade_control"));
  static final Field<Integer> PAUSED = field(name("paused"), SQLDataType.INTEGER);
  static final Field<Integer> TARGET_MS = field(name("target_batch_ms"), SQLDataType.INTEGER);
  /** A running backfill's rows per second and seconds left, written about once a second, and when (UTC). */
  static final Field<Double> RATE = field(name("rows_per_second"), SQLDataType.DOUBLE);
  static final Field<Long> ETA = field(name("eta_seconds"), SQLDataType.BIGINT);
  static final Field<LocalDateTime> PROGRESS_AT = field(name("progress_at"), SQLDataType.LOCALDATETIME);
  /** How recent a backfill's recorded rate must be for {@code status} to show it as running. */
  static final int RATE_FRESH_SECONDS = 15;

  static final Field<Integer> ID = field(name("id"), SQLDataType.INTEGER);
  static final Field<Integer> PROTOCOL_F = field(name("protocol"), SQLDataType.INTEGER);
  static final Field<String> SHARD_NAME = field(name("shard_name"), SQLDataType.VARCHAR(128));
  static final Field<Long> STATE_VERSION = field(name("state_version"), SQLDataType.BIGINT);
  static final Field<String> MIN_WRITER = field(name("min_writer_release"), SQLDataType.VARCHAR(32));
  static final Field<String> RELEASE_F = field(name("release"), SQLDataType.VARCHAR(32));
  static final Field<String> PHASE = field(name("phase"), SQLDataType.VARCHAR(16));
  static final Field<Integer> EXPAND_STEP = field(name("expand_step"), SQLDataType.INTEGER);
  static final Field<Integer> CONTRACT_STEP = field(name("contract_step"), SQLDataType.INTEGER);
  static final Field<Integer> UNDO_STEP = field(name("undo_step"), SQLDataType.INTEGER);
  static final Field<Integer> OLD_STALE = field(name("old_stale"), SQLDataType.INTEGER);
  static final Field<Integer> STEP = field(name("step"), SQLDataType.INTEGER);
  static final Field<String> NEXT_KEY = field(name("next_key"), SQLDataType.VARCHAR(255));
  static final Field<Integer> STARTED = field(name("started"), SQLDataType.INTEGER);
  static final Field<Integer> DONE = field(name("done"), SQLDataType.INTEGER);
  static final Field<Long> ROWS_DONE = field(name("rows_done"), SQLDataType.BIGINT);
  static final Field<String> SERVER_ID = field(name("server_id"), SQLDataType.VARCHAR(128));
  static final Field<String> CODE_RELEASE = field(name("code_release"), SQLDataType.VARCHAR(32));
  static final Field<Long> SEEN_VERSION = field(name("seen_state_version"), SQLDataType.BIGINT);
  static final Field<LocalDateTime> LAST_BEAT = field(name("last_beat"), SQLDataType.LOCALDATETIME);
  static final Field<LocalDateTime> LEASE_UNTIL = field(name("lease_until"), SQLDataType.LOCALDATETIME);
  /**
   * One running process's registration: a random value per process, so that two servers given the same id
   * cannot renew, fence or remove each other's registration. Nullable: runtimes before it write none.
   */
  static final Field<String> TOKEN = field(name("token"), SQLDataType.VARCHAR(64));
  /** How many characters a server id may have: the registry's {@code server_id} column. */
  static final int SERVER_ID_LENGTH = 128;
  /** How long a state change waits for the row lock that writes in flight hold on the shard's state row. */
  static final java.time.Duration STATE_LOCK_TIMEOUT = java.time.Duration.ofSeconds(5);

  private final Shard shard;
  /** How long a state change or the registry's one-time upgrade waits for a lock before it is tried again. */
  private final java.time.Duration lockWait;
  private final int attempts;
  private final java.time.Duration firstBackoff;

  /** For servers and read-only callers: a state change waits {@link #STATE_LOCK_TIMEOUT} once. */
  StateStore(Shard shard) {
    this(shard, STATE_LOCK_TIMEOUT, 1, java.time.Duration.ZERO);
  }

  /**
   * For the migrator: every lock wait of a state change (the shard's state row, which writes in flight hold in
   * share mode) and of the registry's one-time upgrade is bounded by {@link MigratorOptions#lockTimeout()}, and a
   * state change that timed out is tried again after {@link MigratorOptions#ddlBackoff()}, doubling, up to
   * {@link MigratorOptions#ddlAttempts()} times, like the migrator's DDL.
   */
  StateStore(Shard shard, MigratorOptions options) {
    this(shard, options.lockTimeout(), options.ddlAttempts(), options.ddlBackoff());
  }

  private StateStore(Shard shard, java.time.Duration lockWait, int attempts, java.time.Duration firstBackoff) {
    this(shard, lockWait, attempts, firstBackoff, null);
  }

  private StateStore(Shard shard, java.time.Duration lockWait, int attempts, java.time.Duration firstBackoff,
      java.util.SortedSet<Version> history) {
    this.shard = shard;
    this.lockWait = lockWait;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
    this.history = history;
  }

  /** The releases the code knows, from its baseline to its own release ({@code SchemaModel.releases()}), or null. */
  private final java.util.SortedSet<Version> history;

  /**
   * This store, refusing in {@link #read} a release the code's history should have but does not: one after the
   * code's baseline and before its last release that the code never heard of. Only another line of releases (a
   * branch's release that never became part of this code) or an edit records such a release, and its DDL is not
   * in this code's plan. Releases before the baseline are history squashed away; releases after the code's are
   * newer code's, which {@code Crossfade.refusal} and the gates judge.
   */
  StateStore knowing(java.util.SortedSet<Version> releases) {
    return new StateStore(shard, lockWait, attempts, firstBackoff, releases);
  }

  static DSLContext dsl(Connection c, Dialect dialect) {
    return DSL.using(c, dialect.jooq(), JooqSettings.settings());
  }

  /**
   * Creates the state tables if missing and records the shard's name on first use. A shard whose tables
   * name another shard, or carry a newer protocol, is refused: it is the wrong database, or a newer
   * Crossfade owns it.
   */
  void ensure(Connection c) throws SQLException {
    DSLContext dsl = dsl(c, shard.dialect());
    java.util.Set<String> present = presentStateTables(c);
    java.util.List<String> missing = STATE_TABLES.stream().filter(t -> !present.contains(t)).toList();
    if (missing.isEmpty()) {
      // Nothing to create: a server's database user needs no DDL right here (see docs/privileges.md), and
      // PostgreSQL checks the right to create before it notices that a table exists.
      addTokenIfMissing(c, dsl);
    } else if (recorded(dsl, present)) {
      throw partial(present, missing);
    } else {
      try {
        create(c, dsl);
      } catch (org.jooq.exception.DataAccessException e) {
        if (e.getCause() instanceof SQLException sql && SqlErrors.permissionDenied(shard.dialect(), sql)) {
          throw new MigrationRefusedException(shard.name(), null, "it has no Crossfade state tables yet, and this"
              + " database user may not create them (" + sql.getMessage().strip() + ")", "run the migrator as the"
              + " database's owner first (`expand --release` the baseline release); servers need only the rights to"
              + " read and write rows, see docs/privileges.md");
        }
        throw e;
      }
    }
    checkShardRow(c, dsl);
  }

  /** The tables holding a shard's state: if one of them exists, all must (crossfade_lock is H2's lock only). */
  static final java.util.List<String> STATE_TABLES = java.util.List.of("crossfade_shard", "crossfade_release",
      "crossfade_backfill", "crossfade_server");

  /** Whether the present state tables already record a state: the shard's row, or any release's. */
  private static boolean recorded(DSLContext dsl, java.util.Set<String> present) {
    return present.contains("crossfade_shard") && dsl.fetchExists(dsl.selectOne().from(SHARD).where(ID.eq(1)))
        || present.contains("crossfade_release") && dsl.fetchExists(dsl.selectOne().from(RELEASE));
  }

  private java.util.Set<String> presentStateTables(Connection c) throws SQLException {
    java.util.Set<String> present = new java.util.TreeSet<>();
    java.sql.DatabaseMetaData meta = c.getMetaData();
    String schema = shard.dialect().isMySqlFamily() ? null : c.getSchema();
    try (java.sql.ResultSet rs = meta.getTables(c.getCatalog(), schema, "crossfade%", null)) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
        if (STATE_TABLES.contains(name)) {
          present.add(name);
        }
      }
    }
    if (present.isEmpty() && shard.dialect() == Dialect.H2) {
      try (java.sql.ResultSet rs = meta.getTables(c.getCatalog(), schema, "CROSSFADE%", null)) {
        while (rs.next()) {
          String name = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
          if (STATE_TABLES.contains(name)) {
            present.add(name);
          }
        }
      }
    }
    return present;
  }

  /** The registry's time type on this database (microseconds, no zone: the values are UTC). */
  @SuppressWarnings("unchecked")
  private DataType<LocalDateTime> timestamp() {
    return (DataType<LocalDateTime>) (DataType<?>) DialectTypes.of(shard.dialect(),
        new SqlType(SqlType.Kind.TIMESTAMP, 0, 0, 0));
  }

  private void create(Connection c, DSLContext dsl) throws SQLException {
    DataType<LocalDateTime> time = timestamp();
    dsl.createTableIfNotExists(SHARD)
        .column(ID, SQLDataType.INTEGER.nullable(false))
        .column(PROTOCOL_F, SQLDataType.INTEGER.nullable(false))
        .column(SHARD_NAME, SQLDataType.VARCHAR(128).nullable(false))
        .column(STATE_VERSION, SQLDataType.BIGINT.nullable(false))
        .column(MIN_WRITER, SQLDataType.VARCHAR(32).nullable(true))
        .constraints(constraint(name("crossfade_shard_pkey")).primaryKey(ID))
        .execute();
    dsl.createTableIfNotExists(RELEASE)
        .column(RELEASE_F, SQLDataType.VARCHAR(32).nullable(false))
        .column(PHASE, SQLDataType.VARCHAR(16).nullable(false))
        .column(STATE_VERSION, SQLDataType.BIGINT.nullable(false))
        .column(EXPAND_STEP, SQLDataType.INTEGER.nullable(false))
        .column(CONTRACT_STEP, SQLDataType.INTEGER.nullable(false))
        .column(UNDO_STEP, SQLDataType.INTEGER.nullable(false))
        .column(OLD_STALE, SQLDataType.INTEGER.nullable(false))
        .constraints(constraint(name("crossfade_release_pkey")).primaryKey(RELEASE_F))
        .execute();
    dsl.createTableIfNotExists(BACKFILL)
        .column(RELEASE_F, SQLDataType.VARCHAR(32).nullable(false))
        .column(STEP, SQLDataType.INTEGER.nullable(false))
        .column(STARTED, SQLDataType.INTEGER.nullable(false))
        .column(NEXT_KEY, SQLDataType.VARCHAR(255).nullable(true))
        .column(ROWS_DONE, SQLDataType.BIGINT.nullable(false))
        .column(DONE, SQLDataType.INTEGER.nullable(false))
        .constraints(constraint(name("crossfade_backfill_pkey")).primaryKey(RELEASE_F, STEP))
        .execute();
    dsl.createTableIfNotExists(SERVER)
        .column(SERVER_ID, SQLDataType.VARCHAR(SERVER_ID_LENGTH).nullable(false))
        .column(CODE_RELEASE, SQLDataType.VARCHAR(32).nullable(false))
        .column(SEEN_VERSION, SQLDataType.BIGINT.nullable(false))
        .column(LAST_BEAT, time.nullable(false))
        .column(LEASE_UNTIL, time.nullable(false))
        .column(TOKEN, SQLDataType.VARCHAR(64).nullable(true))
        .constraints(constraint(name("crossfade_server_pkey")).primaryKey(SERVER_ID))
        .execute();
    addTokenIfMissing(c, dsl);
    dsl.createTableIfNotExists(LOCK)
        .column(ID, SQLDataType.INTEGER.nullable(false))
        .constraints(constraint(name("crossfade_lock_pkey")).primaryKey(ID))
        .execute();
  }

  private void checkShardRow(Connection c, DSLContext dsl) {
    Record row = dsl.select(PROTOCOL_F, SHARD_NAME).from(SHARD).where(ID.eq(1)).fetchOne();
    if (row == null) {
      try {
        dsl.insertInto(SHARD, ID, PROTOCOL_F, SHARD_NAME, STATE_VERSION).values(1, PROTOCOL, shard.name(), 0L).execute();
        dsl.insertInto(LOCK, ID).values(1).execute();
      } catch (org.jooq.exception.DataAccessException raced) {
        // Another process created the row first; fall through and check it like any existing row.
      }
      row = dsl.select(PROTOCOL_F, SHARD_NAME).from(SHARD).where(ID.eq(1)).fetchOne();
    }
    check(row);
  }

  /**
   * Whether this database holds Crossfade's state: the {@code crossfade_shard} table with its row. Reads only
   * (JDBC metadata, then one select), so {@code status} can tell a new or mistyped database from a shard
   * without creating anything in it. A present state is checked like {@link #ensure}: protocol and name.
   */
  /**
   * For a reader that must not create anything ({@code status}): true when every state table exists; false when
   * some are missing and none records state (a creation a crash left half-done: no state yet); refused as
   * corrupt when some are missing while the others record state.
   */
  boolean complete(Connection c) throws SQLException {
    java.util.Set<String> present = presentStateTables(c);
    java.util.List<String> missing = STATE_TABLES.stream().filter(t -> !present.contains(t)).toList();
    if (missing.isEmpty()) {
      return true;
    }
    if (recorded(dsl(c, shard.dialect()), present)) {
      throw partial(present, missing);
    }
    return false;
  }

  /** Creating the missing tables would start a history that is not the shard's: every release PENDING again. */
  private MigrationRefusedException partial(java.util.Set<String> present, java.util.List<String> missing) {
    return corrupt(null, "its state table" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
        + (missing.size() > 1 ? " are" : " is") + " missing while " + String.join(", ", present.stream().sorted()
            .toList()) + " exist" + (present.size() > 1 ? "" : "s") + " (dropped by hand, or a partial restore)");
  }

  boolean present(Connection c) throws SQLException {
    if (!tableExists(c, shard.dialect() == Dialect.POSTGRES ? c.getSchema() : null, "crossfade_shard")) {
      return false;
    }
    Record row = dsl(c, shard.dialect()).select(PROTOCOL_F, SHARD_NAME).from(SHARD).where(ID.eq(1)).fetchOne();
    if (row == null) {
      return false;
    }
    check(row);
    return true;
  }

  /**
   * In the connection's own database (and on PostgreSQL its current schema, where the unqualified state tables
   * are); upper case too, as H2 without {@code DATABASE_TO_LOWER} keeps names.
   */
  private static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    java.sql.DatabaseMetaData meta = c.getMetaData();
    for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
      try (java.sql.ResultSet rs = meta.getTables(c.getCatalog(), schema, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private void check(Record row) {
    if (row.get(PROTOCOL_F) > PROTOCOL) {
      throw new MigrationRefusedException(shard.name(), null, "its state tables use protocol " + row.get(PROTOCOL_F)
          + " but this Crossfade understands up to " + PROTOCOL, "upgrade this server, or run the migrator, of the newest release");
    }
    if (!shard.name().equals(row.get(SHARD_NAME))) {
      throw new MigrationRefusedException(shard.name(), null, "the database behind this URL is shard "
          + quote(row.get(SHARD_NAME)) + ", not '" + shard.name() + "'", "check the --shard NAME=JDBC_URL pairs");
    }
  }

  /**
   * A registry created by a runtime before registration tokens gets the nullable column (a compatible change
   * of the protocol). Looked up first, because even {@code ADD COLUMN IF NOT EXISTS} takes PostgreSQL's
   * strongest table lock.
   */
  private void addTokenIfMissing(Connection c, DSLContext dsl) throws SQLException {
    java.sql.DatabaseMetaData meta = c.getMetaData();
    for (String table : new String[] {"crossfade_server", "CROSSFADE_SERVER"}) {
      try (java.sql.ResultSet cols = meta.getColumns(c.getCatalog(), null, table, null)) {
        boolean found = false;
        while (cols.next()) {
          found = true;
          if (cols.getString("COLUMN_NAME").equalsIgnoreCase("token")) {
            return;
          }
        }
        if (found) {
          // The ALTER takes the registry's strongest table lock, and every write's fencing check reads the registry:
          // bounded like the migrator's DDL, so a long transaction on the registry delays writes by one lock wait.
          try (LockTimeout.Restore bounded = LockTimeout.during(c, shard.dialect(), lockWait)) {
            dsl.alterTable(SERVER).addColumn(TOKEN, SQLDataType.VARCHAR(64).nullable(true)).execute();
          } catch (org.jooq.exception.DataAccessException e) {
            if (e.getCause() instanceof SQLException sql && SqlErrors.lockTimeout(shard.dialect(), sql)) {
              throw new MigrationRefusedException(shard.name(), null, "the one-time upgrade of Crossfade's fleet"
                  + " registry (adding crossfade_server.token) waited longer than the lock timeout of "
                  + lockWait.toMillis() + " ms for a transaction that uses that table, and was given up so that"
                  + " servers' writes do not queue behind it", "run the same command again");
            }
            throw e;
          }
          return;
        }
      }
    }
  }

  /**
   * Reads the shard's state, refusing a state this runtime cannot trust (changed by hand, a partial restore, a
   * hostile edit): a missing row, an unknown phase, a release or minimum writer release that is no release number,
   * a negative state version or step, a release changed by a state version the shard has not reached. Nothing is
   * written before or by the refusal.
   */
  ShardState read(Connection c) {
    DSLContext dsl = dsl(c, shard.dialect());
    Record s = dsl.select(SHARD_NAME, STATE_VERSION, MIN_WRITER).from(SHARD).where(ID.eq(1)).fetchOne();
    if (s == null) {
      throw corrupt(null, "its state table crossfade_shard has no row");
    }
    long version = s.get(STATE_VERSION);
    if (version < 0) {
      throw corrupt(null, "its state version is " + version + ", below 0, which no migrator writes");
    }
    SortedMap<Version, ShardState.ReleaseState> releases = new TreeMap<>();
    for (Record r : dsl.select(RELEASE_F, PHASE, STATE_VERSION, EXPAND_STEP, CONTRACT_STEP, UNDO_STEP, OLD_STALE)
        .from(RELEASE).fetch()) {
      String text = r.get(RELEASE_F);
      Version release = Version.tryParse(text).orElseThrow(() -> corrupt(null, "it records a release "
          + quote(text) + ", which is not a release number"));
      Phase phase = phase(r.get(PHASE)).orElseThrow(() -> corrupt(release, "its phase is " + quote(r.get(PHASE))
          + ", which is none of " + java.util.Arrays.toString(Phase.values())));
      long set = r.get(STATE_VERSION);
      // The shard's row was read first, so a state change committed in between may show here with a higher
      // version (that order is on purpose: the phases a server acts on are at least as new as the version it
      // acknowledges). Only a version the shard's row has not reached even now is corrupt.
      if (set < 0 || set > version && set > dsl.select(STATE_VERSION).from(SHARD).where(ID.eq(1))
          .fetchOptional(STATE_VERSION).orElse(-1L)) {
        throw corrupt(release, "its phase was set by state version " + set + ", but the shard's state version is "
            + version + " (a state version only ever increases, and every phase change raises it)");
      }
      if (r.get(EXPAND_STEP) < 0 || r.get(CONTRACT_STEP) < 0 || r.get(UNDO_STEP) < 0) {
        throw corrupt(release, "its step progress is negative (expand " + r.get(EXPAND_STEP) + ", contract "
            + r.get(CONTRACT_STEP) + ", rollback " + r.get(UNDO_STEP) + ")");
      }
      if (releases.put(release, new ShardState.ReleaseState(phase, set, r.get(EXPAND_STEP), r.get(CONTRACT_STEP),
          r.get(UNDO_STEP), r.get(OLD_STALE) != 0)) != null) {
        throw corrupt(release, "it records release " + release + " twice (as " + quote(text) + " and another"
            + " spelling)");
      }
    }
    if (history != null && !history.isEmpty()) {
      for (Version release : releases.keySet()) {
        if (release.isAfter(history.first()) && release.isBefore(history.last()) && !history.contains(release)) {
          throw corrupt(release, "it records release " + release + ", which is not in this code's history ("
              + history.stream().map(Version::toString).collect(java.util.stream.Collectors.joining(", "))
              + ") although it lies between them (if the code of another line of releases migrated this shard,"
              + " run that line's servers and migrator on it)");
        }
      }
    }
    String min = s.get(MIN_WRITER);
    Version minWriter = min == null ? null : Version.tryParse(min).orElseThrow(() -> corrupt(null,
        "its minimum writer release is " + quote(min) + ", which is not a release number"));
    return new ShardState(s.get(SHARD_NAME), version, minWriter, releases);
  }

  private static java.util.Optional<Phase> phase(String text) {
    for (Phase p : Phase.values()) {
      if (p.name().equals(text)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * A refusal of state this runtime cannot trust. It says that nothing was changed and how to recover: the
   * state tables are the record of which DDL ran, so guessing would run or skip DDL wrongly.
   */
  MigrationRefusedException corrupt(Version release, String reason) {
    return new MigrationRefusedException(shard.name(), release, "refusing to act on corrupted state: " + reason
        + "; nothing was changed", "restore the state tables (crossfade_shard, crossfade_release, crossfade_backfill,"
        + " crossfade_server) from the backup taken with the shard's tables, or correct them to match the live"
        + " tables (see docs/runtime.md, Faults and hostile conditions)");
  }

  /**
   * A value read from the state tables, for a message: quoted, at most 40 characters, control characters shown
   * as escapes, so that a hostile value can neither flood a log nor break its line.
   */
  static String quote(String value) {
    if (value == null) {
      return "NULL";
    }
    StringBuilder b = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < value.length() && shown < 40; shown++) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    int total = value.codePointCount(0, value.length());
    b.append(total > 40 ? "…' (" + total + " characters)" : "'");
    return b.toString();
  }

  /**
   * Writes a release's row and bumps the shard's state version, in one transaction; returns the new
   * version. {@code minWriter} is written when not null ({@link #KEEP} keeps it, {@link #CLEAR} clears it).
   */
  long write(Connection c, Version release, ShardState.ReleaseState next, String minWriter) throws SQLException {
    java.time.Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(c, release, next, minWriter);
      } catch (StateRowBusy busy) {
        if (attempt >= attempts) {
          throw new MigrationRefusedException(shard.name(), release, "a server's write transaction held the shard's"
              + " state row for longer than the lock timeout of " + lockWait.toMillis() + " ms in each of " + attempts
              + " attempt" + (attempts == 1 ? "" : "s") + " (a write between its fencing check and its commit,"
              + " possibly on a frozen connection), so the state was not changed",
              "run the same command again; the database ends such a session when it notices its client is gone");
        }
        LOG.warn("shard {}: release {}: the state row is held by a write in flight, attempt {} of {}, retrying in {} ms",
            shard.name(), release, attempt, attempts, backoff.toMillis());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new MigrationRefusedException(shard.name(), release, "interrupted while waiting for the state row",
              "run the same command again");
        }
        backoff = backoff.multipliedBy(2).compareTo(java.time.Duration.ofSeconds(30)) > 0
            ? java.time.Duration.ofSeconds(30) : backoff.multipliedBy(2);
      }
    }
  }

  /** The state row stayed locked for the whole lock wait; nothing was written. */
  private static final class StateRowBusy extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private long writeOnce(Connection c, Version release, ShardState.ReleaseState next, String minWriter)
      throws SQLException, StateRowBusy {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    Integer mariaDbWait = null;
    try {
      DSLContext dsl = dsl(c, shard.dialect());
      mariaDbWait = boundStateLockWait(c);
      var update = dsl.update(SHARD).set(STATE_VERSION, STATE_VERSION.plus(1L));
      if (CLEAR.equals(minWriter)) {
        update = update.set(MIN_WRITER, (String) null);
      } else if (!KEEP.equals(minWriter)) {
        update = update.set(MIN_WRITER, minWriter);
      }
      update.where(ID.eq(1)).execute();
      long version = dsl.select(STATE_VERSION).from(SHARD).where(ID.eq(1)).fetchOne(STATE_VERSION);
      int updated = dsl.update(RELEASE).set(PHASE, next.phase().name()).set(STATE_VERSION, version)
          .set(EXPAND_STEP, next.expandStep()).set(CONTRACT_STEP, next.contractStep()).set(UNDO_STEP, next.undoStep())
          .set(OLD_STALE, next.oldStale() ? 1 : 0).where(RELEASE_F.eq(release.toString())).execute();
      if (updated == 0) {
        dsl.insertInto(RELEASE, RELEASE_F, PHASE, STATE_VERSION, EXPAND_STEP, CONTRACT_STEP, UNDO_STEP, OLD_STALE)
            .values(release.toString(), next.phase().name(), version, next.expandStep(), next.contractStep(),
                next.undoStep(), next.oldStale() ? 1 : 0)
            .execute();
      }
      c.commit();
      return version;
    } catch (RuntimeException | SQLException e) {
      c.rollback();
      SQLException sql = e instanceof SQLException s ? s
          : e.getCause() instanceof SQLException s ? s : null;
      if (sql != null && SqlErrors.lockTimeout(shard.dialect(), sql)) {
        throw new StateRowBusy();
      }
      throw e;
    } finally {
      if (mariaDbWait != null) {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("SET SESSION innodb_lock_wait_timeout = " + mariaDbWait); // an integer read from the server
        } catch (SQLException broken) {
          // The connection is gone; so is its session setting.
        }
      }
      c.setAutoCommit(auto);
    }
  }

  /** An operator's control of a release's backfill: paused or not, and a target batch time (null: the option's). */
  record Control(boolean paused, Integer targetBatchMs) {
    static final Control NONE = new Control(false, null);
  }

  /** Creates the control table if it is missing (the migrator's user owns the shard). */
  void ensureControl(Connection c) {
    dsl(c, shard.dialect()).createTableIfNotExists(CONTROL)
        .column(RELEASE_F, SQLDataType.VARCHAR(32).nullable(false))
        .column(PAUSED, SQLDataType.INTEGER.nullable(false))
        .column(TARGET_MS, SQLDataType.INTEGER.nullable(true))
        .column(RATE, SQLDataType.DOUBLE.nullable(true))
        .column(ETA, SQLDataType.BIGINT.nullable(true))
        .column(PROGRESS_AT, timestamp().nullable(true))
        .constraints(constraint(name("crossfade_control_pkey")).primaryKey(RELEASE_F))
        .execute();
  }

  /** The release's control as last set, {@link Control#NONE} when none was ever set. */
  Control control(Connection c, Version release) {
    Record r = dsl(c, shard.dialect()).select(PAUSED, TARGET_MS).from(CONTROL).where(RELEASE_F.eq(release.toString()))
        .fetchOne();
    return r == null ? Control.NONE : new Control(r.get(PAUSED) != 0, r.get(TARGET_MS));
  }

  /**
   * Every release's control an operator set, for {@code status}: "paused", "target batch 40 ms" or both. Read-only:
   * an empty map when the control table was never created.
   */
  java.util.SortedMap<Version, String> controls(Connection c) throws SQLException {
    java.util.SortedMap<Version, String> out = new TreeMap<>();
    boolean exists = false;
    java.sql.DatabaseMetaData meta = c.getMetaData();
    String schema = shard.dialect().isMySqlFamily() ? null : c.getSchema();
    for (String pattern : new String[] {"crossfade_control", "CROSSFADE_CONTROL"}) {
      try (java.sql.ResultSet rs = meta.getTables(c.getCatalog(), schema, pattern, null)) {
        exists |= rs.next();
      }
    }
    if (!exists) {
      return out;
    }
    Field<Boolean> fresh = DSL.field(PROGRESS_AT.gt(DSL.localDateTimeSub(FleetRegistry.utcNow(shard),
        RATE_FRESH_SECONDS, org.jooq.DatePart.SECOND)));
    for (Record r : dsl(c, shard.dialect()).select(RELEASE_F, PAUSED, TARGET_MS, RATE, ETA, fresh).from(CONTROL)
        .fetch()) {
      java.util.Optional<Version> release = Version.tryParse(r.get(RELEASE_F));
      if (release.isEmpty()) {
        continue;
      }
      List<String> parts = new java.util.ArrayList<>();
      if (r.get(PAUSED) != 0) {
        parts.add("paused");
      }
      if (r.get(TARGET_MS) != null) {
        parts.add("target batch " + r.get(TARGET_MS) + " ms");
      }
      if (Boolean.TRUE.equals(r.get(fresh)) && r.get(RATE) != null && r.get(PAUSED) == 0) {
        parts.add(String.format(java.util.Locale.ROOT, "%,.0f rows/s", r.get(RATE)) + (r.get(ETA) == null ? ""
            : ", ETA " + java.time.Duration.ofSeconds(r.get(ETA)).toString().substring(2).toLowerCase(
                java.util.Locale.ROOT)));
      }
      if (!parts.isEmpty()) {
        out.put(release.get(), String.join(", ", parts));
      }
    }
    return out;
  }

  /** Records a running backfill's rate and time left (null when unknown), with the database's UTC time. */
  void recordRate(Connection c, Version release, double rowsPerSecond, Long etaSeconds) {
    DSLContext dsl = dsl(c, shard.dialect());
    int updated = dsl.update(CONTROL).set(RATE, rowsPerSecond).set(ETA, etaSeconds)
        .set(PROGRESS_AT, FleetRegistry.utcNow(shard)).where(RELEASE_F.eq(release.toString())).execute();
    if (updated == 0) {
      dsl.insertInto(CONTROL).set(RELEASE_F, release.toString()).set(PAUSED, 0).set(RATE, rowsPerSecond)
          .set(ETA, etaSeconds).set(PROGRESS_AT, FleetRegistry.utcNow(shard)).execute();
    }
  }

  /** Records an operator's control of the release's backfill; it takes effect before the backfill's next batch. */
  void setControl(Connection c, Version release, Control control) {
    ensureControl(c);
    DSLContext dsl = dsl(c, shard.dialect());
    int updated = dsl.update(CONTROL).set(PAUSED, control.paused() ? 1 : 0).set(TARGET_MS, control.targetBatchMs())
        .where(RELEASE_F.eq(release.toString())).execute();
    if (updated == 0) {
      dsl.insertInto(CONTROL, RELEASE_F, PAUSED, TARGET_MS)
          .values(release.toString(), control.paused() ? 1 : 0, control.targetBatchMs()).execute();
    }
  }

  /**
   * Bounds how long this transaction waits for the shard's state row, which every write holds in share mode
   * from its fencing check to its commit (see {@link FleetRegistry#fence}). Returns MariaDB's previous session
   * value to restore, or null.
   */
  private Integer boundStateLockWait(Connection c) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      switch (shard.dialect()) {
        case POSTGRES -> st.execute("SET LOCAL lock_timeout = '" + lockWait.toMillis() + "ms'"); // a number
        case MARIADB, MYSQL -> {
          int before;
          try (java.sql.ResultSet rs = st.executeQuery("SELECT @@SESSION.innodb_lock_wait_timeout")) {
            rs.next();
            before = rs.getInt(1);
          }
          st.execute("SET SESSION innodb_lock_wait_timeout = " + LockTimeout.seconds(lockWait)); // a number
          return before;
        }
        case H2 -> { }
      }
    }
    return null;
  }

  static final String KEEP = "\u0000keep";
  static final String CLEAR = "\u0000clear";

  /** Records step progress without changing the phase or the state version (servers need not see it). */
  void progress(Connection c, Version release, ShardState.ReleaseState next) {
    DSLContext dsl = dsl(c, shard.dialect());
    int updated = dsl.update(RELEASE).set(EXPAND_STEP, next.expandStep()).set(CONTRACT_STEP, next.contractStep())
        .set(UNDO_STEP, next.undoStep()).where(RELEASE_F.eq(release.toString())).execute();
    if (updated == 0) {
      dsl.insertInto(RELEASE, RELEASE_F, PHASE, STATE_VERSION, EXPAND_STEP, CONTRACT_STEP, UNDO_STEP, OLD_STALE)
          .values(release.toString(), next.phase().name(), 0L, next.expandStep(), next.contractStep(),
              next.undoStep(), next.oldStale() ? 1 : 0)
          .execute();
    }
  }

  /** Where a backfill step stands. */
  record Checkpoint(boolean started, String nextKey, long rowsDone, boolean done) {
    static final Checkpoint NEW = new Checkpoint(false, null, 0, false);
  }

  Checkpoint checkpoint(Connection c, Version release, int step) {
    Record r = dsl(c, shard.dialect()).select(STARTED, NEXT_KEY, ROWS_DONE, DONE).from(BACKFILL)
        .where(RELEASE_F.eq(release.toString()).and(STEP.eq(step))).fetchOne();
    return r == null ? Checkpoint.NEW
        : new Checkpoint(r.get(STARTED) != 0, r.get(NEXT_KEY), r.get(ROWS_DONE), r.get(DONE) != 0);
  }

  /** Saves a step's checkpoint on the batch's own connection, inside its transaction. */
  void saveCheckpoint(Connection c, Version release, int step, Checkpoint cp) {
    DSLContext dsl = dsl(c, shard.dialect());
    int updated = dsl.update(BACKFILL).set(STARTED, cp.started() ? 1 : 0).set(NEXT_KEY, cp.nextKey())
        .set(ROWS_DONE, cp.rowsDone()).set(DONE, cp.done() ? 1 : 0)
        .where(RELEASE_F.eq(release.toString()).and(STEP.eq(step))).execute();
    if (updated == 0) {
      dsl.insertInto(BACKFILL, RELEASE_F, STEP, STARTED, NEXT_KEY, ROWS_DONE, DONE)
          .values(release.toString(), step, cp.started() ? 1 : 0, cp.nextKey(), cp.rowsDone(), cp.done() ? 1 : 0)
          .execute();
    }
  }

  /** Forgets one backfill step's progress, so that the next run copies the whole step again. */
  void resetStep(Connection c, Version release, int step) {
    dsl(c, shard.dialect()).deleteFrom(BACKFILL).where(RELEASE_F.eq(release.toString()).and(STEP.eq(step))).execute();
  }

  /** Forgets a release's backfill progress: after a rollback to EXPANDED the old layout is written again. */
  void resetBackfill(Connection c, Version release) {
    dsl(c, shard.dialect()).deleteFrom(BACKFILL).where(RELEASE_F.eq(release.toString())).execute();
  }
}
