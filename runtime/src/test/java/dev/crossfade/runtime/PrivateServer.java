package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.schema.sql.Dialect;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL or MariaDB server of the test's own, in a temporary directory on a spare port, that the test
 * may stop and start (the shared servers must never be restarted). PostgreSQL refuses to run as root, so
 * as root its tools run as the {@code postgres} user through {@code runuser}. If the instance cannot be made,
 * the test fails when {@code CI=true} and is skipped loudly otherwise.
 */
final class PrivateServer implements AutoCloseable {
  static final String PG_BIN = "/usr/lib/postgresql/15/bin";

  final Dialect dialect;
  final int port;
  private final Path dir;
  private Process mariadb;

  private PrivateServer(Dialect dialect, Path dir, int port) {
    this.dialect = dialect;
    this.dir = dir;
    this.port = port;
  }

  /** Initialises and starts a private server, or fails (CI) / skips (elsewhere) saying why. */
  static PrivateServer start(Dialect dialect) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("crossfade-" + dialect.folder() + "-");
      PrivateServer s = new PrivateServer(dialect, dir, freePort());
      s.init();
      s.up();
      return s;
    } catch (Exception | AssertionError e) {
      if (dir != null) {
        delete(dir);
      }
      String message = "\n!!! could not start a private " + dialect + " server for the restart test: " + e + "\n"
          + "!!! The restart test is SKIPPED here; it needs " + (dialect == Dialect.POSTGRES ? PG_BIN
              + "/initdb and pg_ctl (and runuser when run as root)" : "mariadb-install-db and mariadbd") + ".\n";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + message, e);
      }
      System.err.println(message);
      assumeTrue(false, message);
      return null;
    }
  }

  /** A JDBC URL of a fresh database on the server, as {@link TestDatabases.Fresh} (closing it drops it). */
  TestDatabases.Fresh database(String name) throws SQLException {
    String admin = dialect == Dialect.POSTGRES ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"
        : "jdbc:mariadb://127.0.0.1:" + port + "/mysql?user=root&password=";
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name); // a fixed name, not user input
    }
    String url = dialect == Dialect.POSTGRES ? "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres"
        : "jdbc:mariadb://127.0.0.1:" + port + "/" + name + "?user=root&password=";
    return new TestDatabases.Fresh(dialect, url, admin, name);
  }

  /** Stops the server hard: PostgreSQL {@code pg_ctl stop -m immediate}, MariaDB SIGKILL. Crash recovery follows. */
  void stop() throws Exception {
    if (dialect == Dialect.POSTGRES) {
      run(pg("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } else {
      mariadb.destroyForcibly();
      if (!mariadb.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("mariadbd did not end");
      }
    }
  }

  /** Starts the server again on the same data and port, and waits until it accepts connections. */
  void up() throws Exception {
    if (dialect == Dialect.POSTGRES) {
      run(pg("pg_ctl"), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
          "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    } else {
      List<String> cmd = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
          "--pid-file=" + dir.resolve("mysqld.pid"), "--skip-grant-tables", "--innodb-buffer-pool-size=32M",
          "--innodb-log-file-size=16M", "--log-error=" + dir.resolve("error.log")));
      if (isRoot()) {
        cmd.add("--user=root");
      }
      mariadb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile())
          .start();
    }
    String url = dialect == Dialect.POSTGRES ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"
        : "jdbc:mariadb://127.0.0.1:" + port + "/mysql?user=root&password=";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection c = DriverManager.getConnection(url)) {
        return;
      } catch (SQLException notYet) {
        if (System.nanoTime() > deadline || (mariadb != null && !mariadb.isAlive())) {
          throw new IllegalStateException("the private " + dialect + " server did not come up: " + notYet.getMessage()
              + " " + log(), notYet);
        }
        Thread.sleep(100);
      }
    }
  }

  private void init() throws Exception {
    Path data = dir.resolve("data");
    if (dialect == Dialect.POSTGRES) {
      if (isRoot()) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      run(pg("initdb"), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C",
          "--no-sync");
    } else {
      List<String> cmd = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
          "--auth-root-authentication-method=normal", "--skip-test-db"));
      if (isRoot()) {
        cmd.add("--user=root");
      }
      run(cmd.toArray(String[]::new));
    }
  }

  private static List<String> pg(String tool) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(PG_BIN + "/" + tool);
    return cmd;
  }

  private void run(List<String> prefix, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(args));
    run(cmd.toArray(String[]::new));
  }

  private void run(String... cmd) throws Exception {
    Path out = dir.resolve("cmd.log");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + Files.readString(out));
    }
  }

  private String log() {
    for (String name : List.of("log", "error.log", "out.log")) {
      Path f = dir.resolve(name);
      try {
        if (Files.exists(f)) {
          String text = Files.readString(f);
          return text.substring(Math.max(0, text.length() - 2000));
        }
      } catch (IOException ignored) {
        // no log to show
      }
    }
    return "";
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() throws Exception {
    try {
      if (dialect == Dialect.POSTGRES) {
        try {
          run(pg("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IllegalStateException alreadyStopped) {
          // stopped by the test and not started again
        }
      } else if (mariadb != null && mariadb.isAlive()) {
        mariadb.destroyForcibly();
        mariadb.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
