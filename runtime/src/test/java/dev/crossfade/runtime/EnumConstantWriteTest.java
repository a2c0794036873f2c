package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The placement model's enum-constant rule at run time (issue 15): release 2.0 of the ticket domain changes no
 * table, it only adds {@code @Since("2.0") ARCHIVED} to {@code TicketStatus}, a column 1.0 servers read. A 2.0
 * server refuses to write ARCHIVED on a shard until 2.0 is CONTRACTED there — through PENDING, EXPANDED, MIGRATED
 * and CONTRACTING, when a 1.0 server may still read the row (or, after a rollback of CONTRACTING, start again)
 * and would fail on a name it does not know — with an exception that names shard, field, constant, release and
 * remedy, and nothing written; its other constants are written all along and read by 1.0. Once 2.0 is CONTRACTED
 * (no 1.0 server can start there any more) ARCHIVED is written and read back.
 */
class EnumConstantWriteTest {
  static final String SHARD = "tickets-1";
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static ReleaseCode r1;
  static ReleaseCode r2;

  @BeforeAll
  static void compileBothReleases() {
    r1 = new ReleaseCode("ticket", "dev.crossfade.ticket", "1.0");
    r2 = new ReleaseCode("ticket", "dev.crossfade.ticket", "2.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aConstantAddedByARecentReleaseIsRefusedUntilThatReleaseIsContractedThenWritten(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
      migrator.expand(shard, V1);
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> tickets = r2.repository(server, "TicketRepository", SHARD);
        Crossfade old = r1.start("server-1.0", shard);
        CrossfadeRepository<Object, Object> oldTickets = r1.repository(old, "TicketRepository", SHARD);

        assertArchivedRefused(server, tickets, migrator, shard, Phase.PENDING, 1);
        tickets.save(ticket(2, "OPEN"));
        assertEquals("OPEN", status(oldTickets, 2), "1.0 reads what 2.0 wrote");

        migrator.expand(shard, V2);
        assertArchivedRefused(server, tickets, migrator, shard, Phase.EXPANDED, 3);
        tickets.save(ticket(4, "CLOSED"));
        assertEquals("CLOSED", status(oldTickets, 4));

        old.close(); // migrate's gate: no live 1.0 server
        migrator.migrate(shard, V2);
        assertArchivedRefused(server, tickets, migrator, shard, Phase.MIGRATED, 5);
        // A 1.0 server may start at MIGRATED and read every row: none holds ARCHIVED.
        try (Crossfade late = r1.start("late-1.0", shard)) {
          CrossfadeRepository<Object, Object> lateTickets = r1.repository(late, "TicketRepository", SHARD);
          assertEquals(2L, lateTickets.count());
          assertEquals("CLOSED", status(lateTickets, 4));
        }

        migrator.contract(shard, V2);
        assertEquals(Phase.CONTRACTED, migrator.status(shard).phase(V2));
        server.phases().refresh(shard);
        tickets.save(ticket(6, "ARCHIVED"));
        assertEquals("ARCHIVED", status(tickets, 6), "written once 2.0 is CONTRACTED");
        ShardRefusedException refused = assertThrows(ShardRefusedException.class, () -> r1.start("after-1.0", shard));
        assertTrue(refused.getMessage().contains("release 2.0 is CONTRACTED"), refused.getMessage());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aConstantAddedByARecentReleaseIsRefusedWhileItsReleaseIsContractingAndInABatchSaveNothingIsWritten(
      Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
      migrator.expand(shard, V1);
      migrator.expand(shard, V2);
      migrator.migrate(shard, V2);
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> tickets = r2.repository(server, "TicketRepository", SHARD);
        // CONTRACTING and no further: a contract refused because one server had not acknowledged it, which then left.
        FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
        fleet.beat(shard, "lagging", V2, 0);
        Migrator impatient = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ZERO));
        assertThrows(MigrationRefusedException.class, () -> impatient.contract(shard, V2));
        fleet.leave(shard, "lagging");
        assertEquals(Phase.CONTRACTING, migrator.status(shard).phase(V2));
        server.phases().refresh(shard);

        FieldNotSupportedException e = assertThrows(FieldNotSupportedException.class,
            () -> tickets.saveAll(List.of(ticket(1, "OPEN"), ticket(2, "ARCHIVED"))));
        assertTrue(e.getMessage().contains("is CONTRACTING there"), e.getMessage());
        assertEquals(0L, tickets.count(), "the batch wrote nothing, not even its OPEN ticket");
      }
    }
  }

  private static void assertArchivedRefused(Crossfade server, CrossfadeRepository<Object, Object> tickets,
      Migrator migrator, Shard shard, Phase phase, long id) {
    assertEquals(phase, migrator.status(shard).phase(V2));
    server.phases().refresh(shard);
    FieldNotSupportedException e = assertThrows(FieldNotSupportedException.class,
        () -> tickets.save(ticket(id, "ARCHIVED")), phase.toString());
    for (String part : List.of("Ticket.status = TicketStatus.ARCHIVED cannot be stored on shard " + SHARD,
        "release 2.0 adds the constant and is " + phase + " there", "a server older than 2.0 may still read the row",
        "nothing was written", "contract --release 2.0")) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
    assertEquals(SHARD, e.shard());
    assertEquals("Ticket.status", e.field());
    assertEquals(Optional.empty(), tickets.findById(id), phase + ": nothing was written");
  }

  private static Object ticket(long id, String status) {
    return r2.build("Ticket", Map.of("id", id, "title", "ticket " + id, "status", constant(status)));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object constant(String name) {
    return Enum.valueOf((Class) r2.type("TicketStatus"), name);
  }

  private static String status(CrossfadeRepository<Object, Object> repo, long id) {
    Object t = repo.findById(id).orElseThrow(() -> new AssertionError("ticket " + id + " is missing"));
    return String.valueOf(ReleaseCode.view(t).get("status"));
  }
}
