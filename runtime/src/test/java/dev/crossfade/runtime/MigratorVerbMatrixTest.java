package dev.crossfade.runtime;

import static dev.crossfade.runtime.MigratorTestKit.PREFIX;
import static dev.crossfade.runtime.MigratorTestKit.V1;
import static dev.crossfade.runtime.MigratorTestKit.V2;
import static dev.crossfade.runtime.MigratorTestKit.assertNewLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertOldLayoutIntact;
import static dev.crossfade.runtime.MigratorTestKit.assertRefusedUnchanged;
import static dev.crossfade.runtime.MigratorTestKit.migrator;
import static dev.crossfade.runtime.MigratorTestKit.scalar;
import static dev.crossfade.runtime.MigratorTestKit.shardAt;
import static dev.crossfade.runtime.MigratorTestKit.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every verb from every phase of release 2.0, on real PostgreSQL, MariaDB and H2: the allowed ones take the
 * documented step; the others are refused with a message that names the shard, the release and the remedy,
 * and leave the phases, the state version, the min writer release and the schema as they were.
 */
class MigratorVerbMatrixTest {
  static final int HOSTS = 5;
  static final List<Dialect> DIALECTS = List.of(Dialect.POSTGRES, Dialect.MARIADB, Dialect.H2);

  enum Verb {
    EXPAND((m, s) -> m.expand(s, V2)),
    MIGRATE((m, s) -> m.migrate(s, V2)),
    CONTRACT((m, s) -> m.contract(s, V2)),
    ROLLBACK((m, s) -> m.rollback(s, V2, false));

    final BiFunction<Migrator, Shard, ShardStatus> run;

    Verb(BiFunction<Migrator, Shard, ShardStatus> run) {
      this.run = run;
    }
  }

  /** A verb refused in a phase, with what its message must say (reason and remedy). */
  record Refusal(Phase phase, Verb verb, String reason, String remedy) {}

  static final List<Refusal> REFUSALS = List.of(
      new Refusal(Phase.PENDING, Verb.MIGRATE, "it is PENDING here, not EXPANDED", "run `expand --release 2.0` first"),
      new Refusal(Phase.PENDING, Verb.CONTRACT, "it is PENDING here, not MIGRATED", "run `expand --release 2.0` first"),
      new Refusal(Phase.PENDING, Verb.ROLLBACK, "it is PENDING here; there is nothing to roll back", "see `status`"),
      new Refusal(Phase.EXPANDED, Verb.EXPAND, "it is already EXPANDED here", "the next step is `migrate`"),
      new Refusal(Phase.EXPANDED, Verb.CONTRACT, "it is EXPANDED here, not MIGRATED",
          "run `migrate --release 2.0` first"),
      new Refusal(Phase.MIGRATING, Verb.EXPAND, "it is already MIGRATING here", "the next step is `migrate`"),
      new Refusal(Phase.MIGRATING, Verb.CONTRACT, "it is MIGRATING here, not MIGRATED",
          "run `migrate --release 2.0` first"),
      new Refusal(Phase.MIGRATED, Verb.EXPAND, "it is already MIGRATED here", "the next step is `contract`"),
      new Refusal(Phase.MIGRATED, Verb.MIGRATE, "it is MIGRATED here, not EXPANDED", "the next step is `contract`"),
      new Refusal(Phase.CONTRACTING, Verb.EXPAND, "it is already CONTRACTING here", "the next step is `contract`"),
      new Refusal(Phase.CONTRACTING, Verb.MIGRATE, "it is CONTRACTING here, not EXPANDED",
          "the next step is `contract`"),
      new Refusal(Phase.CONTRACTED, Verb.EXPAND, "it is already CONTRACTED here", "see `status`"),
      new Refusal(Phase.CONTRACTED, Verb.MIGRATE, "it is CONTRACTED here, not EXPANDED", "see `status`"),
      new Refusal(Phase.CONTRACTED, Verb.CONTRACT, "it is CONTRACTED here, not MIGRATED", "it is done"),
      new Refusal(Phase.CONTRACTED, Verb.ROLLBACK, "CONTRACTED cannot be rolled back",
          "restore the old columns from a backup"));

  /** A verb allowed in a phase: where it leaves the phase and the min writer release (no live servers). */
  record Transition(Phase from, Verb verb, Phase to, Version minWriter) {}

  static final List<Transition> TRANSITIONS = List.of(
      new Transition(Phase.PENDING, Verb.EXPAND, Phase.EXPANDED, null),
      new Transition(Phase.EXPANDED, Verb.MIGRATE, Phase.MIGRATED, V2),
      new Transition(Phase.EXPANDED, Verb.ROLLBACK, Phase.PENDING, null),
      new Transition(Phase.MIGRATING, Verb.MIGRATE, Phase.MIGRATED, V2),
      new Transition(Phase.MIGRATING, Verb.ROLLBACK, Phase.EXPANDED, V1),
      new Transition(Phase.MIGRATED, Verb.CONTRACT, Phase.CONTRACTED, V2),
      new Transition(Phase.MIGRATED, Verb.ROLLBACK, Phase.EXPANDED, V1),
      new Transition(Phase.CONTRACTING, Verb.CONTRACT, Phase.CONTRACTED, V2),
      new Transition(Phase.CONTRACTING, Verb.ROLLBACK, Phase.MIGRATED, V2));

  @BeforeAll
  static void compile() {
    MigratorTestKit.plan();
  }

  static Stream<Arguments> dialectsAndPhases() {
    List<Arguments> out = new ArrayList<>();
    for (Dialect d : DIALECTS) {
      for (Phase p : Phase.values()) {
        out.add(Arguments.of(d, p));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> dialectsAndTransitions() {
    List<Arguments> out = new ArrayList<>();
    for (Dialect d : DIALECTS) {
      for (Transition t : TRANSITIONS) {
        out.add(Arguments.of(d, t.from(), t.verb(), t.to(), t.minWriter()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: from {1}, every verb that does not apply is refused and changes nothing")
  @MethodSource("dialectsAndPhases")
  void verbsThatDoNotApplyToThePhaseAreRefusedNamingTheRemedyAndChangeNothing(Dialect dialect, Phase phase)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, phase, HOSTS);
      Migrator migrator = migrator();
      List<Refusal> here = REFUSALS.stream().filter(r -> r.phase() == phase).toList();
      for (Refusal r : here) {
        assertRefusedUnchanged(shard, PREFIX, () -> r.verb().run.apply(migrator, shard), r.reason(),
            "; " + r.remedy());
      }
      // every verb is either refused above or an allowed transition: the tables cover the whole matrix
      for (Verb v : Verb.values()) {
        boolean refused = here.stream().anyMatch(r -> r.verb() == v);
        boolean allowed = TRANSITIONS.stream().anyMatch(t -> t.from() == phase && t.verb() == v);
        assertTrue(refused ^ allowed, v + " from " + phase + " is either refused or allowed");
      }
    }
  }

  @ParameterizedTest(name = "{0}: status at {1} reports the phase and changes nothing")
  @MethodSource("dialectsAndPhases")
  void statusWorksInEveryPhaseReportsNoDriftAndChangesNothing(Dialect dialect, Phase phase) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, phase, HOSTS);
      MigratorTestKit.Snapshot before = snapshot(shard);
      ShardStatus status = migrator().status(shard);
      assertEquals(phase, status.phase(V2), status.render());
      assertEquals(Phase.CONTRACTED, status.phase(V1), status.render());
      assertEquals(List.of(), status.drift(), status.render());
      assertEquals("eu-1", status.shard());
      assertEquals(Map.of(), status.liveByRelease(), "the fleet is empty");
      Version expectedMinWriter = switch (phase) {
        case PENDING, EXPANDED -> null;
        case MIGRATING, MIGRATED, CONTRACTING, CONTRACTED -> V2;
      };
      assertEquals(expectedMinWriter, status.minWriterRelease(), status.render());
      assertTrue(status.render().matches("(?s).*\\n  2\\.0 +" + phase + " .*"),
          "the table shows the phase: " + status.render());
      assertEquals(before, snapshot(shard), "status twice changes nothing");
    }
  }

  @ParameterizedTest(name = "{0}: {2} from {1} goes to {3}")
  @MethodSource("dialectsAndTransitions")
  void anAllowedVerbTakesTheDocumentedStepAndKeepsTheData(Dialect dialect, Phase from, Verb verb, Phase to,
      Version minWriter) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = shardAt(db, from, HOSTS);
      long versionBefore = snapshot(shard).stateVersion();

      ShardStatus after = verb.run.apply(migrator(), shard);

      assertEquals(to, after.phase(V2), after.render());
      assertEquals(Phase.CONTRACTED, after.phase(V1), after.render());
      assertTrue(after.stateVersion() > versionBefore, "every change bumps the state version: " + after.render());
      assertEquals(minWriter, after.minWriterRelease(), after.render());
      assertEquals(List.of(), after.drift(), "the live schema is the layout of " + to + ": " + after.render());
      assertEquals(MigratorTestKit.Snapshot.of(after), snapshot(shard), "what the verb returned is the stored state");
      if (to == Phase.CONTRACTED) {
        assertNewLayoutIntact(db, HOSTS);
      } else {
        assertOldLayoutIntact(db, HOSTS);
      }
      if (to == Phase.MIGRATED) {
        assertNewLayoutIntact(db, HOSTS);
      }
      if (to == Phase.EXPANDED) {
        assertNull(after.backfillRows().get(V2), "back at EXPANDED the backfill starts over: " + after.render());
      }
      if (to == Phase.MIGRATED && verb == Verb.MIGRATE) {
        assertEquals(4L * HOSTS, after.backfillRows().get(V2), "4 steps copied every host: " + after.render());
        assertEquals(HOSTS, scalar(db, "SELECT count(*) FROM host_network"));
      }
    }
  }
}
