package dev.crossfade.schema.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DialectTest {

  @Test
  void folderNamesAreTheOnesTheDesignFixes() {
    assertEquals("postgres", Dialect.POSTGRES.folder());
    assertEquals("mariadb", Dialect.MARIADB.folder());
    assertEquals("mysql", Dialect.MYSQL.folder());
    assertEquals("h2", Dialect.H2.folder());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void forNameFindsEveryDialectByItsFolderInAnyCase(Dialect dialect) {
    assertEquals(Optional.of(dialect), Dialect.forName(dialect.folder()));
    assertEquals(Optional.of(dialect), Dialect.forName(" " + dialect.folder().toUpperCase() + " "));
  }

  @Test
  void forNameAcceptsPostgresqlAndRejectsUnknownNames() {
    assertEquals(Optional.of(Dialect.POSTGRES), Dialect.forName("PostgreSQL"));
    assertEquals(Optional.empty(), Dialect.forName("oracle"));
    assertEquals(Optional.empty(), Dialect.forName(""));
  }

  @Test
  void forJdbcUrlRecognisesTheDrivers() {
    assertEquals(Optional.of(Dialect.POSTGRES), Dialect.forJdbcUrl("jdbc:postgresql://db:5432/app"));
    assertEquals(Optional.of(Dialect.MARIADB), Dialect.forJdbcUrl("jdbc:mariadb://db/app"));
    assertEquals(Optional.of(Dialect.MYSQL), Dialect.forJdbcUrl("jdbc:mysql://db/app"));
    assertEquals(Optional.of(Dialect.H2), Dialect.forJdbcUrl("JDBC:H2:mem:shard1"));
    assertEquals(Optional.empty(), Dialect.forJdbcUrl("jdbc:oracle:thin:@db"));
    assertEquals(Optional.empty(), Dialect.forJdbcUrl("postgresql://db"));
  }

  @Test
  void onlyMariadbAndMysqlAreTheMysqlFamily() {
    assertTrue(Dialect.MARIADB.isMySqlFamily());
    assertTrue(Dialect.MYSQL.isMySqlFamily());
    assertFalse(Dialect.POSTGRES.isMySqlFamily());
    assertFalse(Dialect.H2.isMySqlFamily());
  }

  @Test
  void eachDialectMapsToItsJooqDialect() {
    assertEquals(SQLDialect.POSTGRES, Dialect.POSTGRES.jooq());
    assertEquals(SQLDialect.MARIADB, Dialect.MARIADB.jooq());
    assertEquals(SQLDialect.MYSQL, Dialect.MYSQL.jooq());
    assertEquals(SQLDialect.H2, Dialect.H2.jooq());
  }

  @Test
  void identifierLimitsAreEachDatabasesOwn() {
    assertEquals(63, Dialect.POSTGRES.maxIdentifierLength());
    assertEquals(64, Dialect.MARIADB.maxIdentifierLength());
    assertEquals(64, Dialect.MYSQL.maxIdentifierLength());
    assertTrue(Dialect.H2.maxIdentifierLength() >= 256);
  }

  @Test
  void reservedWordsDifferPerDatabaseAndIgnoreCase() {
    assertTrue(Dialect.POSTGRES.isReserved("order"));
    assertTrue(Dialect.MARIADB.isReserved("ORDER"));
    assertTrue(Dialect.H2.isReserved("value"), "H2 reserves VALUE, PostgreSQL does not");
    assertFalse(Dialect.POSTGRES.isReserved("value"));
    assertTrue(Dialect.MARIADB.isReserved("key"));
    assertFalse(Dialect.POSTGRES.isReserved("key"));
    assertTrue(Dialect.MYSQL.isReserved("rank"), "MySQL 8 reserves RANK, MariaDB does not");
    assertFalse(Dialect.MARIADB.isReserved("rank"));
    for (Dialect d : Dialect.values()) {
      assertFalse(d.isReserved("name"), d + ": non-reserved keywords are fine");
      assertFalse(d.isReserved("status"), d + ": non-reserved keywords are fine");
      assertFalse(d.isReserved("version"), d + ": non-reserved keywords are fine");
    }
  }
}
