package dev.crossfade.runtime;

import static dev.crossfade.runtime.StateStore.CODE_RELEASE;
import static dev.crossfade.runtime.StateStore.LAST_BEAT;
import static dev.crossfade.runtime.StateStore.LEASE_UNTIL;
import static dev.crossfade.runtime.StateStore.SEEN_VERSION;
import static dev.crossfade.runtime.StateStore.SERVER;
import static dev.crossfade.runtime.StateStore.SERVER_ID;
import static dev.crossfade.runtime.StateStore.TOKEN;

import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.schema.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Each shard's registry of running servers: server id, code release, the state version it has seen, last
 * beat. Leases are computed by the database's clock ({@code lease_until = now + lease} at each beat, live
 * while {@code lease_until > now}), so servers whose clocks disagree still agree on who is live.
 *
 * <pre>{@code
 * FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(30));
 * fleet.beat(shard, "app-7", Version.parse("2.0"), seenStateVersion);
 * }</pre>
 */
final class FleetRegistry {
  private final Duration lease;
  /** Shards whose state tables this registry has made sure of; a beat need not ask again. */
  private final java.util.Set<String> ensured = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public FleetRegistry(Duration lease) {
    if (lease.toSeconds() < 1) {
      throw new IllegalArgumentException("a lease must last at least one second");
    }
    this.lease = lease;
  }

  public Duration lease() {
    return lease;
  }

  /**
   * The token of registrations made through {@link #beat(Shard, String, Version, long)}: operators' and tests'
   * stand-ins for a server, which renew one another's registration when they use the same id.
   */
  static final String EXTERNAL = "external";

  /** Registers the server or renews its lease, recording the state version it has seen. */
  public void beat(Shard shard, String serverId, Version release, long seenStateVersion) {
    beat(shard, serverId, EXTERNAL, release, seenStateVersion);
  }

  /**
   * Renews the registration of one running process ({@code token} is its own random value), or registers it:
   * an expired registration of the same id, in any letter case, is replaced; a live one of another process is
   * refused with {@link ServerIdConflictException}, on every database alike (MariaDB compares ids without case,
   * PostgreSQL and H2 with it; Crossfade treats {@code APP-1} and {@code app-1} as one server everywhere).
   */
  public void beat(Shard shard, String serverId, String token, Version release, long seenStateVersion) {
    try (Connection c = shard.dataSource().getConnection()) {
      if (!ensured.contains(shard.name())) {
        new StateStore(shard).ensure(c);
        ensured.add(shard.name());
      }
      DSLContext dsl = StateStore.dsl(c, shard.dialect());
      Field<java.time.LocalDateTime> now = utcNow(shard);
      Field<java.time.LocalDateTime> until = DSL.localDateTimeAdd(now, (int) lease.toSeconds(), DatePart.SECOND);
      int renewed = dsl.update(SERVER).set(CODE_RELEASE, release.toString()).set(SEEN_VERSION, seenStateVersion)
          .set(LAST_BEAT, now).set(LEASE_UNTIL, until).where(SERVER_ID.eq(serverId).and(TOKEN.eq(token))).execute();
      if (renewed > 0) {
        return;
      }
      Condition sameId = DSL.lower(SERVER_ID).eq(DSL.lower(DSL.val(serverId)));
      // An expired registration under this id (a crashed predecessor, or this process after its lease ran out and
      // a gate went by) counts for nothing any more; removing it also fences that registration's writes in flight.
      dsl.deleteFrom(SERVER).where(sameId).and(LEASE_UNTIL.le(now)).execute();
      Record other = liveHolder(dsl, shard, sameId, token);
      if (other == null) {
        try {
          dsl.insertInto(SERVER).set(SERVER_ID, serverId).set(TOKEN, token).set(CODE_RELEASE, release.toString())
              .set(SEEN_VERSION, seenStateVersion).set(LAST_BEAT, now).set(LEASE_UNTIL, until).execute();
          return;
        } catch (org.jooq.exception.IntegrityConstraintViolationException raced) {
          other = liveHolder(dsl, shard, sameId, token);
          if (other == null) {
            throw raced;
          }
        }
      }
      throw new ServerIdConflictException(shard.name(), serverId, other.get(SERVER_ID),
          Version.parse(other.get(CODE_RELEASE)), other.get(LEASE_UNTIL));
    } catch (org.jooq.exception.DataAccessException e) {
      if (e.getCause() instanceof SQLException sql && SqlErrors.permissionDenied(shard.dialect(), sql)) {
        throw missingGrant(shard, "server " + serverId + " may not register in Crossfade's fleet registry", sql);
      }
      throw e;
    } catch (SQLException e) {
      if (SqlErrors.permissionDenied(shard.dialect(), e)) {
        throw missingGrant(shard, "server " + serverId + " may not register in Crossfade's fleet registry", e);
      }
      throw new ShardUnavailableException(shard, "could not record the heartbeat of " + serverId, e);
    }
  }

  /**
   * The server's database user lacks one of the row rights a server needs (docs/privileges.md): said as such,
   * with the database's own words for which table and right, instead of as a failed heartbeat to retry.
   */
  static MigrationRefusedException missingGrant(Shard shard, String what, SQLException denied) {
    return new MigrationRefusedException(shard.name(), null, what + ", because its database user lacks a right ("
        + denied.getMessage().strip() + ")",
        "grant that user SELECT, INSERT, UPDATE and DELETE on every table of the shard (Crossfade's crossfade_*"
        + " tables included), see docs/privileges.md; until then this server does not write to the shard");
  }

  /** A live registration of another process under the same id (in any letter case), or null. */
  private static Record liveHolder(DSLContext dsl, Shard shard, Condition sameId, String token) {
    return dsl.select(SERVER_ID, CODE_RELEASE, LEASE_UNTIL).from(SERVER).where(sameId)
        .and(LEASE_UNTIL.gt(utcNow(shard))).and(TOKEN.isNull().or(TOKEN.ne(token))).limit(1).fetchOne();
  }

  /** Removes a server that is shutting down cleanly, so it blocks no gate until its lease runs out. */
  public void leave(Shard shard, String serverId) {
    leave(shard, serverId, EXTERNAL);
  }

  /** Removes one process's registration (never another process's that uses the same id). */
  public void leave(Shard shard, String serverId, String token) {
    try (Connection c = shard.dataSource().getConnection()) {
      StateStore.dsl(c, shard.dialect()).deleteFrom(SERVER).where(SERVER_ID.eq(serverId)).and(TOKEN.eq(token))
          .execute();
    } catch (SQLException e) {
      throw new ShardUnavailableException(shard, "could not deregister " + serverId, e);
    }
  }

  /**
   * The fencing check a repository write runs as its last statement before {@code COMMIT}, in its own
   * transaction. Returns null when the write may commit, else why it may not (the caller rolls back). It may
   * commit when the shard's state version is still {@code planned}, the version whose layout the write used,
   * and this process's registration there is live by the database's clock.
   *
   * <p>On PostgreSQL and MariaDB the check reads the shard's state row with a share lock held until the
   * transaction ends, and every state change ({@link StateStore#write}) updates that row first. So a state
   * change either waits for this transaction to end, or commits first, and then the check (a locking read sees
   * the latest committed row) finds the new version and the write rolls back. No write planned under a state
   * commits after a later state was recorded; every gate of the migrator acts by recording a state. H2 reads
   * without the lock (its only lock is exclusive and would serialise every write); it is for tests and demos.
   */
  public static String fence(Connection c, Shard shard, String serverId, String token, long planned) {
    DSLContext dsl = StateStore.dsl(c, shard.dialect());
    Field<Long> version = DSL.field(DSL.name("s", "state_version"), Long.class);
    Field<java.time.LocalDateTime> until = DSL.field(DSL.name("r", "lease_until"), java.time.LocalDateTime.class);
    Field<Boolean> live = DSL.field(until.gt(utcNow(shard)));
    org.jooq.Table<Record> s = StateStore.SHARD.as("s");
    var query = dsl.select(version, live).from(s).leftJoin(SERVER.as("r"))
        .on(DSL.field(DSL.name("r", "server_id"), String.class).eq(serverId)
            .and(DSL.field(DSL.name("r", "token"), String.class).eq(token)))
        .where(DSL.field(DSL.name("s", "id"), Integer.class).eq(1));
    Record row = switch (shard.dialect()) {
      case POSTGRES -> query.forShare().of(s).fetchOne();
      case MARIADB, MYSQL -> query.forShare().fetchOne();
      case H2 -> query.fetchOne();
    };
    if (row == null) {
      return "the shard's state row is missing";
    }
    if (row.get(version) != planned) {
      return "the shard's state changed while the write ran (state version " + planned + " when it began, "
          + row.get(version) + " now)";
    }
    if (!Boolean.TRUE.equals(row.get(live))) {
      return "this server's registration there " + (row.get(live) == null ? "is gone (removed after its lease ran out"
          + " or by another server with its id)" : "has expired by the database's clock");
    }
    return null;
  }

  /**
   * The database's clock in UTC with microseconds, the same whatever time zone each server's session runs in.
   * Not {@code CURRENT_TIMESTAMP}: MariaDB rounds it to whole seconds (a one-second lease could end at once)
   * and local time follows each session's time zone. PostgreSQL: the statement's start, so that a beat's
   * {@code last_beat} and {@code lease_until} are exactly one lease apart. H2: from the epoch, because H2 casts
   * {@code CURRENT_TIMESTAMP AT TIME ZONE 'UTC'} back into the session's zone. Fixed SQL text, no values.
   */
  static Field<java.time.LocalDateTime> utcNow(Shard shard) {
    return switch (shard.dialect()) {
      case POSTGRES -> DSL.field("(statement_timestamp() AT TIME ZONE 'UTC')", java.time.LocalDateTime.class);
      case MARIADB, MYSQL -> DSL.field("UTC_TIMESTAMP(6)", java.time.LocalDateTime.class);
      case H2 -> DSL.field("DATEADD(MICROSECOND, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP(6)) * 1000000 AS BIGINT),"
          + " TIMESTAMP '1970-01-01 00:00:00')", java.time.LocalDateTime.class);
    };
  }

  /** Every registered server, live or not, by id. */
  public static List<ServerInfo> servers(Connection c, Shard shard) {
    DSLContext dsl = StateStore.dsl(c, shard.dialect());
    Field<Boolean> live = DSL.field(LEASE_UNTIL.gt(utcNow(shard)));
    List<ServerInfo> out = new ArrayList<>();
    for (Record r : dsl.select(SERVER_ID, CODE_RELEASE, SEEN_VERSION, LAST_BEAT, LEASE_UNTIL, live).from(SERVER)
        .orderBy(SERVER_ID).fetch()) {
      out.add(new ServerInfo(r.get(SERVER_ID), Version.parse(r.get(CODE_RELEASE)), r.get(SEEN_VERSION),
          r.get(LAST_BEAT), r.get(LEASE_UNTIL), Boolean.TRUE.equals(r.get(live))));
    }
    return out;
  }
}
