package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.runtime.cli.NoSecretPrintedTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exceptions a migrator or a shard throws never quote a password of the shard's JDBC URL: not in their
 * message, their causes' messages or anything their stack trace prints (the command line's side, and the
 * URLs: {@link NoSecretPrintedTest}).
 */
class NoSecretInExceptionsTest {
  private static final String SECRET = NoSecretPrintedTest.SECRET;

  @Test
  void exceptionsFromShardsWithPasswordsInTheirUrlsNeverQuoteThePassword() {
    Migrator migrator = new Migrator(MigratorTestKit.plan(), MigratorOptions.defaults());
    for (Map.Entry<String, String> c : NoSecretPrintedTest.FAILING.entrySet()) {
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> migrator.status(Shard.of("eu-1", c.getValue())), c.getKey());
      String trace = trace(e);
      assertFalse(trace.contains(SECRET), c.getKey() + ": the exception quotes a password:\n" + trace);
      assertTrue(trace.contains("eu-1"), c.getKey() + ": the exception still names the shard:\n" + trace);
    }
  }

  @Test
  void aHiddenPasswordKeepsTheDriversExceptionTypeStateAndCode() {
    Shard shard = Shard.of("eu-1", NoSecretPrintedTest.FAILING.get("missing driver"));
    SQLException e = assertThrows(SQLException.class, () -> shard.dataSource().getConnection());
    assertFalse(trace(e).contains(SECRET), trace(e));
    assertTrue(e.getMessage().startsWith("No suitable driver found for jdbc:mysql://127.0.0.1:3306/test?user=root&password=***"),
        e.getMessage());
    assertTrue("08001".equals(e.getSQLState()), "the SQLSTATE is kept: " + e.getSQLState());

    SQLException refused = assertThrows(SQLException.class,
        () -> Shard.of("eu-1", NoSecretPrintedTest.FAILING.get("MariaDB unreachable")).dataSource().getConnection());
    assertTrue(refused instanceof java.sql.SQLNonTransientConnectionException,
        "a message without the password is the driver's own exception: " + refused.getClass());
    assertFalse(shard.dataSource().toString().contains(SECRET), shard.dataSource().toString());
    assertFalse(Shard.of("eu-1", NoSecretPrintedTest.FAILING.get("credentials in the authority")).dataSource()
        .toString().contains(SECRET));
  }

  private static String trace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
