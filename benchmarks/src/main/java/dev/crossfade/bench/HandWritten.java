package dev.crossfade.bench;

import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.crossfade.sample.domain.Host;
import dev.crossfade.sample.domain.HostNetwork;
import dev.crossfade.sample.domain.HostStatus;
import dev.crossfade.sample.domain.MegabytesToBytes;
import dev.crossfade.schema.sql.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What a team writes by hand for release 2.0's {@code Host} on a shard whose release 2.0 is MIGRATED (the
 * dual write: old and new columns, new ones read) or CONTRACTED (the new layout only): the same statements
 * the generated repository issues — one joined select, an upsert of each of the three tables in one
 * transaction — once with plain JDBC and once with jOOQ's DSL. Also the single-table reads the joined-read
 * figure compares with.
 */
final class HandWritten {
  private static final MegabytesToBytes MB = new MegabytesToBytes();

  /** The operations the steady-state figure times. */
  interface HostOps {
    Host findById(long id) throws Exception;

    void save(Host h) throws Exception;

    List<Host> findByHostname(String hostname) throws Exception;
  }

  private HandWritten() {}

  private static boolean maria(Dialect d) {
    return d.isMySqlFamily();
  }

  private static String upsert(Dialect d, String table, String key, List<String> cols) {
    StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" (").append(String.join(", ", cols))
        .append(") VALUES (").append(String.join(", ", cols.stream().map(c -> "?").toList())).append(")");
    List<String> set = new ArrayList<>();
    for (String c : cols) {
      if (!c.equals(key)) {
        set.add(maria(d) ? c + " = VALUES(" + c + ")" : c + " = EXCLUDED." + c);
      }
    }
    sb.append(maria(d) ? " ON DUPLICATE KEY UPDATE " : " ON CONFLICT (" + key + ") DO UPDATE SET ")
        .append(String.join(", ", set));
    return sb.toString();
  }

  // ------------------------------------------------------------------------------------------- JDBC

  /** Plain JDBC; {@code oldLayout} is true while release 2.0 is MIGRATED (old columns still written). */
  static HostOps jdbc(DataSource ds, Dialect d, boolean oldLayout) {
    String select = "SELECT h.id, h.hostname, n.ip_address, n.mac_address, o.name, o.version, h.memory_bytes,"
        + " h.cpu_count, " + (oldLayout ? "h.rack" : "NULL") + ", h.status, h.asset_tag, h.purchased_on,"
        + " h.monthly_cost, h.last_seen, h.monitored, h.ssh_fingerprint FROM host h"
        + " LEFT JOIN host_network n ON n.host_id = h.id LEFT JOIN host_os o ON o.host_id = h.id";
    String byId = select + " WHERE h.id = ?";
    String byHostname = select + " WHERE h.hostname = ? ORDER BY h.id";
    List<String> hostCols = oldLayout
        ? List.of("id", "name", "hostname", "ip", "mac", "os_name", "os_version", "memory_mb", "memory_bytes",
            "cpu_count", "rack", "status", "asset_tag", "purchased_on", "monthly_cost", "last_seen", "monitored",
            "ssh_fingerprint")
        : List.of("id", "hostname", "memory_bytes", "cpu_count", "status", "asset_tag", "purchased_on",
            "monthly_cost", "last_seen", "monitored", "ssh_fingerprint");
    String upsertHost = upsert(d, "host", "id", hostCols);
    String upsertNetwork = upsert(d, "host_network", "host_id", List.of("host_id", "ip_address", "mac_address"));
    String upsertOs = upsert(d, "host_os", "host_id", List.of("host_id", "name", "version"));
    return new HostOps() {
      @Override
      public Host findById(long id) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(byId)) {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? read(rs, d) : null;
          }
        }
      }

      @Override
      public List<Host> findByHostname(String hostname) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(byHostname)) {
          ps.setString(1, hostname);
          List<Host> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(read(rs, d));
            }
          }
          return out;
        }
      }

      @Override
      public void save(Host h) throws SQLException {
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          try {
            try (PreparedStatement ps = c.prepareStatement(upsertHost)) {
              int i = 1;
              ps.setLong(i++, h.id());
              if (oldLayout) {
                ps.setString(i++, h.hostname());
              }
              ps.setString(i++, h.hostname());
              if (oldLayout) {
                ps.setString(i++, h.ip());
                ps.setString(i++, h.mac());
                ps.setString(i++, h.osName());
                ps.setString(i++, h.osVersion());
                ps.setInt(i++, MB.toOld(h.memoryBytes()));
              }
              ps.setLong(i++, h.memoryBytes());
              ps.setInt(i++, h.cpuCount());
              if (oldLayout) {
                ps.setString(i++, h.rack());
              }
              ps.setString(i++, h.status().name());
              uuid(ps, i++, h.assetTag(), d);
              ps.setObject(i++, h.purchasedOn());
              ps.setBigDecimal(i++, h.monthlyCost());
              instant(ps, i++, h.lastSeen(), d);
              ps.setBoolean(i++, h.monitored());
              ps.setBytes(i, h.sshFingerprint());
              ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(upsertNetwork)) {
              ps.setLong(1, h.id());
              ps.setString(2, h.ip());
              ps.setString(3, h.mac());
              ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(upsertOs)) {
              ps.setLong(1, h.id());
              ps.setString(2, h.osName());
              ps.setString(3, h.osVersion());
              ps.executeUpdate();
            }
            c.commit();
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        }
      }
    };
  }

  private static Host read(ResultSet rs, Dialect d) throws SQLException {
    long bytes = rs.getLong(7);
    Long memoryBytes = rs.wasNull() ? null : bytes;
    String hostname = rs.getString(2);
    String status = rs.getString(10);
    Instant lastSeen;
    UUID asset;
    if (maria(d)) {
      LocalDateTime t = rs.getObject(14, LocalDateTime.class);
      lastSeen = t == null ? null : t.toInstant(ZoneOffset.UTC);
      String u = rs.getString(11);
      asset = u == null ? null : UUID.fromString(u);
    } else {
      OffsetDateTime t = rs.getObject(14, OffsetDateTime.class);
      lastSeen = t == null ? null : t.toInstant();
      asset = rs.getObject(11, UUID.class);
    }
    Integer mb = memoryBytes == null ? null : MB.toOld(memoryBytes);
    return new Host(rs.getLong(1), hostname, hostname, rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), mb == null ? 0 : mb, memoryBytes, rs.getInt(8), rs.getString(9),
        status == null ? null : HostStatus.valueOf(status), asset, rs.getObject(12, LocalDate.class),
        rs.getBigDecimal(13), lastSeen, rs.getBoolean(15), rs.getBytes(16));
  }

  private static void uuid(PreparedStatement ps, int i, UUID u, Dialect d) throws SQLException {
    if (maria(d)) {
      ps.setString(i, u == null ? null : u.toString());
    } else {
      ps.setObject(i, u);
    }
  }

  private static void instant(PreparedStatement ps, int i, Instant t, Dialect d) throws SQLException {
    if (maria(d)) {
      ps.setObject(i, t == null ? null : LocalDateTime.ofInstant(t, ZoneOffset.UTC));
    } else {
      ps.setObject(i, t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }
  }

  /** {@code host} alone on an EXPANDED shard (release 1.0's wide row is the source of truth there). */
  static Host hostFromOneTable(DataSource ds, Dialect d, long id) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, name, ip, mac,"
        + " os_name, os_version, memory_mb, cpu_count, rack, status, asset_tag, purchased_on, monthly_cost, last_seen,"
        + " monitored, ssh_fingerprint FROM host WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        int mb = rs.getInt(7);
        String name = rs.getString(2);
        String status = rs.getString(10);
        Instant lastSeen;
        UUID asset;
        if (maria(d)) {
          LocalDateTime t = rs.getObject(14, LocalDateTime.class);
          lastSeen = t == null ? null : t.toInstant(ZoneOffset.UTC);
          String u = rs.getString(11);
          asset = u == null ? null : UUID.fromString(u);
        } else {
          OffsetDateTime t = rs.getObject(14, OffsetDateTime.class);
          lastSeen = t == null ? null : t.toInstant();
          asset = rs.getObject(11, UUID.class);
        }
        return new Host(rs.getLong(1), name, name, rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), mb, MB.toNew(mb), rs.getInt(8), rs.getString(9),
            status == null ? null : HostStatus.valueOf(status), asset, rs.getObject(12, LocalDate.class),
            rs.getBigDecimal(13), lastSeen, rs.getBoolean(15), rs.getBytes(16));
      }
    }
  }

  /** {@code host_network} alone: a HostNetwork read where no old table is involved. */
  static HostNetwork networkFromOneTable(DataSource ds, long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT host_id, ip_address, mac_address FROM host_network"
            + " WHERE host_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new HostNetwork(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
      }
    }
  }

  // ------------------------------------------------------------------------------------------- jOOQ

  /** jOOQ's DSL over the same pool, as a team using jOOQ without code generation would write it. */
  static HostOps jooq(DataSource ds, Dialect d, boolean oldLayout) {
    DSLContext dsl = DSL.using(ds, d.jooq(), new Settings().withExecuteLogging(false));
    Table<?> h = table(name("host")).as("h");
    Table<?> n = table(name("host_network")).as("n");
    Table<?> o = table(name("host_os")).as("o");
    Field<Long> id = field(name("h", "id"), SQLDataType.BIGINT);
    Field<String> hostname = field(name("h", "hostname"), SQLDataType.VARCHAR);
    Field<String> ip = field(name("n", "ip_address"), SQLDataType.VARCHAR);
    Field<String> mac = field(name("n", "mac_address"), SQLDataType.VARCHAR);
    Field<String> osName = field(name("o", "name"), SQLDataType.VARCHAR);
    Field<String> osVersion = field(name("o", "version"), SQLDataType.VARCHAR);
    Field<Long> bytes = field(name("h", "memory_bytes"), SQLDataType.BIGINT);
    Field<Integer> cpu = field(name("h", "cpu_count"), SQLDataType.INTEGER);
    Field<String> rack = oldLayout ? field(name("h", "rack"), SQLDataType.VARCHAR) : DSL.inline(null, SQLDataType.VARCHAR);
    Field<String> status = field(name("h", "status"), SQLDataType.VARCHAR);
    Field<UUID> asset = field(name("h", "asset_tag"), uuidType(d));
    Field<LocalDate> purchased = field(name("h", "purchased_on"), SQLDataType.LOCALDATE);
    Field<BigDecimal> cost = field(name("h", "monthly_cost"), SQLDataType.NUMERIC(12, 2));
    Field<Instant> seen = field(name("h", "last_seen"), instantType(d));
    Field<Boolean> monitored = field(name("h", "monitored"), SQLDataType.BOOLEAN);
    Field<byte[]> fp = field(name("h", "ssh_fingerprint"), SQLDataType.VARBINARY);
    List<SelectField<?>> select = List.of(id, hostname, ip, mac, osName, osVersion, bytes, cpu, rack, status, asset,
        purchased, cost, seen, monitored, fp);
    var from = h.leftJoin(n).on(field(name("n", "host_id"), SQLDataType.BIGINT).eq(id))
        .leftJoin(o).on(field(name("o", "host_id"), SQLDataType.BIGINT).eq(id));
    return new HostOps() {
      private Host map(Record r) {
        Long b = r.get(bytes);
        return new Host(r.get(id), r.get(hostname), r.get(hostname), r.get(ip), r.get(mac), r.get(osName),
            r.get(osVersion), b == null ? 0 : MB.toOld(b), b, r.get(cpu), r.get(rack),
            r.get(status) == null ? null : HostStatus.valueOf(r.get(status)), r.get(asset), r.get(purchased),
            r.get(cost), r.get(seen), r.get(monitored), r.get(fp));
      }

      @Override
      public Host findById(long key) {
        Record r = dsl.select(select).from(from).where(id.eq(key)).fetchOne();
        return r == null ? null : map(r);
      }

      @Override
      public List<Host> findByHostname(String name) {
        return dsl.select(select).from(from).where(hostname.eq(name)).orderBy(id).fetch(this::map);
      }

      @Override
      public void save(Host x) {
        dsl.transaction(cfg -> {
          DSLContext tx = DSL.using(cfg);
          List<Field<?>> cols = new ArrayList<>();
          List<Object> vals = new ArrayList<>();
          col(cols, vals, "id", SQLDataType.BIGINT, x.id());
          if (oldLayout) {
            col(cols, vals, "name", SQLDataType.VARCHAR, x.hostname());
          }
          col(cols, vals, "hostname", SQLDataType.VARCHAR, x.hostname());
          if (oldLayout) {
            col(cols, vals, "ip", SQLDataType.VARCHAR, x.ip());
            col(cols, vals, "mac", SQLDataType.VARCHAR, x.mac());
            col(cols, vals, "os_name", SQLDataType.VARCHAR, x.osName());
            col(cols, vals, "os_version", SQLDataType.VARCHAR, x.osVersion());
            col(cols, vals, "memory_mb", SQLDataType.INTEGER, MB.toOld(x.memoryBytes()));
          }
          col(cols, vals, "memory_bytes", SQLDataType.BIGINT, x.memoryBytes());
          col(cols, vals, "cpu_count", SQLDataType.INTEGER, x.cpuCount());
          if (oldLayout) {
            col(cols, vals, "rack", SQLDataType.VARCHAR, x.rack());
          }
          col(cols, vals, "status", SQLDataType.VARCHAR, x.status().name());
          col(cols, vals, "asset_tag", uuidType(d), x.assetTag());
          col(cols, vals, "purchased_on", SQLDataType.LOCALDATE, x.purchasedOn());
          col(cols, vals, "monthly_cost", SQLDataType.NUMERIC(12, 2), x.monthlyCost());
          col(cols, vals, "last_seen", instantType(d), x.lastSeen());
          col(cols, vals, "monitored", SQLDataType.BOOLEAN, x.monitored());
          col(cols, vals, "ssh_fingerprint", SQLDataType.VARBINARY, x.sshFingerprint());
          upsertJooq(tx, "host", cols, vals);
          List<Field<?>> nc = new ArrayList<>();
          List<Object> nv = new ArrayList<>();
          col(nc, nv, "host_id", SQLDataType.BIGINT, x.id());
          col(nc, nv, "ip_address", SQLDataType.VARCHAR, x.ip());
          col(nc, nv, "mac_address", SQLDataType.VARCHAR, x.mac());
          upsertJooq(tx, "host_network", nc, nv);
          List<Field<?>> oc = new ArrayList<>();
          List<Object> ov = new ArrayList<>();
          col(oc, ov, "host_id", SQLDataType.BIGINT, x.id());
          col(oc, ov, "name", SQLDataType.VARCHAR, x.osName());
          col(oc, ov, "version", SQLDataType.VARCHAR, x.osVersion());
          upsertJooq(tx, "host_os", oc, ov);
        });
      }
    };
  }

  private static <T> void col(List<Field<?>> cols, List<Object> vals, String column, DataType<T> type, T value) {
    Field<T> f = field(name(column), type);
    cols.add(f);
    vals.add(DSL.val(value, f));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void upsertJooq(DSLContext tx, String table, List<Field<?>> cols, List<Object> vals) {
    InsertValuesStepN<?> insert = tx.insertInto(table(name(table)), cols).values((List) vals);
    java.util.Map<Field<?>, Object> set = new java.util.LinkedHashMap<>();
    for (int i = 1; i < cols.size(); i++) {
      set.put(cols.get(i), excluded(cols.get(i)));
    }
    insert.onConflict(cols.get(0)).doUpdate().set(set).execute();
  }

  private static DataType<UUID> uuidType(Dialect d) {
    if (!maria(d)) {
      return SQLDataType.UUID;
    }
    return SQLDataType.CHAR(36).asConvertedDataType(org.jooq.Converter.ofNullable(String.class, UUID.class,
        UUID::fromString, UUID::toString));
  }

  private static DataType<Instant> instantType(Dialect d) {
    if (!maria(d)) {
      return SQLDataType.TIMESTAMPWITHTIMEZONE(6).asConvertedDataType(org.jooq.Converter.ofNullable(
          OffsetDateTime.class, Instant.class, OffsetDateTime::toInstant, i -> OffsetDateTime.ofInstant(i, ZoneOffset.UTC)));
    }
    return SQLDataType.LOCALDATETIME(6).asConvertedDataType(org.jooq.Converter.ofNullable(LocalDateTime.class,
        Instant.class, t -> t.toInstant(ZoneOffset.UTC), i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC)));
  }
}
