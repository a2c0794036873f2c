package dev.crossfade.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** One line about the machine, the JVM and the database servers, printed with every run. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    long memMb = -1;
    try {
      memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).orElse(-1L);
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memMb + " MB RAM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
        + System.getProperty("java.version") + ", " + "PostgreSQL " + version(Databases.PG_URL, "SHOW server_version") + ", MariaDB "
        + version(Databases.MARIADB_URL, "SELECT version()");
  }

  /** The 1, 5 and 15 minute load averages ("?" off Linux): the box is shared, every figure says how busy it was. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String version(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1).replaceAll("[ -].*", "");
    } catch (Exception e) {
      return "unreachable " + url.replaceAll("\\?.*", "");
    }
  }
}
