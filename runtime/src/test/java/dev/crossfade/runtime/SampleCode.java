package dev.crossfade.runtime;

import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Version;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.tools.JavaFileObject;

/**
 * One release of the sample application, compiled in memory with the processor and loaded in its own class
 * loader, so that release 1.0 and release 2.0 — two {@code Host} classes, two generated repositories — run
 * side by side in one JVM like two servers of a mixed fleet. Entities are built and read through their
 * record components by name, so tests speak of fields, not of one release's classes.
 */
final class SampleCode {
  static final long MB = 1_048_576L;
  private static SampleCode v1;
  private static SampleCode v2;

  final Version release;
  final ClassLoader loader;
  private final Class<?> host;
  private final Class<?> repository;
  private final Class<?> status;
  private final Class<?> search;
  private final Class<?> network;
  private final Class<?> os;
  private final Class<?> networkSearch;

  private SampleCode(Version release, Path domain) {
    this.release = release;
    List<JavaFileObject> sources = new ArrayList<>(CompiledDomain.sources(domain));
    sources.addAll(CompiledDomain.sources(domain.resolveSibling("repository")));
    sources.add(searchSource(release));
    if (release.equals(Version.parse("2.0"))) {
      sources.add(networkSearchSource());
    }
    this.loader = CompiledDomain.compile(sources).classLoader();
    try {
      this.host = loader.loadClass("dev.crossfade.sample.domain.Host");
      this.repository = loader.loadClass("dev.crossfade.sample.repository.HostRepository");
      this.status = loader.loadClass("dev.crossfade.sample.domain.HostStatus");
      this.search = loader.loadClass("dev.crossfade.sample.repository.HostSearch");
      boolean v2 = release.equals(Version.parse("2.0"));
      this.network = v2 ? loader.loadClass("dev.crossfade.sample.domain.HostNetwork") : null;
      this.os = v2 ? loader.loadClass("dev.crossfade.sample.domain.HostOs") : null;
      this.networkSearch = v2 ? loader.loadClass("dev.crossfade.sample.repository.HostNetworkSearch") : null;
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A test-only repository beside the sample's {@code HostRepository}: the pattern finders (the sample has
   * none) and finders on the other text columns, on the name field this release has.
   */
  private static JavaFileObject searchSource(Version release) {
    String name = release.equals(Version.parse("1.0")) ? "Name" : "Hostname";
    return com.google.testing.compile.JavaFileObjects.forSourceString("dev.crossfade.sample.repository.HostSearch",
        "package dev.crossfade.sample.repository;\n"
            + "import dev.crossfade.Repository;\n"
            + "import dev.crossfade.runtime.repository.CrossfadeRepository;\n"
            + "import dev.crossfade.sample.domain.Host;\n"
            + "import java.util.Collection;\n"
            + "import java.util.List;\n"
            + "@SuppressWarnings(\"crossfade:finder-scans\") // the scans inside a release window are under test\n"
            + "@Repository\n"
            + "public interface HostSearch extends CrossfadeRepository<Host, Long> {\n"
            + "  List<Host> findBy" + name + "StartingWith(String prefix);\n"
            + "  List<Host> findBy" + name + "EndingWith(String suffix);\n"
            + "  List<Host> findBy" + name + "Containing(String part);\n"
            + "  List<Host> findBy" + name + "Like(String pattern);\n"
            + "  List<Host> findBy" + name + "NotLike(String pattern);\n"
            + "  long countBy" + name + "Containing(String part);\n"
            + "  List<Host> findByRackIn(Collection<String> racks);\n"
            + "  List<Host> findByOsNameAndOsVersion(String osName, String osVersion);\n"
            + "  boolean existsByRack(String rack);\n"
            + "  long deleteByRack(String rack);\n"
            + (name.equals("Hostname") ? "  List<Host> findByMemoryBytesGreaterThanOrderByMemoryBytesDesc(Long bytes);\n"
                + "  long countByMemoryBytesGreaterThan(Long bytes);\n" : "")
            + "}\n");
  }

  /** Release 2.0's finders on a split-off entity, whose rows are host's rows until 2.0 is MIGRATED. */
  private static JavaFileObject networkSearchSource() {
    return com.google.testing.compile.JavaFileObjects.forSourceString(
        "dev.crossfade.sample.repository.HostNetworkSearch",
        "package dev.crossfade.sample.repository;\n"
            + "import dev.crossfade.Repository;\n"
            + "import dev.crossfade.runtime.repository.CrossfadeRepository;\n"
            + "import dev.crossfade.sample.domain.HostNetwork;\n"
            + "import java.util.List;\n"
            + "@SuppressWarnings(\"crossfade:finder-scans\") // the scans inside a release window are under test\n"
            + "@Repository\n"
            + "public interface HostNetworkSearch extends CrossfadeRepository<HostNetwork, Long> {\n"
            + "  List<HostNetwork> findByIpAddress(String ipAddress);\n"
            + "  List<HostNetwork> findByMacAddressStartingWithOrderByIpAddressDesc(String prefix);\n"
            + "  long countByIpAddress(String ipAddress);\n"
            + "  boolean existsByMacAddress(String macAddress);\n"
            + "}\n");
  }

  static synchronized SampleCode v1() {
    if (v1 == null) {
      v1 = new SampleCode(Version.parse("1.0"), CompiledDomain.RELEASE_1_0);
    }
    return v1;
  }

  static synchronized SampleCode v2() {
    if (v2 == null) {
      v2 = new SampleCode(Version.parse("2.0"), CompiledDomain.RELEASE_2_0);
    }
    return v2;
  }

  /** A server of this release on the shards, beating every 200 ms so gates see it quickly. */
  Crossfade start(String serverId, Shard... shards) {
    return Crossfade.builder().shards(shards).serverId(serverId).classLoader(loader)
        .lease(Duration.ofSeconds(60)).heartbeat(Duration.ofMillis(200)).start();
  }

  /** A server of this release whose repositories join the caller's transactions through {@code binding}. */
  Crossfade start(String serverId, TransactionBinding binding, Duration heartbeat, Shard... shards) {
    return Crossfade.builder().shards(shards).serverId(serverId).classLoader(loader).transactions(binding)
        .lease(heartbeat.multipliedBy(3).compareTo(Duration.ofSeconds(60)) < 0 ? Duration.ofSeconds(60)
            : heartbeat.multipliedBy(3)).heartbeat(heartbeat).start();
  }

  /** This release's generated repository of {@code AuditEntry} (release 1.0's table, kept by 2.0 until contract). */
  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> audits(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repositoryOf(auditClass(), shard);
  }

  /** An {@code AuditEntry} of this release. */
  Object audit(long id, long hostId, String action) {
    try {
      return auditClass().getDeclaredConstructor(long.class, long.class, String.class, java.time.LocalDateTime.class)
          .newInstance(id, hostId, action, java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(id));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private Class<?> auditClass() {
    try {
      return loader.loadClass("dev.crossfade.sample.domain.AuditEntry");
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> hosts(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repository(repository, shard);
  }

  boolean isV2() {
    return release.equals(Version.parse("2.0"));
  }

  /** The logical host as this release's {@code Host}: 2.0 writes {@code hostname} and {@code memoryBytes}. */
  Object host(HostRow row) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", row.id());
    values.put("name", isV2() ? null : row.name());
    values.put("hostname", row.name());
    values.put("ip", row.ip());
    values.put("mac", row.mac());
    values.put("osName", row.osName());
    values.put("osVersion", row.osVersion());
    values.put("memoryMb", isV2() ? 0 : row.memoryMb());
    values.put("memoryBytes", row.memoryMb() * MB);
    values.put("cpuCount", row.cpuCount());
    values.put("rack", row.rack());
    values.put("status", statusOf(row.status()));
    values.put("assetTag", row.assetTag());
    values.put("purchasedOn", row.purchasedOn());
    values.put("monthlyCost", row.monthlyCost());
    values.put("lastSeen", row.lastSeen());
    values.put("monitored", row.monitored());
    values.put("sshFingerprint", row.sshFingerprint());
    return build(values);
  }

  Object build(Map<String, Object> values) {
    RecordComponent[] components = host.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = values.get(components[i].getName());
    }
    try {
      Constructor<?> c = host.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The entity's fields by name, enums by constant name, byte arrays as lists (comparable with equals). */
  Map<String, Object> view(Object entity) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : host.getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(entity);
        out.put(c.getName(), comparable(v));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** What this release should read for the logical host, where {@code rackGone} says 2.0 reads no rack. */
  Map<String, Object> expected(HostRow row, boolean rackGone) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : host.getRecordComponents()) {
      Object v = switch (c.getName()) {
        case "id" -> row.id();
        case "name", "hostname" -> row.name();
        case "ip" -> row.ip();
        case "mac" -> row.mac();
        case "osName" -> row.osName();
        case "osVersion" -> row.osVersion();
        case "memoryMb" -> row.memoryMb();
        case "memoryBytes" -> row.memoryMb() * MB;
        case "cpuCount" -> row.cpuCount();
        case "rack" -> rackGone ? null : row.rack();
        case "status" -> row.status();
        case "assetTag" -> row.assetTag();
        case "purchasedOn" -> row.purchasedOn();
        case "monthlyCost" -> row.monthlyCost();
        case "lastSeen" -> row.lastSeen();
        case "monitored" -> row.monitored();
        case "sshFingerprint" -> row.sshFingerprint();
        default -> throw new AssertionError("unexpected field " + c.getName());
      };
      out.put(c.getName(), comparable(v));
    }
    return out;
  }

  private static Object comparable(Object v) {
    if (v instanceof byte[] b) {
      List<Byte> l = new ArrayList<>();
      for (byte x : b) {
        l.add(x);
      }
      return l;
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    return v;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Object statusOf(String name) {
    return name == null ? null : Enum.valueOf((Class) status, name);
  }

  /** Release 2.0's finders on {@code HostNetwork} (test-only). */
  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> networkSearch(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repository(networkSearch, shard);
  }

  /** Release 2.0's generated repository of {@code HostOs}. */
  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> oses(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repositoryOf(os, shard);
  }

  Object callNetworkSearch(CrossfadeRepository<Object, Object> repo, String method, Object... args) {
    return invoke(networkSearch, repo, method, args);
  }

  /** Any record's components by name, comparable with equals. */
  static Map<String, Object> record(Object entity) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : entity.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), comparable(c.getAccessor().invoke(entity)));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** This release's test-only {@code HostSearch} repository (pattern finders). */
  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> search(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repository(search, shard);
  }

  /** Calls a finder of {@code HostSearch} by name. */
  Object callSearch(CrossfadeRepository<Object, Object> repo, String method, Object... args) {
    return invoke(search, repo, method, args);
  }

  /** Calls a finder of this release's {@code HostRepository} by name. */
  Object call(CrossfadeRepository<Object, Object> repo, String method, Object... args) {
    return invoke(repository, repo, method, args);
  }

  private static Object invoke(Class<?> type, Object repo, String method, Object... args) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(repo, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + method + " on " + type);
  }

  /** A logical host: what the last writer meant, in release-neutral terms (the oracle of the matrix). */
  record HostRow(long id, String name, String ip, String mac, String osName, String osVersion, int memoryMb,
      int cpuCount, String rack, String status, UUID assetTag, LocalDate purchasedOn, BigDecimal monthlyCost,
      Instant lastSeen, boolean monitored, byte[] sshFingerprint) {

    /** A host whose every value depends on {@code id} and {@code version}, so a stale value shows. */
    static HostRow of(long id, int version, int cpuCount) {
      return new HostRow(id, "host-" + id + "-v" + version, "10.1." + id + "." + version,
          "02:00:00:00:" + String.format("%02x:%02x", id % 256, version), "os" + version, version + "." + id,
          256 * (version + 1), cpuCount, "rack-" + version, version % 2 == 0 ? "ACTIVE" : "PROVISIONING",
          new UUID(id, version), LocalDate.of(2020, 1, 1).plusDays(id + version), new BigDecimal(id + "." + version + "5"),
          Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 1000 + version).plusNanos(123_456_000),
          version % 2 == 1, new byte[] {(byte) id, (byte) version, 0, -1});
    }

    HostRow withCpuCount(int n) {
      return new HostRow(id, name, ip, mac, osName, osVersion, memoryMb, n, rack, status, assetTag, purchasedOn,
          monthlyCost, lastSeen, monitored, sshFingerprint);
    }

    HostRow withRack(String r) {
      return new HostRow(id, name, ip, mac, osName, osVersion, memoryMb, cpuCount, r, status, assetTag, purchasedOn,
          monthlyCost, lastSeen, monitored, sshFingerprint);
    }
  }
}
