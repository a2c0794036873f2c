package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard walked through the phases of overlapping releases, with servers of several releases (each a
 * {@link ReleaseCode}) on it while the protocol lets them be, and the migrator run from the newest release's
 * jar, so that its plan finishes the earlier releases. The walk is the protocol's part of the mixed-version
 * matrix: which servers may be on the shard in which phase, the gates, the refusals. What a domain writes and
 * reads back in each phase combination is the subclass's {@link #step}.
 */
abstract class ReleaseWindowWalk {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final Version V3 = Version.parse("3.0");
  final String shardName;
  /** The migrator's way to the shard (its own connections). */
  final Shard shard;
  /** The servers' way to the shard (a pool, as applications have). */
  final Shard pooled;
  /** The release whose jar runs the migrator. */
  final ReleaseCode migratorJar;
  final Migrator migrator;
  /** The running servers, oldest release first. */
  final Map<ReleaseCode, Crossfade> servers = new LinkedHashMap<>();
  /** The shard's status as of the last {@link #refresh} (a status also checks drift: not for every write). */
  ShardStatus status;

  ReleaseWindowWalk(Shard shard, Shard pooled, ReleaseCode migratorJar) {
    this.shardName = shard.name();
    this.shard = shard;
    this.pooled = pooled;
    this.migratorJar = migratorJar;
    this.migrator = new Migrator(migratorJar.plan(), options());
  }

  /** Small batches, so that a walk over a few dozen rows still runs several of them. */
  static MigratorOptions options() {
    return MigratorOptions.defaults().withBatches(2, Duration.ofMillis(50), Duration.ZERO)
        .withAckWait(Duration.ofSeconds(30));
  }

  /** One phase combination: what the domain writes and reads back, with the servers on the shard now. */
  abstract void step(String cell);

  /**
   * Walks {@code release} from PENDING to CONTRACTED, calling {@link #step} in each phase: servers of
   * {@code older} (the release before it) are stopped for each gate that needs them gone and started again
   * where they may still read, and refused from CONTRACTING on. {@code afterMigrated} runs once the backfill is
   * verified (a release that serves the shard from MIGRATED on starts there).
   */
  void window(Version release, ReleaseCode older, Runnable afterMigrated) {
    migrator.expand(shard, release);
    step(release + " EXPANDED");
    // migrate's gate: no live server older than the release. Started afterwards, one may still read.
    stop(older);
    interruptBackfill(release);
    assertEquals(Phase.MIGRATING, migrator.status(shard).phase(release));
    start(older);
    step(release + " MIGRATING");
    stop(older);
    migrator.migrate(shard, release);
    start(older);
    afterMigrated.run();
    step(release + " MIGRATED");
    stop(older);
    contracting(release);
    assertStartRefused(older, "release " + release + " is CONTRACTING", "upgrade this server to release " + release);
    step(release + " CONTRACTING");
    migrator.contract(shard, release);
    assertStartRefused(older, "release " + release + " is CONTRACTED", "upgrade this server to release " + release);
    step(release + " CONTRACTED");
  }

  /** Leaves the release's backfill MIGRATING part-way; by default a migrator that stops after its first batch. */
  void interruptBackfill(Version release) {
    Migrator stopping = new Migrator(migratorJar.plan(), options().withListener(p -> {
      throw new MigratorTestKit.StopBackfill();
    }));
    assertThrows(MigratorTestKit.StopBackfill.class, () -> stopping.migrate(shard, release));
  }

  /** CONTRACTING and no further: a contract refused because one server had not acknowledged it, which then left. */
  void contracting(Version release) {
    FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
    fleet.beat(shard, "lagging", release, 0);
    Migrator impatient = new Migrator(migratorJar.plan(), MigratorOptions.defaults().withAckWait(Duration.ZERO));
    MigrationRefusedException e = assertThrows(MigrationRefusedException.class, () -> impatient.contract(shard,
        release));
    assertTrue(e.getMessage().contains("lagging"), e.getMessage());
    fleet.leave(shard, "lagging");
    assertEquals(Phase.CONTRACTING, migrator.status(shard).phase(release));
    refresh();
  }

  void start(ReleaseCode code) {
    servers.put(code, code.start("server-" + code.release, pooled));
  }

  void stop(ReleaseCode code) {
    Crossfade s = servers.remove(code);
    if (s != null) {
      s.close();
    }
  }

  void stopAll() {
    servers.values().forEach(Crossfade::close);
    servers.clear();
  }

  /** Every server reads the shard's phases again, as its next heartbeat would; so does the walk. */
  void refresh() {
    for (Crossfade s : servers.values()) {
      s.phases().refresh(pooled);
    }
    status = migrator.status(shard);
  }

  /** The phase of a release on the shard as of the last {@link #refresh}. */
  Phase phase(Version release) {
    return status.phase(release);
  }

  void assertStartRefused(ReleaseCode code, String... parts) {
    ShardRefusedException e = assertThrows(ShardRefusedException.class, () -> code.start("late-" + code.release,
        pooled));
    assertTrue(e.getMessage().contains("shard " + shardName), e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
  }

  /** The protocol's answer, from the shard's state: no release older than one whose backfill started writes. */
  boolean mayWrite(ReleaseCode code) {
    for (Map.Entry<Version, Phase> r : status.phases().entrySet()) {
      if (code.release.isBefore(r.getKey()) && r.getValue().atLeast(Phase.MIGRATING)) {
        return false;
      }
    }
    return true;
  }

  /** A write the protocol forbids is refused naming the code's release, and leaves the shard as it was. */
  void assertWriteRefused(String cell, ReleaseCode code, Runnable write) {
    ShardRefusedException e = assertThrows(ShardRefusedException.class, write::run, cell + ": " + code
        + " may not write");
    assertTrue(e.getMessage().contains("code release " + code.release), e.getMessage());
  }

  CrossfadeRepository<Object, Object> repository(ReleaseCode code, String repositoryInterface) {
    return code.repository(servers.get(code), repositoryInterface, shardName);
  }
}
