package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.OptimisticLockException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @Version} optimistic locking across a release window (issue 16 item 1). The account domain: 1.0 has
 * {@code account(id, version, owner, note, balance)}; 2.0 renames owner to holder and splits note off into
 * {@code account_note}, so on an EXPANDED or MIGRATED shard a 2.0 save writes two columns of account and a row of
 * account_note. Two readers load the same row; the first save wins and bumps the version; the second gets
 * {@link OptimisticLockException} naming shard, entity, key and the version it read, and nothing of its write
 * lands in any place of either layout (every column and table is read back over plain JDBC). Both directions
 * between a 1.0 and a 2.0 server on EXPANDED, two 2.0 readers on MIGRATED, and inside {@code inTransaction},
 * where the exception rolls back the transaction's earlier writes; in {@code saveAll}, where one stale entity
 * writes none of the batch.
 */
class OptimisticLockingTest {
  static final String SHARD = "accounts-1";
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static ReleaseCode r1;
  static ReleaseCode r2;

  @BeforeAll
  static void compileBothReleases() {
    r1 = new ReleaseCode("account", "dev.crossfade.account", "1.0");
    r2 = new ReleaseCode("account", "dev.crossfade.account", "2.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void onAnExpandedShardTheFirstSaveWinsAcrossReleasesAndTheStaleSaveWritesNoLayout(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
      migrator.expand(shard, V1);
      migrator.expand(shard, V2);
      assertEquals(Phase.EXPANDED, migrator.status(shard).phase(V2));
      try (Crossfade server = r2.start("server-2.0", shard); Crossfade old = r1.start("server-1.0", shard)) {
        CrossfadeRepository<Object, Object> accounts = r2.repository(server, "AccountRepository", SHARD);
        CrossfadeRepository<Object, Object> oldAccounts = r1.repository(old, "AccountRepository", SHARD);

        Object created = accounts.save(account(r2, 1, "ann", 10));
        assertEquals(1L, ReleaseCode.view(created).get("version"), "a new entity is saved with version 1");
        assertEquals(List.of("1", "ann", "ann", "ann-note", "10", "ann-note"), row(db, 1),
            "2.0 on EXPANDED writes both layouts: owner and holder, account.note and account_note.text");

        race(db, accounts, r2, accounts, r2, 1, 1);       // two 2.0 readers
        race(db, oldAccounts, r1, accounts, r2, 1, 2);    // 1.0 saves first: 2.0's stale save is refused
        race(db, accounts, r2, oldAccounts, r1, 1, 3);    // 2.0 saves first: 1.0's stale save is refused

        OptimisticLockException taken = assertThrows(OptimisticLockException.class,
            () -> accounts.save(account(r2, 1, "mallory", 1)));
        assertNull(taken.expectedVersion(), "a new entity whose key is taken");
        assertTrue(taken.getMessage().contains("already has a row with that key"), taken.getMessage());
        assertEquals("4", row(db, 1).get(0), "the row keeps its version");

        staleSaveRollsBackItsTransaction(db, server, accounts, 1, 50);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void onAMigratedShardTheFirstSaveWinsAndAStaleSaveOrDeleteChangesNothing(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
      migrator.expand(shard, V1);
      try (Crossfade old = r1.start("server-1.0", shard)) {
        CrossfadeRepository<Object, Object> oldAccounts = r1.repository(old, "AccountRepository", SHARD);
        oldAccounts.save(account(r1, 1, "ann", 10)); // written by 1.0, copied by the backfill
      }
      migrator.expand(shard, V2);
      migrator.migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrator.status(shard).phase(V2));
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> accounts = r2.repository(server, "AccountRepository", SHARD);
        assertEquals(List.of("1", "ann", "ann", "ann-note", "10", "ann-note"), row(db, 1));

        race(db, accounts, r2, accounts, r2, 1, 1);

        Object current = accounts.findById(1L).orElseThrow();
        Object stale = ReleaseCode.view(current).get("version").equals(2L) ? current : null;
        assertTrue(stale != null, "version 2 after one winning save");
        accounts.save(change(r2, current, "zed", 7));
        List<Object> before = row(db, 1);
        OptimisticLockException e = assertThrows(OptimisticLockException.class, () -> accounts.delete(stale));
        assertEquals(2L, e.expectedVersion());
        assertEquals(before, row(db, 1), "a delete with a stale version deletes nothing");
        accounts.delete(accounts.findById(1L).orElseThrow());
        assertEquals(null, row(db, 1), "a delete with the current version deletes every place");

        accounts.save(account(r2, 2, "bea", 5));
        Object staleBea = accounts.findById(2L).orElseThrow();
        accounts.save(change(r2, staleBea, "bea2", 6));
        List<Object> bea = row(db, 2);
        List<Object> batch = List.of(account(r2, 3, "cy", 1), change(r2, staleBea, "stale", 2));
        assertThrows(OptimisticLockException.class, () -> accounts.saveAll(batch));
        assertEquals(null, row(db, 3), "one stale entity in saveAll writes none of the batch");
        assertEquals(bea, row(db, 2));
        List<Object> both = accounts.saveAll(List.of(account(r2, 3, "cy", 1), accounts.findById(2L).orElseThrow()));
        assertEquals(List.of(1L, 3L), both.stream().map(o -> ReleaseCode.view(o).get("version")).toList(),
            "saveAll returns each entity with its new version");

        staleSaveRollsBackItsTransaction(db, server, accounts, 2, 60);
      }
    }
  }

  /**
   * Two readers of row {@code id} at {@code version}: the first's save returns {@code version + 1} and lands
   * everywhere; the second's save (and delete) throws and leaves every place as the first left it.
   */
  private static void race(TestDatabases.Fresh db, CrossfadeRepository<Object, Object> first, ReleaseCode firstCode,
      CrossfadeRepository<Object, Object> second, ReleaseCode secondCode, long id, long version) throws SQLException {
    Object a = first.findById(id).orElseThrow();
    Object b = second.findById(id).orElseThrow();
    assertEquals(version, ReleaseCode.view(a).get("version"));
    assertEquals(version, ReleaseCode.view(b).get("version"));

    String winner = "w" + version;
    Object saved = first.save(change(firstCode, a, winner, 100 + (int) version));
    assertEquals(version + 1, ReleaseCode.view(saved).get("version"), "save returns the entity with the new version");
    List<Object> after = row(db, id);
    assertEquals(String.valueOf(version + 1), after.get(0));
    assertTrue(after.contains(winner), after.toString());

    OptimisticLockException e = assertThrows(OptimisticLockException.class,
        () -> second.save(change(secondCode, b, "loser", 999)));
    assertEquals(SHARD, e.shard());
    assertEquals("Account", e.entity());
    assertEquals(id, e.key());
    assertEquals(version, e.expectedVersion());
    assertFalse(e.retryable(), "running the same save again fails the same way");
    for (String part : List.of("Account with key " + id + " was read at version " + version, "shard " + SHARD,
        "nothing was written", "findById")) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
    assertEquals(after, row(db, id), "nothing of the stale save landed, in any column or table");
    assertThrows(OptimisticLockException.class, () -> second.delete(b));
    assertEquals(after, row(db, id), "nor of the stale delete");
  }

  /**
   * Inside {@code inTransaction}: a new account saved, then a stale save of row {@code id}; the exception leaves
   * the transaction, which is rolled back: the new account is gone too.
   */
  private static void staleSaveRollsBackItsTransaction(TestDatabases.Fresh db, Crossfade server,
      CrossfadeRepository<Object, Object> accounts, long id, long newId) throws SQLException {
    Object stale = accounts.findById(id).orElseThrow();
    accounts.save(change(r2, stale, "meanwhile", 1));
    List<Object> before = row(db, id);
    assertThrows(OptimisticLockException.class, () -> server.runInTransaction(SHARD, tx -> {
      accounts.save(account(r2, newId, "inside", 2));
      accounts.save(change(r2, stale, "stale", 3));
    }));
    assertEquals(null, row(db, newId), "the transaction's earlier save was rolled back");
    assertEquals(before, row(db, id));
    // The same work from a fresh read commits.
    server.runInTransaction(SHARD, tx -> {
      accounts.save(account(r2, newId, "inside", 2));
      accounts.save(change(r2, accounts.findById(id).orElseThrow(), "fresh", 3));
    });
    assertTrue(row(db, id).contains("fresh"));
    assertEquals("1", row(db, newId).get(0));
  }

  /** A new account (version 0) of the release's shape. */
  private static Object account(ReleaseCode code, long id, String name, int balance) {
    Map<String, Object> v = new HashMap<>();
    v.put("id", id);
    v.put(code == r2 ? "holder" : "owner", name);
    v.put("note", name + "-note");
    v.put("balance", balance);
    return code.build("Account", v);
  }

  /** The entity as read, with a new name (the release's own field), note and balance; its version as read. */
  private static Object change(ReleaseCode code, Object read, String name, int balance) {
    Map<String, Object> v = new HashMap<>(ReleaseCode.view(read));
    if (v.containsKey("holder")) {
      v.put("holder", name);
      v.put("owner", null);
    } else {
      v.put("owner", name);
    }
    v.put("note", name + "-note");
    v.put("balance", balance);
    return code.build("Account", v);
  }

  /**
   * Every place of row {@code id} over plain JDBC: version, owner, holder (null before 2.0 is expanded), note,
   * balance, account_note.text; null when there is no account row.
   */
  private static List<Object> row(TestDatabases.Fresh db, long id) throws SQLException {
    try (Connection c = db.connect()) {
      List<Object> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT version, owner, holder, note, balance FROM account WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          for (int i = 1; i <= 5; i++) {
            Object o = rs.getObject(i);
            out.add(o == null ? null : String.valueOf(o));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT text FROM account_note WHERE account_id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          out.add(rs.next() ? rs.getString(1) : null);
        }
      }
      return out;
    }
  }
}
