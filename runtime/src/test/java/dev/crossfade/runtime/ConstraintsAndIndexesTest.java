package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.GoldenFiles;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Foreign keys, multi-column and unique indexes, a dropped index and a CHECK (issue 17) through a two-release shop
 * ({@code domains/order}): release 2.0 adds a foreign key and a CHECK to a shipped table, two indexes over it, a new
 * table whose foreign key cascades, and drops 1.0's index on status. Walked on PostgreSQL, MariaDB and H2 through
 * every phase with both releases' servers writing: constraints are enforced for new writes from expand on, the
 * migrate step refuses while a row already there violates one (naming it) and validates them once fixed, contract
 * drops the index, the drift check sees a missing index or constraint, and rollback removes what expand added.
 */
class ConstraintsAndIndexesTest {
  static final String SHARD = "shop-1";
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final String FKEY = "customer_order_customer_id_fkey";
  static final String CHECK = "customer_order_total_positive";
  static final String BY_TIME = "customer_order_customer_id_created_at_idx";
  static final String BY_REF = "customer_order_customer_id_external_ref_key";
  static final String BY_STATUS = "customer_order_status_idx";
  static ReleaseCode r1;
  static ReleaseCode r2;

  @BeforeAll
  static void compileBothReleases() {
    r1 = new ReleaseCode("order", "dev.crossfade.order", "1.0");
    r2 = new ReleaseCode("order", "dev.crossfade.order", "2.0");
  }

  @Test
  void theScriptsOfRelease2MatchTheirGoldens() {
    Map<String, String> generated = new TreeMap<>();
    CompiledDomain.compile(Path.of("src", "test", "resources", "domains", "order", "r2.0")).resources()
        .forEach((path, text) -> {
          if (path.contains("/2.0/")) {
            generated.put(path.substring("META-INF/crossfade/".length()), text);
          }
        });
    GoldenFiles.assertMatches("constraints/order-2.0", generated);
  }

  private static Migrator migrator() {
    return new Migrator(r2.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
  }

  private static Object order(ReleaseCode code, long id, long customerId, long totalCents) {
    return code.build("CustomerOrder", Map.of("id", id, "customerId", customerId, "totalCents", totalCents,
        "status", "NEW", "createdAt", 1_700_000_000L + id));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void constraintsAreEnforcedFromExpandValidatedByMigrateAndTheIndexDroppedByContract(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = migrator();
      migrator.expand(shard, V1);
      try (Crossfade one = r1.start("server-1.0", shard)) {
        var customers = r1.repository(one, "CustomerRepository", SHARD);
        var orders = r1.repository(one, "CustomerOrderRepository", SHARD);
        customers.save(r1.build("Customer", Map.of("id", 1L, "name", "Ada")));
        customers.save(r1.build("Customer", Map.of("id", 2L, "name", "Grace")));
        orders.save(order(r1, 1, 1, 100));
        orders.save(order(r1, 2, 2, 50));
        // Release 1.0 has no constraint: an order of a customer that does not exist, one with a negative total.
        orders.save(order(r1, 3, 999, 5));
        orders.save(order(r1, 5, 2, -5));

        migrator.expand(shard, V2);
        assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 2.0 is expanded");
        assertTrue(hasIndex(db, "customer_order", BY_TIME) && hasIndex(db, "customer_order", BY_REF));
        // From expand on, new writes are checked, even those of 1.0's servers; the rows already there are not yet.
        assertThrows(RuntimeException.class, () -> orders.save(order(r1, 4, 998, 10)));
        assertThrows(RuntimeException.class, () -> orders.save(order(r1, 4, 1, -1)));
        orders.save(order(r1, 4, 1, 10));
      }
      try (Crossfade two = r2.start("server-2.0", shard)) {
        var orders = r2.repository(two, "CustomerOrderRepository", SHARD);
        var notes = r2.repository(two, "CustomerNoteRepository", SHARD);
        notes.save(r2.build("CustomerNote", Map.of("id", 1L, "customerId", 1L, "body", "VIP")));
        assertThrows(RuntimeException.class,
            () -> notes.save(r2.build("CustomerNote", Map.of("id", 2L, "customerId", 7L, "body", "nobody"))));

        MigrationRefusedException orphan = assertThrows(MigrationRefusedException.class,
            () -> migrator.migrate(shard, V2));
        assertEquals("shard shop-1, release 2.0: constraint " + FKEY + " on customer_order is violated by rows"
            + " already there, for example the row with id = 3 (customer_id = 999 has no customer row); nothing was"
            + " validated and the shard stays MIGRATING; fix or delete those rows (the query is step \"validate"
            + " foreign key " + FKEY + ": every customer_order.customer_id has its customer row\" of backfill.sql),"
            + " then run `migrate --release 2.0` again", orphan.getMessage());
        assertEquals(Phase.MIGRATING, migrator.status(shard).phase(V2));
        if (dialect == Dialect.POSTGRES) {
          assertEquals(Map.of(FKEY, false, CHECK, false), validated(db));
        }

        orders.deleteById(3L);
        MigrationRefusedException negative = assertThrows(MigrationRefusedException.class,
            () -> migrator.migrate(shard, V2));
        assertTrue(negative.getMessage().startsWith("shard shop-1, release 2.0: constraint " + CHECK + " on"
            + " customer_order is violated by rows already there, for example the row with id = 5 (it fails"
            + " total_cents >= 0)"), negative.getMessage());

        orders.save(order(r2, 5, 2, 0));
        migrator.migrate(shard, V2);
        assertEquals(Phase.MIGRATED, migrator.status(shard).phase(V2));
        if (dialect == Dialect.POSTGRES) {
          assertEquals(Map.of(FKEY, true, CHECK, true), validated(db));
        }
        assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 2.0 is migrated");

        // The drift check sees an index and a constraint that went missing.
        execute(db, dialect == Dialect.MARIADB ? "DROP INDEX `" + BY_TIME + "` ON `customer_order`"
            : "DROP INDEX \"" + BY_TIME + "\"");
        execute(db, dialect == Dialect.MARIADB ? "ALTER TABLE `customer_order` DROP CONSTRAINT `" + CHECK + "`"
            : "ALTER TABLE \"customer_order\" DROP CONSTRAINT \"" + CHECK + "\"");
        assertEquals(List.of("missing index " + BY_TIME + " on customer_order (created by 2.0's expand)",
            "missing check " + CHECK + " on customer_order (added by 2.0's expand)"),
            migrator.status(shard).drift());
        String q = dialect == Dialect.MARIADB ? "`" : "\"";
        execute(db, "CREATE INDEX " + q + BY_TIME + q + " ON " + q + "customer_order" + q + " (" + q + "customer_id"
            + q + ", " + q + "created_at" + q + ")");
        execute(db, "ALTER TABLE " + q + "customer_order" + q + " ADD CONSTRAINT " + q + CHECK + q
            + " CHECK (" + q + "total_cents" + q + " >= 0)");
        assertEquals(List.of(), migrator.status(shard).drift());

        assertTrue(hasIndex(db, "customer_order", BY_STATUS));
        migrator.contract(shard, V2);
        assertEquals(Phase.CONTRACTED, migrator.status(shard).phase(V2));
        assertTrue(!hasIndex(db, "customer_order", BY_STATUS), "contract dropped 1.0's index on status");
        assertEquals(List.of(), migrator.status(shard).drift(), "no drift once 2.0 is contracted");

        // NO_ACTION keeps a customer with orders; CASCADE (the new table's foreign key) takes its notes with it.
        var customers = r2.repository(two, "CustomerRepository", SHARD);
        assertThrows(RuntimeException.class, () -> customers.deleteById(1L));
        orders.deleteById(1L);
        orders.deleteById(4L);
        customers.deleteById(1L);
        assertEquals(0L, notes.count());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void rollbackToPendingDropsTheIndexesAndConstraintsExpandAdded(Dialect dialect) throws Exception {
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = migrator();
      migrator.expand(shard, V1);
      migrator.expand(shard, V2);
      assertTrue(hasIndex(db, "customer_order", BY_TIME));
      migrator.rollback(shard, V2, false);
      assertEquals(Phase.PENDING, migrator.status(shard).phase(V2));
      assertTrue(!hasIndex(db, "customer_order", BY_TIME) && !hasIndex(db, "customer_order", BY_REF));
      assertEquals(List.of(), migrator.status(shard).drift(), "no 2.0 structure left behind");
      migrator.expand(shard, V2);
      assertEquals(List.of(), migrator.status(shard).drift(), "and 2.0 expands again");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void contractDropsTheConstraintsAndIndexesOfTheColumnsItDropsFirst(Dialect dialect) throws Exception {
    ReleaseCode r3 = new ReleaseCode("order", "dev.crossfade.order", "3.0");
    try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
      Shard shard = Shard.of(SHARD, db.url());
      Migrator migrator = new Migrator(r3.plan(), MigratorOptions.defaults().withAckWait(Duration.ofSeconds(30)));
      Version v3 = Version.parse("3.0");
      migrator.expand(shard, V1);
      for (Version v : List.of(V2, v3)) {
        migrator.expand(shard, v);
        migrator.migrate(shard, v);
        migrator.contract(shard, v);
        assertEquals(List.of(), migrator.status(shard).drift(), "no drift once " + v + " is contracted");
      }
      assertTrue(!hasIndex(db, "customer_order", BY_TIME) && !hasIndex(db, "customer_order", BY_REF),
          "the indexes over customer_id went before the column");
    }
  }

  private static boolean hasIndex(TestDatabases.Fresh db, String table, String index) throws SQLException {
    try (Connection c = db.connect();
        ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), db.dialect().isMySqlFamily() ? null
            : c.getSchema(), table, false, false)) {
      while (rs.next()) {
        if (index.equals(rs.getString("INDEX_NAME"))) {
          return true;
        }
      }
      return false;
    }
  }

  /** PostgreSQL: whether each constraint of customer_order is validated. */
  private static Map<String, Boolean> validated(TestDatabases.Fresh db) throws SQLException {
    Map<String, Boolean> out = new TreeMap<>();
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT conname, convalidated"
        + " FROM pg_constraint WHERE conrelid = 'customer_order'::regclass AND contype IN ('f', 'c')");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getBoolean(2));
      }
    }
    return out;
  }

  private static void execute(TestDatabases.Fresh db, String sql) throws SQLException {
    try (Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
