package dev.crossfade.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.ForkedJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * No password is printed: whatever a shard's JDBC URL carries ({@code password=}, {@code sslpassword=},
 * {@code user:secret@host}) never appears in an exception (message, causes, stack trace), the command
 * line's output and errors, {@code status}, or a log line (the child logs at DEBUG), when the driver is missing, the server
 * unreachable, the URL unparsable, or all goes well.
 */
public class NoSecretPrintedTest {
  public static final String SECRET = "S3cret";

  /** URLs that fail, each with the way it fails; every one carries a password. */
  public static final Map<String, String> FAILING = failing();

  private static Map<String, String> failing() {
    Map<String, String> m = new LinkedHashMap<>();
    // No MySQL driver on the class path: DriverManager quotes the whole URL in "No suitable driver found for ...".
    m.put("missing driver", "jdbc:mysql://127.0.0.1:3306/test?user=root&password=" + SECRET + "-a");
    m.put("PostgreSQL unreachable", "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=" + SECRET + "-b"
        + "&sslpassword=" + SECRET + "-c");
    m.put("MariaDB unreachable", "jdbc:mariadb://127.0.0.1:1/test?user=root&password=" + SECRET + "-d");
    m.put("credentials in the authority", "jdbc:postgresql://postgres:" + SECRET + "-e@127.0.0.1:1/test");
    m.put("H2 database missing", "jdbc:h2:mem:cf_missing;IFEXISTS=TRUE;USER=sa;PASSWORD=" + SECRET + "-f");
    m.put("unknown database kind", "jdbc:oracle:thin:scott/" + SECRET + "-g@db-host:1521/orcl");
    return m;
  }

  /** See also {@code NoSecretInExceptionsTest} for the exceptions the API throws. */
  @Test
  void theCommandLineNeverPrintsAPasswordInItsOutputErrorsStatusOrDebugLogs() {
    Map<String, String> child = ForkedJvm.run(Commands.class,
        List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-Dorg.slf4j.simpleLogger.showDateTime=false"));
    String output = child.remove("(output)");
    child.remove(ForkedJvm.JVM_KEY);
    assertEquals(Commands.expectedExits(), exits(child), "every command ran and failed or succeeded as it must:\n"
        + child + "\n" + output);
    assertTrue(output.contains("INFO dev.crossfade.runtime.Migrator"), "the child's logs were captured:\n" + output);
    assertTrue(child.get("ok status: out").contains("shard eu-1"), child.toString());
    child.forEach((k, v) -> assertFalse(v.contains(SECRET), k + " printed a password:\n" + v));
    assertFalse(output.contains(SECRET), "the logs printed a password:\n" + output);
  }

  private static Map<String, String> exits(Map<String, String> child) {
    Map<String, String> out = new TreeMap<>();
    child.forEach((k, v) -> {
      if (k.endsWith(": exit")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** The child: runs the command line on each URL, and on a working H2 shard with a password, at DEBUG. */
  static final class Commands {
    static final String GOOD = "jdbc:h2:mem:cf_secret;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=" + SECRET + "-h";

    public static void main(String[] args) throws Exception {
      ClassLoader plan = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).classLoader();
      Map<String, String> out = new TreeMap<>();
      for (Map.Entry<String, String> c : FAILING.entrySet()) {
        run(out, c.getKey() + " status", plan, "status", "--shard", "eu-1=" + c.getValue());
      }
      run(out, "missing driver expand", plan, "expand", "--release", "1.0", "--shard", "eu-1=" + FAILING.get("missing driver"));
      run(out, "ok expand", plan, "expand", "--release", "1.0", "--shard", "eu-1=" + GOOD);
      run(out, "ok status", plan, "status", "--shard", "eu-1=" + GOOD);
      run(out, "usage: no name", plan, "status", "--shard", FAILING.get("PostgreSQL unreachable"));
      run(out, "usage: unknown option", plan, "status", "--password=" + SECRET + "-i", "--shard", "eu-1=" + GOOD);
      ForkedJvm.write(args, out);
    }

    static Map<String, String> expectedExits() {
      Map<String, String> m = new TreeMap<>();
      for (String name : FAILING.keySet()) {
        String exit = name.equals("unknown database kind") ? String.valueOf(MigratorCommand.USAGE)
            : String.valueOf(MigratorCommand.FAILED);
        m.put(name + " status: exit", exit);
      }
      m.put("missing driver expand: exit", String.valueOf(MigratorCommand.FAILED));
      m.put("ok expand: exit", String.valueOf(MigratorCommand.OK));
      m.put("ok status: exit", String.valueOf(MigratorCommand.OK));
      m.put("usage: no name: exit", String.valueOf(MigratorCommand.USAGE));
      m.put("usage: unknown option: exit", String.valueOf(MigratorCommand.USAGE));
      return m;
    }

    private static void run(Map<String, String> out, String name, ClassLoader plan, String... args) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      int exit = MigratorCommand.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
          new PrintStream(e, true, StandardCharsets.UTF_8), plan, false);
      out.put(name + ": exit", String.valueOf(exit));
      out.put(name + ": out", o.toString(StandardCharsets.UTF_8));
      out.put(name + ": err", e.toString(StandardCharsets.UTF_8));
    }
  }
}
