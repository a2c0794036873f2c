package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mixed-version matrix on a second product, a customer-relationship one (domain {@code crm}, releases 1.0,
 * 2.0 and 3.0 compiled in order against one snapshots folder, so each release's compile is checked against the
 * snapshots of all earlier ones, with 2.0's reviewed SQL fragments next to them). Release 2.0 uses every
 * refactoring of issue 17 and the older ones: phone1/phone2 become rows 1 and 2 of {@code customer_phone} and the
 * e-mail the "primary" row of {@code customer_email} (1:N extraction, composite keys), table {@code note} becomes
 * {@code customer_note} (body renamed text), {@code region} is renamed {@code territory}, invoice totals widen from
 * int to long through a converter, foreign keys to customer (one added to a shipped column), a multi-column and a
 * unique multi-column index, a CHECK, and a reviewed fragment per dialect. Release 3.0 renames {@code territory}
 * again while 2.0's window is still open on other shards, so 2.0's unique index over it is dropped by 3.0's
 * contract and replaced.
 *
 * <p>One shard per database is walked through every phase combination servers can meet ({@link
 * ReleaseWindowWalk}): 2.0 through its phases while 3.0 is PENDING, then 3.0 through its own, with servers of
 * 1.0, 2.0 and 3.0 on it while the protocol lets them be and the migrator run from 3.0's jar. In each
 * combination every release that may write creates a customer with phones, an e-mail, a note and an invoice and
 * changes ones another release wrote last, others are refused, deletes happen, and every release reads everything
 * back (by id, in full, counted and through derived finders, the child tables by composite key), matching an
 * oracle of what the last writer meant; the CHECK and the FK refuse bad invoices and the shard shows no drift
 * (constraints, indexes and the fragment's index included). Each backfill is crashed twice — after a committed
 * batch and in the middle of one — with writes in between, and resumes without losing any.
 */
class CrmThreeReleasesTest {
  static final String SHARD = "crm-1";
  static ReleaseCode r1;
  static ReleaseCode r2;
  static ReleaseCode r3;

  @BeforeAll
  static void compileTheHistory(@TempDir Path snapshots) {
    List<ReleaseCode> history = ReleaseCode.history("crm", "dev.crossfade.crm", snapshots, "1.0", "2.0", "3.0");
    r1 = history.get(0);
    r2 = history.get(1);
    r3 = history.get(2);
    // 3.0's compile saw the snapshots of 1.0 and 2.0 and added its own; its jar carries 2.0's reviewed fragment,
    // so the migrator run from it places the fragment where 2.0's own would.
    for (String release : List.of("1.0", "2.0", "3.0")) {
      assertTrue(Files.isRegularFile(snapshots.resolve(release + ".json")), release + ".json");
    }
    for (Dialect d : List.of(Dialect.POSTGRES, Dialect.MARIADB, Dialect.H2)) {
      String path = "META-INF/crossfade/" + d.folder() + "/2.0/expand.sql";
      for (ReleaseCode code : List.of(r2, r3)) {
        assertTrue(code.resource(path).contains("-- reviewed SQL fragment sql/2.0/" + d.folder()
            + "/expand/01-open-invoices.sql"), code + ": " + path);
      }
    }
  }

  /** A customer as its last writer meant it, in release-neutral terms. */
  record Customer(long id, String name, String territory, String phone1, String phone2, String email,
      String phone3) {
    /** A NULL phone or e-mail column is no child row; phone 3 lives only in 2.0's child table. */
    static Customer of(long id, int v) {
      return new Customer(id, "cust-" + id + "-v" + v, "T" + (v % 3), "+1-555-" + id + "-" + v,
          v % 2 == 0 ? null : "+1-556-" + id + "-" + v, v % 4 == 0 ? null : "c" + id + "v" + v + "@x.example",
          v % 3 == 0 ? null : "+1-557-" + id + "-" + v);
    }

    Customer withPhone3(String phone3) {
      return new Customer(id, name, territory, phone1, phone2, email, phone3);
    }

    /** The customer without the deprecated columns' values: what 2.0 and 3.0 save once those columns go. */
    Customer withoutColumns() {
      return new Customer(id, name, territory, null, null, null, phone3);
    }

    /** The child rows of this customer's phones, by slot. */
    Map<Integer, String> phones() {
      Map<Integer, String> out = new TreeMap<>();
      String[] numbers = {phone1, phone2, phone3};
      for (int slot = 1; slot <= numbers.length; slot++) {
        if (numbers[slot - 1] != null) {
          out.put(slot, numbers[slot - 1]);
        }
      }
      return out;
    }
  }

  record Note(long id, long customerId, String body) {
    static Note of(long id, long customerId, int v) {
      return new Note(id, customerId, "note " + id + " v" + v);
    }
  }

  record Invoice(long id, long customerId, long cents, String status) {
    static final List<String> STATUSES = List.of("OPEN", "PAID", "VOID");

    static Invoice of(long id, long customerId, int v) {
      return new Invoice(id, customerId, id * 100 + v, STATUSES.get(v % 3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void everyReleaseReadsWhatTheLastWriterMeantInEveryPhaseCombinationAndBackfillCrashesLoseNothing(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); PooledDataSource pool = new PooledDataSource(db.url())) {
      new Walk(Shard.of(SHARD, db.url()), new Shard(SHARD, pool, dialect)).run();
    }
  }

  private static final class Walk extends ReleaseWindowWalk {
    final List<ReleaseCode> releases = List.of(r1, r2, r3);
    final Map<Long, Customer> customers = new TreeMap<>();
    final Map<Long, Note> notes = new TreeMap<>();
    final Map<Long, Invoice> invoices = new TreeMap<>();
    long nextId = 1;
    int version;

    Walk(Shard shard, Shard pooled) {
      super(shard, pooled, r3);
    }

    void run() {
      migrator.expand(shard, V1);
      releases.forEach(this::start);
      step("2.0 PENDING");
      window(V2, r1, () -> { });
      window(V3, r2, () -> { });
      assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 3.0 is contracted");
      stopAll();
    }

    /**
     * The backfill crashes after a committed batch, the newest release writes, it crashes again in the middle of
     * a batch (rolled back with its checkpoint), the newest release writes again; window() then resumes it.
     */
    @Override
    void interruptBackfill(Version release) {
      super.interruptBackfill(release);
      long checkpoint = migrator.status(shard).backfillRows().getOrDefault(release, 0L);
      assertTrue(checkpoint > 0, "the first batch was committed: " + migrator.status(shard).render());
      writeAs(r3, "after a backfill crash of " + release);
      Migrator crashing = new Migrator(migratorJar.plan(), options());
      ShardUnavailableException e = assertThrows(ShardUnavailableException.class,
          () -> crashing.migrate(CrashingMigratorSource.crashingAtBatch(shard, 2), release));
      assertTrue(e.getMessage().contains("run the same command again"), e.getMessage());
      assertEquals(Phase.MIGRATING, migrator.status(shard).phase(release));
      writeAs(r3, "after a crash in the middle of a backfill batch of " + release);
    }

    /** The newest release writes while the backfill is stopped, and everyone reads it back. */
    private void writeAs(ReleaseCode code, String cell) {
      refresh();
      write(code, new ArrayList<>(customers.keySet()));
      readAll(cell);
    }

    /**
     * Each release on the shard writes (or is refused), then every release reads everything: each row is read as
     * its last writer left it. Then deletes of what earlier steps wrote: the oldest release that may write removes
     * a customer with its note and invoice, the newest an invoice of another; everything is read again.
     */
    @Override
    void step(String cell) {
      refresh();
      List<Long> before = new ArrayList<>(customers.keySet());
      List<String> done = new ArrayList<>();
      for (ReleaseCode code : releases) {
        if (!servers.containsKey(code)) {
          continue;
        }
        if (mayWrite(code)) {
          done.add(code + " wrote customer " + write(code, before));
        } else {
          long id = nextId;
          assertWriteRefused(cell, code, () -> repository(code, "CustomerRepository").save(customer(code,
              Customer.of(id, 0))));
          assertWriteRefused(cell, code, () -> repository(code, "InvoiceRepository").save(invoice(code,
              Invoice.of(id, id, 0))));
          assertWriteRefused(cell, code, () -> repository(code, noteRepository(code)).save(note(code,
              Note.of(id, id, 0))));
          done.add(code + " was refused");
        }
      }
      readAll(cell + ", after " + String.join(", ", done));
      if (phase(V2).atLeast(Phase.EXPANDED)) {
        constraintsHold(cell);
      }
      ReleaseCode oldest = servers.keySet().stream().filter(this::mayWrite).findFirst().orElse(r3);
      if (before.size() > 1) {
        long gone = before.get(0);
        deleteCustomer(oldest, gone);
        long invoiceGone = before.get(1);
        repository(r3, "InvoiceRepository").deleteById(invoiceGone);
        invoices.remove(invoiceGone);
        readGone(cell + ", after " + oldest + " deleted customer " + gone + " and " + r3 + " invoice " + invoiceGone,
            gone, invoiceGone);
      }
    }

    /**
     * 2.0's CHECK and foreign key hold from its expand on (PostgreSQL enforces a NOT VALID constraint on new rows):
     * the newest release's save of an invoice with a negative amount, or of a customer that does not exist, is
     * refused by the database, whole; and the shard has what its phases imply, constraints and indexes included.
     */
    private void constraintsHold(String cell) {
      long id = nextId++;
      Invoice negative = new Invoice(id, customers.keySet().iterator().next(), -1, "OPEN");
      Invoice orphan = new Invoice(id, id, 100, "OPEN");
      for (Invoice bad : List.of(negative, orphan)) {
        CrossfadeRepository<Object, Object> repo = repository(r3, "InvoiceRepository");
        assertThrows(RuntimeException.class, () -> repo.save(invoice(r3, bad)), cell + ": " + bad + " is refused");
        assertEquals(Optional.empty(), repo.findById(id), cell + ": nothing of " + bad + " was written");
      }
      assertEquals(List.of(), status.drift(), cell + ": drift");
    }

    /** A new customer with a note and an invoice, and changes to ones written before; returns the new id. */
    private long write(ReleaseCode code, List<Long> before) {
      long id = nextId++;
      save(code, Customer.of(id, ++version));
      save(code, Note.of(id, id, version));
      save(code, Invoice.of(id, id, version));
      if (!before.isEmpty()) {
        long old = before.get(version % before.size());
        if (customers.containsKey(old)) {
          save(code, Customer.of(old, ++version));
          save(code, Note.of(old, old, version));
          save(code, Invoice.of(old, old, version));
        }
      }
      return id;
    }

    private void deleteCustomer(ReleaseCode code, long id) {
      repository(code, noteRepository(code)).deleteById(id);
      notes.remove(id);
      repository(code, "InvoiceRepository").deleteById(id);
      invoices.remove(id);
      repository(code, "CustomerRepository").deleteById(id);
      customers.remove(id);
    }

    /**
     * 1.0 writes the columns and never sees phone 3 (it stays as it was). 2.0 and 3.0 write the deprecated fields
     * (which keep the columns and, until CONTRACTING, the child rows current) and, where the shard has the child
     * tables, every phone and the e-mail through the child repositories, as their applications do: from 2.0's
     * CONTRACTING on only the latter reach the child rows: the deprecated fields have no place any more, and a value
     * in them is refused (ExtractionWalkTest), so the applications leave them null.
     */
    private void save(ReleaseCode code, Customer c) {
      boolean columnsGoing = code != r1 && phase(V2).atLeast(Phase.CONTRACTING);
      repository(code, "CustomerRepository").save(customer(code, columnsGoing ? c.withoutColumns() : c));
      Customer before = customers.get(c.id());
      Customer now = c.withPhone3(before == null ? null : before.phone3());
      if (code != r1 && phase(V2).atLeast(Phase.EXPANDED)) {
        CrossfadeRepository<Object, Object> phones = repository(code, "CustomerPhoneRepository");
        for (int slot = 1; slot <= 3; slot++) {
          String number = c.phones().get(slot);
          if (number != null) {
            phones.save(code.build("CustomerPhone", Map.of("customerId", c.id(), "slot", slot, "number", number)));
          } else {
            phones.deleteById(phoneKey(code, c.id(), slot));
          }
        }
        CrossfadeRepository<Object, Object> emails = repository(code, "CustomerEmailRepository");
        if (c.email() != null) {
          emails.save(code.build("CustomerEmail", Map.of("customerId", c.id(), "kind", "primary", "address",
              c.email())));
        } else {
          emails.deleteById(code.build("CustomerEmail$Key", Map.of("customerId", c.id(), "kind", "primary")));
        }
        now = c;
      }
      customers.put(c.id(), now);
    }

    static Object phoneKey(ReleaseCode code, long customerId, int slot) {
      return code.build("CustomerPhone$Key", Map.of("customerId", customerId, "slot", slot));
    }

    /** Where 2.0 is PENDING, 2.0 and 3.0 write CustomerNote to table note, its only place there. */
    private void save(ReleaseCode code, Note n) {
      repository(code, noteRepository(code)).save(note(code, n));
      notes.put(n.id(), n);
    }

    private void save(ReleaseCode code, Invoice i) {
      repository(code, "InvoiceRepository").save(invoice(code, i));
      invoices.put(i.id(), i);
    }

    // What each release's application writes: its newest fields set, the ones it deprecated left unset.

    static Object customer(ReleaseCode code, Customer c) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", c.id());
      v.put("name", c.name());
      v.put(territoryFields(code).get(territoryFields(code).size() - 1), c.territory());
      v.put("phone1", c.phone1());
      v.put("phone2", c.phone2());
      v.put("email", c.email());
      return code.build("Customer", v);
    }

    static Object note(ReleaseCode code, Note n) {
      return code == r1 ? code.build("Note", Map.of("id", n.id(), "customerId", n.customerId(), "body", n.body()))
          : code.build("CustomerNote", Map.of("id", n.id(), "customerId", n.customerId(), "text", n.body()));
    }

    static Object invoice(ReleaseCode code, Invoice i) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", i.id());
      v.put("customerId", i.customerId());
      v.put("status", i.status());
      if (code == r1) {
        v.put("totalCents", Math.toIntExact(i.cents()));
      } else {
        v.put("amountCents", i.cents());
      }
      return code.build("Invoice", v);
    }

    // What each release reads: every field that holds a datum, old or new, carries the same value.

    static List<String> territoryFields(ReleaseCode code) {
      return code == r1 ? List.of("region") : code == r2 ? List.of("region", "territory")
          : List.of("region", "territory", "salesTerritory");
    }

    static Map<String, Object> expected(ReleaseCode code, Customer c) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", c.id());
      v.put("name", c.name());
      territoryFields(code).forEach(f -> v.put(f, c.territory()));
      v.put("phone1", c.phone1());
      v.put("phone2", c.phone2());
      v.put("email", c.email());
      return v;
    }

    /** 2.0 renamed table note to customer_note and its body to text; 1.0 reads and writes the old table. */
    static String noteRepository(ReleaseCode code) {
      return code == r1 ? "NoteRepository" : "CustomerNoteRepository";
    }

    static Map<String, Object> expected(ReleaseCode code, Note n) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", n.id());
      v.put("customerId", n.customerId());
      v.put(code == r1 ? "body" : "text", n.body());
      return v;
    }

    static Map<String, Object> expected(ReleaseCode code, Invoice i) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", i.id());
      v.put("customerId", i.customerId());
      v.put("totalCents", Math.toIntExact(i.cents()));
      if (code != r1) {
        v.put("amountCents", i.cents());
      }
      v.put("status", i.status());
      return v;
    }

    /** Every release finds the deleted customer (with its children) and invoice gone, and counts the rest. */
    void readGone(String cell, long customer, long invoice) {
      for (ReleaseCode code : releases) {
        if (!servers.containsKey(code)) {
          continue;
        }
        String who = cell + ": read by " + code;
        CrossfadeRepository<Object, Object> repo = repository(code, "CustomerRepository");
        assertEquals(Optional.empty(), repo.findById(customer), who + ", customer " + customer);
        assertEquals(customers.size(), repo.count(), who + ", customers count");
        CrossfadeRepository<Object, Object> invoiceRepo = repository(code, "InvoiceRepository");
        assertEquals(Optional.empty(), invoiceRepo.findById(invoice), who + ", invoice " + invoice);
        assertEquals(Optional.empty(), invoiceRepo.findById(customer), who + ", invoice " + customer);
        assertEquals(invoices.size(), invoiceRepo.count(), who + ", invoices count");
        assertEquals(Optional.empty(), repository(code, noteRepository(code)).findById(customer), who + ", note "
            + customer);
        if (code != r1 && phase(V2).atLeast(Phase.EXPANDED)) {
          assertEquals(List.of(), code.call("CustomerPhoneRepository", repository(code, "CustomerPhoneRepository"),
              "findByCustomerId", customer), who + ", phones of " + customer);
          assertEquals(List.of(), code.call("CustomerEmailRepository", repository(code, "CustomerEmailRepository"),
              "findByCustomerId", customer), who + ", e-mails of " + customer);
        }
      }
    }

    void readAll(String cell) {
      for (ReleaseCode code : releases) {
        if (servers.containsKey(code)) {
          read(code, cell + ": read by " + code);
        }
      }
    }

    void read(ReleaseCode code, String who) {
      CrossfadeRepository<Object, Object> repo = repository(code, "CustomerRepository");
      // From 2.0's CONTRACTING on, onen's parent reads the deprecated fields phone1, phone2 and email NULL instead
      // of from the child rows (a 1:1 split's parent reads its moved fields from the new place there); the child
      // repositories, read below, carry them.
      Set<String> unread = code != r1 && phase(V2).atLeast(Phase.CONTRACTING)
          ? Set.of("phone1", "phone2", "email") : Set.of();
      UnaryOperator<Map<String, Object>> shown = m -> {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.keySet().removeAll(unread);
        return out;
      };
      readEach(code, who, "CustomerRepository", customers, c -> expected(code, c), shown);
      String territory = territoryFields(code).get(territoryFields(code).size() - 1);
      String byTerritory = "findBy" + Character.toUpperCase(territory.charAt(0)) + territory.substring(1);
      for (Customer c : customers.values()) {
        assertEquals(List.of(shown.apply(expected(code, c))), views(code.call("CustomerRepository", repo, "findByName",
            c.name())).stream().map(shown).toList(), who + ", findByName(" + c.name() + ")");
      }
      for (String t : List.of("T0", "T1", "T2")) {
        assertEquals(customers.values().stream().filter(c -> t.equals(c.territory())).map(c -> expected(code, c))
            .map(shown).toList(), sortedById(views(code.call("CustomerRepository", repo, byTerritory, t))).stream()
            .map(shown).toList(), who + ", " + byTerritory + "(" + t + ")");
      }
      // Where 2.0 is PENDING, onen's child repositories read nothing yet (a 1:1 split's child reads the parent's
      // columns there); the child tables are read from 2.0's expand on.
      if (code != r1 && phase(V2).atLeast(Phase.EXPANDED)) {
        readChildren(code, who);
      }
      readEach(code, who, noteRepository(code), notes, n -> expected(code, n), UnaryOperator.identity());
      readEach(code, who, "InvoiceRepository", invoices, i -> expected(code, i), UnaryOperator.identity());
      CrossfadeRepository<Object, Object> invoiceRepo = repository(code, "InvoiceRepository");
      for (Customer c : customers.values()) {
        assertEquals(invoices.values().stream().filter(i -> i.customerId() == c.id()).map(i -> expected(code, i))
            .toList(), sortedById(views(code.call("InvoiceRepository", invoiceRepo, "findByCustomerId", c.id()))),
            who + ", invoices findByCustomerId(" + c.id() + ")");
        assertEquals(notes.values().stream().filter(n -> n.customerId() == c.id()).map(n -> expected(code, n))
            .toList(), sortedById(views(code.call(noteRepository(code), repository(code, noteRepository(code)),
                "findByCustomerId", c.id()))), who + ", notes findByCustomerId(" + c.id() + ")");
      }
      for (String s : Invoice.STATUSES) {
        assertEquals(invoices.values().stream().filter(i -> i.status().equals(s)).count(),
            code.call("InvoiceRepository", invoiceRepo, "countByStatus", s), who + ", countByStatus(" + s + ")");
      }
    }

    /**
     * 2.0 and 3.0 read the phones and e-mails as child rows, whoever wrote them: columns 1.0 wrote are the rows of
     * their keys, rows 2.0 wrote are there for 1.0 as columns.
     */
    void readChildren(ReleaseCode code, String who) {
      CrossfadeRepository<Object, Object> phones = repository(code, "CustomerPhoneRepository");
      CrossfadeRepository<Object, Object> emails = repository(code, "CustomerEmailRepository");
      List<Map<String, Object>> allPhones = new ArrayList<>();
      List<Map<String, Object>> allEmails = new ArrayList<>();
      for (Customer c : customers.values()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        c.phones().forEach((slot, number) -> rows.add(phone(c.id(), slot, number)));
        allPhones.addAll(rows);
        assertEquals(rows, views(code.call("CustomerPhoneRepository", phones, "findByCustomerId", c.id())),
            who + ", phones findByCustomerId(" + c.id() + ")");
        int slot = (int) (c.id() % 3) + 1; // one slot per customer, in turn: a row, or none
        assertEquals(Optional.ofNullable(c.phones().get(slot)).map(n -> phone(c.id(), slot, n)),
            phones.findById(phoneKey(code, c.id(), slot)).map(ReleaseCode::view), who + ", phone findById(" + c.id()
                + "/" + slot + ")");
        List<Map<String, Object>> mails = c.email() == null ? List.of() : List.of(email(c.id(), c.email()));
        allEmails.addAll(mails);
        assertEquals(mails, views(code.call("CustomerEmailRepository", emails, "findByCustomerId", c.id())),
            who + ", e-mails findByCustomerId(" + c.id() + ")");
        assertEquals(mails.stream().findFirst(), emails.findById(code.build("CustomerEmail$Key", Map.of("customerId",
            c.id(), "kind", "primary"))).map(ReleaseCode::view), who + ", e-mail findById(" + c.id() + "/primary)");
      }
      assertEquals(allPhones, phones.findAll().stream().map(ReleaseCode::view).toList(), who + ", phones findAll");
      assertEquals(allPhones.size(), phones.count(), who + ", phones count");
      assertEquals(allEmails, emails.findAll().stream().map(ReleaseCode::view).toList(), who + ", e-mails findAll");
      assertEquals(allEmails.size(), emails.count(), who + ", e-mails count");
    }

    private static Map<String, Object> phone(long customerId, int slot, String number) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("customerId", customerId);
      v.put("slot", slot);
      v.put("number", number);
      return v;
    }

    private static Map<String, Object> email(long customerId, String address) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("customerId", customerId);
      v.put("kind", "primary");
      v.put("address", address);
      return v;
    }

    /** findById of each, findAll in key order, count. */
    private <T> void readEach(ReleaseCode code, String who, String repositoryInterface, Map<Long, T> oracle,
        Function<T, Map<String, Object>> expected, UnaryOperator<Map<String, Object>> shown) {
      CrossfadeRepository<Object, Object> repo = repository(code, repositoryInterface);
      List<Map<String, Object>> all = new ArrayList<>();
      oracle.forEach((id, row) -> {
        all.add(shown.apply(expected.apply(row)));
        assertEquals(Optional.of(shown.apply(expected.apply(row))), repo.findById(id).map(ReleaseCode::view)
            .map(shown), who + ", " + repositoryInterface + ".findById(" + id + ")");
      });
      assertEquals(all, repo.findAll().stream().map(ReleaseCode::view).map(shown).toList(), who + ", "
          + repositoryInterface + ".findAll");
      assertEquals(oracle.size(), repo.count(), who + ", " + repositoryInterface + ".count");
    }

    private static List<Map<String, Object>> views(Object list) {
      return ((List<?>) list).stream().map(ReleaseCode::view).toList();
    }

    private static List<Map<String, Object>> sortedById(List<Map<String, Object>> rows) {
      return rows.stream().sorted((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id"))).toList();
    }
  }
}
