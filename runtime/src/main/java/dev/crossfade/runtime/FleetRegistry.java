package dev.crossfade.runtime;

import static dev.crossfade.runtime.StateStore.CODE_RELEASE;
import static dev.crossfade.runtime.StateStore.LAST_BEAT;
import static dev.crossfade.runtime.StateStore.LEASE_UNTIL;
import static dev.crossfade.runtime.StateStore.SEEN_VERSION;
import static dev.crossfade.runtime.StateStore.SERVER;
import static dev.crossfade.runtime.StateStore.SERVER_ID;

import dev.crossfade.schema.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
public final class FleetRegistry {
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

  /** Registers the server or renews its lease, recording the state version it has seen. */
  public void beat(Shard shard, String serverId, Version release, long seenStateVersion) {
    try (Connection c = shard.dataSource().getConnection()) {
      if (!ensured.contains(shard.name())) {
        new StateStore(shard).ensure(c);
        ensured.add(shard.name());
      }
      DSLContext dsl = StateStore.dsl(c, shard.dialect());
      Field<java.time.LocalDateTime> now = utcNow(shard);
      Field<java.time.LocalDateTime> until = DSL.localDateTimeAdd(now, (int) lease.toSeconds(), DatePart.SECOND);
      int updated = dsl.update(SERVER).set(CODE_RELEASE, release.toString()).set(SEEN_VERSION, seenStateVersion)
          .set(LAST_BEAT, now).set(LEASE_UNTIL, until).where(SERVER_ID.eq(serverId)).execute();
      if (updated == 0) {
        dsl.insertInto(SERVER).set(SERVER_ID, serverId).set(CODE_RELEASE, release.toString())
            .set(SEEN_VERSION, seenStateVersion).set(LAST_BEAT, now).set(LEASE_UNTIL, until).execute();
      }
    } catch (SQLException e) {
      throw new ShardUnavailableException(shard, "could not record the heartbeat of " + serverId, e);
    }
  }

  /** Removes a server that is shutting down cleanly, so it blocks no gate until its lease runs out. */
  public void leave(Shard shard, String serverId) {
    try (Connection c = shard.dataSource().getConnection()) {
      StateStore.dsl(c, shard.dialect()).deleteFrom(SERVER).where(SERVER_ID.eq(serverId)).execute();
    } catch (SQLException e) {
      throw new ShardUnavailableException(shard, "could not deregister " + serverId, e);
    }
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
    for (Record r : dsl.select(SERVER_ID, CODE_RELEASE, SEEN_VERSION, LAST_BEAT, live).from(SERVER)
        .orderBy(SERVER_ID).fetch()) {
      out.add(new ServerInfo(r.get(SERVER_ID), Version.parse(r.get(CODE_RELEASE)), r.get(SEEN_VERSION),
          r.get(LAST_BEAT), Boolean.TRUE.equals(r.get(live))));
    }
    return out;
  }
}
