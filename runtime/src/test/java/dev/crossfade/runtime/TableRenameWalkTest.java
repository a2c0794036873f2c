package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table rename walked through every phase (issue 17): release 1.0 keeps customer notes in {@code note}; release
 * 2.0 renames the table to {@code customer_note} (and its column {@code body} to {@code text}) with
 * {@code @DeprecatedIn("2.0") @MovedTo(entity = CustomerNote.class)} on the old class. Servers of 1.0 and 2.0 run
 * on one shard per database while the protocol lets them; at every phase (2.0 also while PENDING, when its
 * {@code CustomerNote} reads and writes {@code note} alone) each release that may write inserts and
 * updates notes (also notes the other release wrote last), deletes one, and each release that may read reads every
 * note back — by id, in full, by a derived finder and by count — and must read what the last writer meant. The
 * backfill is stopped after its first batch and resumed; rows an older server deleted from the old table alone are
 * gone after the backfill too; the contract drops {@code note} and leaves no drift.
 */
class TableRenameWalkTest {
  static final String SHARD = "notes-1";
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static ReleaseCode r1;
  static ReleaseCode r2;

  @BeforeAll
  static void compileBothReleases() {
    r1 = new ReleaseCode("note", "dev.crossfade.note", "1.0");
    r2 = new ReleaseCode("note", "dev.crossfade.note", "2.0");
  }

  /** What the last writer meant. */
  record Note(long id, long customerId, String text) {
    static Note of(long id, int version) {
      return new Note(id, id % 3, "note " + id + " v" + version);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void bothReleasesReadEachOthersWritesInEveryPhaseAndTheOldTableGoesWithTheContract(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); PooledDataSource pool = new PooledDataSource(db.url())) {
      new Walk(Shard.of(SHARD, db.url()), new Shard(SHARD, pool, dialect), db.url()).run();
    }
  }

  private static final class Walk {
    final Shard shard;
    final Shard pooled;
    final String url;
    final Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults()
        .withBatches(2, Duration.ofMillis(50), Duration.ZERO).withAckWait(Duration.ofSeconds(30)));
    final Map<Long, Note> oracle = new TreeMap<>();
    final Map<ReleaseCode, Crossfade> servers = new LinkedHashMap<>();
    long nextId = 1;
    int version;

    Walk(Shard shard, Shard pooled, String url) {
      this.shard = shard;
      this.pooled = pooled;
      this.url = url;
    }

    void run() throws Exception {
      migrator.expand(shard, V1);
      start(r1);
      start(r2);
      step("2.0 PENDING");
      assertFalse(tableExists("customer_note"));
      Note pending = Note.of(nextId++, ++version);
      save(r2, pending);
      assertTrue(rowExists("note", pending.id()), "2.0 wrote its CustomerNote to the old table, its only place");
      readAll("2.0 PENDING, after 2.0 saved note " + pending.id());
      // pinnedBy has no column in note: a value for it is refused, not dropped, and nothing is written.
      CrossfadeRepository<Object, Object> notes2 = r2.repository(servers.get(r2), "CustomerNoteRepository", SHARD);
      assertFalse(notes2.supports("pinnedBy"));
      assertTrue(notes2.supports("text"));
      Note pinned = Note.of(nextId++, ++version);
      Map<String, Object> values = expected(r2, pinned);
      values.put("pinnedBy", "ann");
      assertThrows(FieldNotSupportedException.class, () -> notes2.save(r2.build("CustomerNote", values)));
      assertFalse(rowExists("note", pinned.id()), "nothing was written");
      migrator.expand(shard, V2);
      servers.get(r2).phases().refresh(pooled);
      assertTrue(notes2.supports("pinnedBy"), "customer_note has the column once 2.0 is expanded");
      step("2.0 EXPANDED");
      // A note 2.0 wrote to both tables, deleted by 1.0 from the old one alone: the backfill must not revive it.
      Note orphan = Note.of(nextId++, ++version);
      save(r2, orphan);
      r1.repository(servers.get(r1), "NoteRepository", SHARD).deleteById(orphan.id());
      oracle.remove(orphan.id());
      readAll("2.0 EXPANDED, after 1.0 deleted note " + orphan.id() + " that 2.0 wrote");
      stop(r1);
      stopAfterFirstBatch();
      start(r1);
      step("2.0 MIGRATING (backfill stopped after its first batch)");
      stop(r1);
      migrator.migrate(shard, V2);
      assertFalse(rowExists("customer_note", orphan.id()), "the backfill swept the note 1.0 deleted");
      start(r1);
      step("2.0 MIGRATED");
      stop(r1);
      contracting();
      step("2.0 CONTRACTING");
      migrator.contract(shard, V2);
      step("2.0 CONTRACTED");
      assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 2.0 is contracted");
      assertFalse(tableExists("note"), "the contract dropped the old table");
      for (Crossfade s : servers.values()) {
        s.close();
      }
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

    void stopAfterFirstBatch() {
      Migrator stopping = new Migrator(r2.plan(), MigratorOptions.defaults()
          .withBatches(2, Duration.ofMillis(50), Duration.ZERO).withListener(p -> {
            throw new MigratorTestKit.StopBackfill();
          }));
      assertThrows(MigratorTestKit.StopBackfill.class, () -> stopping.migrate(shard, V2));
      assertEquals(Phase.MIGRATING, migrator.status(shard).phase(V2));
    }

    void contracting() {
      FleetRegistry fleet = new FleetRegistry(Duration.ofSeconds(60));
      fleet.beat(shard, "lagging", V2, 0);
      Migrator impatient = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ZERO));
      assertThrows(MigrationRefusedException.class, () -> impatient.contract(shard, V2));
      fleet.leave(shard, "lagging");
      assertEquals(Phase.CONTRACTING, migrator.status(shard).phase(V2));
      for (Crossfade s : servers.values()) {
        s.phases().refresh(pooled);
      }
    }

    String repositoryOf(ReleaseCode code) {
      return code == r1 ? "NoteRepository" : "CustomerNoteRepository";
    }

    /**
     * Whether the release may write on the shard now: 1.0 until 2.0 migrates, 2.0 always (while 2.0 is PENDING its
     * CustomerNote lives in {@code note} alone).
     */
    boolean mayWrite(ReleaseCode code) {
      Phase p = migrator.status(shard).phase(V2);
      return code == r1 ? !p.atLeast(Phase.MIGRATING) : true;
    }

    void step(String state) {
      for (Crossfade s : servers.values()) {
        s.phases().refresh(pooled);
      }
      List<Long> before = new ArrayList<>(oracle.keySet());
      for (ReleaseCode code : List.of(r1, r2)) {
        if (!servers.containsKey(code)) {
          continue;
        }
        Note fresh = Note.of(nextId++, ++version);
        Note update = before.isEmpty() ? null : Note.of(before.get((int) (version % before.size())), ++version);
        if (mayWrite(code)) {
          save(code, fresh);
          if (update != null) {
            save(code, update);
          }
          readAll(state + ", after " + code + " saved notes " + fresh.id() + (update == null ? "" : " and "
              + update.id()));
        } else {
          CrossfadeRepository<Object, Object> repo = code.repository(servers.get(code), repositoryOf(code), SHARD);
          RuntimeException e = assertThrows(RuntimeException.class, () -> repo.save(entity(code, fresh)),
              state + ": " + code + " may not write");
          assertTrue(e instanceof ShardRefusedException || e instanceof FieldNotSupportedException, e.toString());
          readAll(state + ", after " + code + " was refused");
        }
      }
      for (int i = 0; i < Math.min(2, before.size()); i++) {
        long gone = before.get(i);
        ReleaseCode deleter = i == 0 && servers.containsKey(r1) && mayWrite(r1) ? r1 : mayWrite(r2) ? r2 : null;
        if (deleter == null) {
          continue;
        }
        deleter.repository(servers.get(deleter), repositoryOf(deleter), SHARD).deleteById(gone);
        oracle.remove(gone);
        readAll(state + ", after " + deleter + " deleted note " + gone);
      }
    }

    void save(ReleaseCode code, Note n) {
      code.repository(servers.get(code), repositoryOf(code), SHARD).save(entity(code, n));
      oracle.put(n.id(), n);
    }

    Object entity(ReleaseCode code, Note n) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", n.id());
      v.put("customerId", n.customerId());
      v.put(code == r1 ? "body" : "text", n.text());
      return code.build(code == r1 ? "Note" : "CustomerNote", v);
    }

    static Map<String, Object> expected(ReleaseCode code, Note n) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", n.id());
      v.put("customerId", n.customerId());
      v.put(code == r1 ? "body" : "text", n.text());
      if (code == r2) {
        v.put("pinnedBy", null);
      }
      return v;
    }

    void readAll(String cell) {
      for (ReleaseCode code : List.of(r1, r2)) {
        if (servers.containsKey(code)) {
          read(code, cell);
        }
      }
    }

    void read(ReleaseCode code, String cell) {
      String who = cell + ": read by " + code;
      CrossfadeRepository<Object, Object> repo = code.repository(servers.get(code), repositoryOf(code), SHARD);
      List<Map<String, Object>> all = new ArrayList<>();
      Map<Long, List<Map<String, Object>>> byCustomer = new TreeMap<>();
      for (Note n : oracle.values()) {
        Map<String, Object> expected = expected(code, n);
        all.add(expected);
        byCustomer.computeIfAbsent(n.customerId(), k -> new ArrayList<>()).add(expected);
        assertEquals(Optional.of(expected), repo.findById(n.id()).map(ReleaseCode::view), who + ", findById("
            + n.id() + ")");
      }
      assertEquals(all, repo.findAll().stream().map(ReleaseCode::view).toList(), who + ", findAll");
      assertEquals(oracle.size(), repo.count(), who + ", count");
      for (long customer = 0; customer < 3; customer++) {
        List<?> found = (List<?>) code.call(repositoryOf(code), repo, "findByCustomerId", customer);
        assertEquals(byCustomer.getOrDefault(customer, List.of()), found.stream().map(ReleaseCode::view)
            .sorted((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id"))).toList(),
            who + ", findByCustomerId(" + customer + ")");
      }
    }

    boolean rowExists(String table, long id) throws Exception {
      try (Connection c = DriverManager.getConnection(url)) {
        return org.jooq.impl.DSL.using(c, shard.dialect().jooq()).fetchCount(org.jooq.impl.DSL.table(
            org.jooq.impl.DSL.name(table)), org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("id")).eq(id)) > 0;
      }
    }

    boolean tableExists(String table) throws Exception {
      try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null,
          "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
            return true;
          }
        }
        return false;
      }
    }
  }
}
