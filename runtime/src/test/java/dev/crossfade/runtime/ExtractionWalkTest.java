package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 1:N extraction through every phase (issue 17), with servers of release 1.0 and 2.0 of the extraction domain (the
 * extraction alone; CrmThreeReleasesTest walks it among every other refactoring, and on that domain the concurrent
 * writers below deadlock on MariaDB, which this class leaves to the extraction's owner): 1.0's
 * {@code customer(id, name, phone1, phone2, email)}; 2.0 extracts phone1/phone2 into rows 1 and 2 of
 * {@code customer_phone(customer_id, slot, number)} and email into the "primary" row of
 * {@code customer_email(customer_id, kind, address)}, each with a composite key. While EXPANDED the old server
 * writes the columns and the new one child rows (keeping the columns current), each reads the other's writes; the
 * backfill is interrupted after a committed batch and resumed, and loses nothing; after MIGRATED and the contract
 * the child tables are the truth and the columns are gone. Every child table is read back over plain JDBC.
 */
class ExtractionWalkTest {
  static final String SHARD = "crm-1";
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  /** Customers 100..(100+BULK-1), written by 1.0, so the backfill takes several batches. */
  static final int BULK = 60;
  static ReleaseCode r1;
  static ReleaseCode r2;

  @BeforeAll
  static void compileBothReleases() {
    r1 = new ReleaseCode("extraction", "dev.crossfade.crm", "1.0");
    r2 = new ReleaseCode("extraction", "dev.crossfade.crm", "2.0");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void oldAndNewServersShareTheRowsThroughEveryPhaseAndAnInterruptedBackfillLosesNothing(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      MigratorOptions options = MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30))
          .withBatches(7, Duration.ofMillis(200), Duration.ZERO);
      Migrator migrator = new Migrator(r2.plan(), options);
      migrator.expand(shard, V1);
      try (Crossfade old = r1.start("server-1.0", shard)) {
        CrossfadeRepository<Object, Object> oldCustomers = r1.repository(old, "CustomerRepository", SHARD);
        oldCustomers.save(customer(r1, 1, "ann", "111", "112", "ann@x"));
        oldCustomers.save(customer(r1, 2, "bob", null, "212", null));
        for (int i = 0; i < BULK; i++) {
          long id = 100 + i;
          oldCustomers.save(customer(r1, id, "c" + id, i % 3 == 0 ? null : "p1-" + id, i % 2 == 0 ? "p2-" + id : null,
              i % 5 == 0 ? null : "e" + id + "@x"));
        }

        migrator.expand(shard, V2);
        assertEquals(Phase.EXPANDED, migrator.status(shard).phase(V2));
        assertNoDrift(db, Phase.EXPANDED);
        try (Crossfade server = r2.start("server-2.0", shard)) {
          CrossfadeRepository<Object, Object> phones = r2.repository(server, "CustomerPhoneRepository", SHARD);
          CrossfadeRepository<Object, Object> emails = r2.repository(server, "CustomerEmailRepository", SHARD);
          CrossfadeRepository<Object, Object> customers = r2.repository(server, "CustomerRepository", SHARD);

          // 2.0 reads what 1.0 wrote: the columns are the rows of their keys.
          assertEquals(Optional.of("111"), number(phones.findById(phoneKey(1, 1))));
          assertEquals(List.of("1/1=111", "1/2=112"), phoneRows(finder(phones, "CustomerPhoneRepository", 1L)));
          assertEquals(List.of("2/2=212"), phoneRows(finder(phones, "CustomerPhoneRepository", 2L)));
          assertFalse(phones.existsById(phoneKey(2, 1)), "a NULL column is no row");
          assertEquals("ann@x", ReleaseCode.view(emails.findById(emailKey(1, "primary")).orElseThrow())
              .get("address"));
          assertEquals(0, childRows(db, "customer_phone").size(), "nothing is in the child table yet");

          // 2.0 writes child rows; a row of a column's key keeps the column current for 1.0.
          phones.save(phone(1, 1, "999"));
          phones.save(phone(1, 3, "113"));
          phones.deleteById(phoneKey(2, 2));
          emails.save(email(2, "primary", "bob@x"));
          emails.save(email(2, "work", "bob@work"));
          assertEquals(Map.of("phone1", "999", "phone2", "112", "email", "ann@x"), columns(oldCustomers, 1));
          Map<String, Object> bob = new HashMap<>();
          bob.put("phone1", null);
          bob.put("phone2", null);
          bob.put("email", "bob@x");
          assertEquals(bob, columns(oldCustomers, 2));
          assertEquals(List.of("1/1=999", "1/3=113"), childRows(db, "customer_phone"),
              "2.0 wrote rows 1 and 3; 1.0's columns stay where they are until the backfill");
          assertThrows(IllegalArgumentException.class, () -> phones.save(phone(1, 2, null)),
              "a NULL number would be no row for 1.0: a delete says that");

          // 1.0 writes the columns; 2.0 reads them, also over a child row 2.0 wrote before.
          oldCustomers.save(customer(r1, 3, "cid", "311", null, "cid@x"));
          oldCustomers.save(customer(r1, 1, "ann", null, "112", "ann@x"));
          assertEquals(List.of("1/2=112", "1/3=113"), phoneRows(finder(phones, "CustomerPhoneRepository", 1L)),
              "1.0 cleared phone1: row 1 is gone for 2.0 too, whatever the child table still holds");
          assertEquals(List.of("3/1=311"), phoneRows(finder(phones, "CustomerPhoneRepository", 3L)));

          // The deprecated fields of 2.0's own Customer mirror the columns and write the child rows too.
          customers.save(customer(r2, 4, "dan", "411", null, null));
          assertEquals(List.of("4/1=411"), phoneRows(finder(phones, "CustomerPhoneRepository", 4L)));
          assertTrue(childRows(db, "customer_phone").contains("4/1=411"));
          assertEquals(expectedPhones().size(), phones.count(), "count merges the columns and the child table");
        }
      }

      // MIGRATING: the backfill fails after its second committed batch, as if the migrator died; the next run
      // resumes at the checkpoint. A 2.0 write in between lands in both places.
      AtomicInteger batches = new AtomicInteger();
      Migrator crashing = new Migrator(r2.plan(), options.withListener(p -> {
        if (batches.incrementAndGet() == 2) {
          throw new IllegalStateException("test: the migrator dies after a committed batch");
        }
      }));
      assertThrows(RuntimeException.class, () -> crashing.migrate(shard, V2));
      assertEquals(Phase.MIGRATING, migrator.status(shard).phase(V2));
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> phones = r2.repository(server, "CustomerPhoneRepository", SHARD);
        phones.save(phone(105, 2, "p2-105-new"));
      }
      migrator.migrate(shard, V2);
      assertEquals(Phase.MIGRATED, migrator.status(shard).phase(V2));
      assertNoDrift(db, Phase.MIGRATED);
      List<String> expected = new ArrayList<>(expectedPhones());
      expected.add("105/2=p2-105-new");
      expected.remove("105/2=p2-105");
      assertEquals(new TreeSet<>(expected), new TreeSet<>(childRows(db, "customer_phone")),
          "every non-NULL column is exactly one row, 2.0's own rows kept, the row of a cleared column gone");
      assertTrue(childRows(db, "customer_email").containsAll(List.of("1/primary=ann@x", "2/primary=bob@x",
          "2/work=bob@work")));
      assertFalse(childRows(db, "customer_email").stream().anyMatch(r -> r.startsWith("100/")),
          "customer 100 has no e-mail: no row");

      // MIGRATED, then contracted: the child tables are the truth; the columns are dropped.
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> phones = r2.repository(server, "CustomerPhoneRepository", SHARD);
        assertEquals(List.of("1/2=112", "1/3=113"), phoneRows(finder(phones, "CustomerPhoneRepository", 1L)));
        migrator.contract(shard, V2);
        assertEquals(Phase.CONTRACTED, migrator.status(shard).phase(V2));
        assertNoDrift(db, Phase.CONTRACTED);
        assertFalse(columnsOf(db, "customer").contains("phone1"), "contract dropped the columns");
        phones.save(phone(1, 1, "again"));
        assertEquals(List.of("1/1=again", "1/2=112", "1/3=113"),
            phoneRows(finder(phones, "CustomerPhoneRepository", 1L)));
        phones.deleteById(phoneKey(1, 3));
        assertFalse(phones.existsById(phoneKey(1, 3)));
        // 2.0's deprecated Customer.phone1 has no column any more: a value in it is refused, not dropped.
        CrossfadeRepository<Object, Object> customers = r2.repository(server, "CustomerRepository", SHARD);
        FieldNotSupportedException refused = assertThrows(FieldNotSupportedException.class,
            () -> customers.save(customer(r2, 1, "Ann", "lost?", null, null)));
        assertTrue(refused.getMessage().contains("Customer.phone1 = lost? cannot be stored on shard " + SHARD
            + ": release 2.0 extracted it into the CustomerPhone row with key 1 and is CONTRACTED there"),
            refused.getMessage());
        assertEquals(List.of("1/1=again", "1/2=112"), phoneRows(finder(phones, "CustomerPhoneRepository", 1L)),
            "nothing was written");
        customers.save(customer(r2, 1, "Ann", null, null, null));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aBackfillUnderConcurrentChildAndParentWritesEndsWithOneRowPerColumnAndNoDeadlock(Dialect dialect)
      throws Exception {
    int customers = 200;
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      MigratorOptions options = MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30))
          .withBatches(5, Duration.ofMillis(50), Duration.ZERO);
      Migrator migrator = new Migrator(r2.plan(), options);
      migrator.expand(shard, V1);
      try (Crossfade old = r1.start("server-1.0", shard)) {
        CrossfadeRepository<Object, Object> oldCustomers = r1.repository(old, "CustomerRepository", SHARD);
        List<Object> all = new ArrayList<>();
        for (long id = 1; id <= customers; id++) {
          all.add(customer(r1, id, "c" + id, "a" + id, id % 2 == 0 ? "b" + id : null, null));
        }
        oldCustomers.saveAll(all);
      }
      migrator.expand(shard, V2);
      try (Crossfade server = r2.start("server-2.0", shard)) {
        CrossfadeRepository<Object, Object> phones = r2.repository(server, "CustomerPhoneRepository", SHARD);
        CrossfadeRepository<Object, Object> customersRepo = r2.repository(server, "CustomerRepository", SHARD);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(3);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        // Two writers on the same customers' rows 1 and 2 (the child repository: column first, then row), one on
        // the parent (its row, then the child rows), each customer in the same order, while the backfill walks.
        for (int w = 0; w < 2; w++) {
          int slot = w + 1;
          done.add(writers.submit(() -> {
            started.countDown();
            for (long id = customers; id >= 1; id--) {
              if (id % 3 == 0) {
                phones.deleteById(phoneKey(id, slot));
              } else {
                phones.save(phone(id, slot, "w" + slot + "-" + id));
              }
            }
            return null;
          }));
        }
        done.add(writers.submit(() -> {
          started.countDown();
          for (long id = customers; id >= 1; id -= 7) {
            customersRepo.save(customer(r2, id, "c" + id, "p" + id, null, "e" + id + "@x"));
          }
          return null;
        }));
        started.await();
        migrator.migrate(shard, V2);
        for (java.util.concurrent.Future<?> f : done) {
          f.get(120, java.util.concurrent.TimeUnit.SECONDS); // a deadlock or a lost write fails here
        }
        writers.shutdown();
      }
      assertEquals(Phase.MIGRATED, migrator.status(shard).phase(V2));
      List<String> fromColumns = new ArrayList<>();
      try (Connection c = db.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, phone1, phone2 FROM customer ORDER BY id")) {
        while (rs.next()) {
          for (int slot = 1; slot <= 2; slot++) {
            if (rs.getString(1 + slot) != null) {
              fromColumns.add(rs.getLong(1) + "/" + slot + "=" + rs.getString(1 + slot));
            }
          }
        }
      }
      assertEquals(new TreeSet<>(fromColumns), new TreeSet<>(childRows(db, "customer_phone")),
          "after the backfill the child rows are exactly the non-NULL columns every writer kept current");
    }
  }

  /** The drift check: the live tables and columns are those the placement model's layout names for the phase. */
  private static void assertNoDrift(TestDatabases.Fresh db, Phase phase) throws SQLException {
    try (Connection c = db.connect()) {
      List<String> diff = dev.crossfade.schema.sql.LiveSchema.diff(
          dev.crossfade.schema.plan.Layout.at(r2.plan().model(), V2, phase),
          dev.crossfade.schema.sql.LiveSchema.read(c, db.dialect()), db.dialect());
      assertTrue(diff.isEmpty(), phase + ": " + diff);
    }
  }

  /** The phone rows the columns 1.0 and 2.0 wrote imply before the backfill, plus 2.0's row of another key. */
  private static List<String> expectedPhones() {
    List<String> out = new ArrayList<>(List.of("1/2=112", "1/3=113", "3/1=311", "4/1=411"));
    for (int i = 0; i < BULK; i++) {
      long id = 100 + i;
      if (i % 3 != 0) {
        out.add(id + "/1=p1-" + id);
      }
      if (i % 2 == 0) {
        out.add(id + "/2=p2-" + id);
      }
    }
    return out;
  }

  private static Object customer(ReleaseCode code, long id, String name, String phone1, String phone2, String email) {
    Map<String, Object> v = new HashMap<>();
    v.put("id", id);
    v.put("name", name);
    v.put("phone1", phone1);
    v.put("phone2", phone2);
    v.put("email", email);
    return code.build("Customer", v);
  }

  private static Object phone(long customerId, int slot, String number) {
    Map<String, Object> v = new HashMap<>();
    v.put("customerId", customerId);
    v.put("slot", slot);
    v.put("number", number);
    return r2.build("CustomerPhone", v);
  }

  private static Object email(long customerId, String kind, String address) {
    return r2.build("CustomerEmail", Map.of("customerId", customerId, "kind", kind, "address", address));
  }

  private static Object phoneKey(long customerId, int slot) {
    return r2.build("CustomerPhone$Key", Map.of("customerId", customerId, "slot", slot));
  }

  private static Object emailKey(long customerId, String kind) {
    return r2.build("CustomerEmail$Key", Map.of("customerId", customerId, "kind", kind));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> finder(Object repo, String repository, long customerId) {
    return (List<Object>) r2.call(repository, repo, "findByCustomerId", customerId);
  }

  private static Optional<Object> number(Optional<Object> phone) {
    return phone.map(p -> ReleaseCode.view(p).get("number"));
  }

  private static List<String> phoneRows(List<Object> phones) {
    List<String> out = new ArrayList<>();
    for (Object p : phones) {
      Map<String, Object> v = ReleaseCode.view(p);
      out.add(v.get("customerId") + "/" + v.get("slot") + "=" + v.get("number"));
    }
    return out;
  }

  private static Map<String, Object> columns(CrossfadeRepository<Object, Object> oldCustomers, long id) {
    Map<String, Object> v = ReleaseCode.view(oldCustomers.findById(id).orElseThrow());
    Map<String, Object> out = new HashMap<>();
    out.put("phone1", v.get("phone1"));
    out.put("phone2", v.get("phone2"));
    out.put("email", v.get("email"));
    return out;
  }

  /** A child table's rows as {@code parent/key=value}, in key order, over plain JDBC. */
  private static List<String> childRows(TestDatabases.Fresh db, String table) throws SQLException {
    boolean phone = table.equals("customer_phone");
    String sql = phone ? "SELECT customer_id, slot, number FROM customer_phone ORDER BY customer_id, slot"
        : "SELECT customer_id, kind, address FROM customer_email ORDER BY customer_id, kind";
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1) + "/" + rs.getString(2) + "=" + rs.getString(3));
      }
    }
    return out;
  }

  private static List<String> columnsOf(TestDatabases.Fresh db, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect(); ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), null, null, null)) {
      while (rs.next()) {
        // This database's tables only: MariaDB's metadata lists every database's by default.
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          out.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return out;
  }
}
