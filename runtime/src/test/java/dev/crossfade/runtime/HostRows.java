package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared fixture of the backfill and DDL tests: the sample domain's plan, fast bulk inserts of 1.0 host
 * rows, the upsert a 2.0 writer does on {@code host_network}, and checks that the new layout equals the old.
 */
final class HostRows {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final long MB = 1_048_576L;

  private HostRows() {}

  /** The sample domain's release 2.0 plan (compiled once per JVM, shared with {@link MigratorTestKit}). */
  static GeneratedPlan plan() {
    return MigratorTestKit.plan();
  }

  static String name(long id) {
    return "host-" + id;
  }

  /** Every 10th host has no ip/mac and every 7th no OS version, so NULLs are copied too. */
  static String ip(long id) {
    return id % 10 == 0 ? null : "10." + (id >> 16 & 255) + "." + (id >> 8 & 255) + "." + (id & 255);
  }

  static String mac(long id) {
    return id % 10 == 0 ? null : String.format("02:00:00:%02x:%02x:%02x", id >> 16 & 255, id >> 8 & 255, id & 255);
  }

  static String osName(long id) {
    return id % 3 == 0 ? "freebsd" : "linux";
  }

  static String osVersion(long id) {
    return id % 7 == 0 ? null : "v" + (id % 13);
  }

  static int memoryMb(long id) {
    return (int) (512 + id % 65_536);
  }

  /** Inserts hosts {@code from..to} (inclusive) as release 1.0 would, 1,000 rows per statement, in one transaction. */
  static void insert(Connection c, long from, long to) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      StringBuilder sql = new StringBuilder();
      int inSql = 0;
      for (long id = from; id <= to; id++) {
        if (inSql == 0) {
          sql.setLength(0);
          sql.append("INSERT INTO host (id, name, ip, mac, os_name, os_version, memory_mb, rack, monitored) VALUES ");
        } else {
          sql.append(',');
        }
        // generated values only, never user input
        sql.append('(').append(id).append(",'").append(name(id)).append("',").append(literal(ip(id))).append(',')
            .append(literal(mac(id))).append(",'").append(osName(id)).append("',").append(literal(osVersion(id)))
            .append(',').append(memoryMb(id)).append(",'r").append(id % 40).append("',TRUE)");
        if (++inSql == 1000 || id == to) {
          s.executeUpdate(sql.toString());
          inSql = 0;
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static String literal(String s) {
    return s == null ? "NULL" : "'" + s + "'";
  }

  /** The upsert of {@code host_network.ip_address} a release 2.0 writer does next to its update of {@code host}. */
  static String upsertIp(Dialect d) {
    return switch (d) {
      case POSTGRES -> "INSERT INTO host_network (host_id, ip_address) VALUES (?, ?)"
          + " ON CONFLICT (host_id) DO UPDATE SET ip_address = excluded.ip_address";
      case MARIADB, MYSQL -> "INSERT INTO host_network (host_id, ip_address) VALUES (?, ?)"
          + " ON DUPLICATE KEY UPDATE ip_address = VALUES(ip_address)";
      case H2 -> "MERGE INTO host_network (host_id, ip_address) KEY (host_id) VALUES (?, ?)";
    };
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The rows each verify query of the 2.0 backfill still finds different (all zero when the copy is complete). */
  static List<Long> verifyCounts(Connection c, Dialect d) throws SQLException {
    List<Long> out = new ArrayList<>();
    for (BackfillSql step : plan().backfill(d, V2)) {
      out.add(count(c, step.verify()));
    }
    return out;
  }

  /**
   * Rows whose new places differ from the old ones, value by value (the verify query of the converted
   * step only checks for NULLs, so memory is compared here through the converter's arithmetic).
   */
  static long rowsWhereNewDiffersFromOld(Connection c) throws SQLException {
    return count(c, "SELECT count(*) FROM host h LEFT JOIN host_network n ON n.host_id = h.id"
        + " LEFT JOIN host_os o ON o.host_id = h.id"
        + " WHERE h.hostname IS NULL OR h.hostname <> h.name"
        + " OR n.host_id IS NULL OR o.host_id IS NULL"
        + " OR NOT (n.ip_address = h.ip OR (n.ip_address IS NULL AND h.ip IS NULL))"
        + " OR NOT (n.mac_address = h.mac OR (n.mac_address IS NULL AND h.mac IS NULL))"
        + " OR NOT (o.name = h.os_name OR (o.name IS NULL AND h.os_name IS NULL))"
        + " OR NOT (o.version = h.os_version OR (o.version IS NULL AND h.os_version IS NULL))"
        + " OR h.memory_bytes IS NULL OR h.memory_bytes <> h.memory_mb * " + MB + ".0");
  }

  /** Checkpoints of the 2.0 backfill by step: {started, done, rows_done}; missing steps are absent. */
  static List<long[]> checkpoints(Connection c) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT step, started, done, rows_done FROM crossfade_backfill WHERE " + quoted(c, "release") + " = ?"
            + " ORDER BY step")) {
      ps.setString(1, V2.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        }
      }
    }
    return out;
  }

  /** {@code release} is a reserved word on MariaDB. */
  static String quoted(Connection c, String identifier) throws SQLException {
    String q = c.getMetaData().getIdentifierQuoteString().trim();
    return q + identifier + q;
  }
}
