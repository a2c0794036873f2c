package dev.crossfade.sample.demo;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shards;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Version;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One release of the app's code, loaded in its own class loader: its {@code Host} record, its generated
 * {@code HostRepository} and its plan. The demo speaks of hosts as {@link HostFacts} and lets each release
 * translate them into its own entity, so the same traffic runs on servers of 1.0 and 2.0 side by side.
 */
public final class ReleaseCode {
  public static final Version V1 = Version.parse("1.0");
  public static final Version V2 = Version.parse("2.0");

  private static final Map<Version, ReleaseCode> LOADED = new HashMap<>();

  private final Version release;
  private final ClassLoader loader;
  private final Class<?> host;
  private final Class<?> repository;
  private final Class<?> status;
  private final Map<String, Method> finders = new HashMap<>();
  private final Method idAccessor;

  private ReleaseCode(Version release, ClassLoader loader) {
    this.release = release;
    this.loader = loader;
    try {
      this.host = Class.forName("dev.crossfade.sample.domain.Host", true, loader);
      this.repository = Class.forName("dev.crossfade.sample.repository.HostRepository", true, loader);
      this.status = Class.forName("dev.crossfade.sample.domain.HostStatus", true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("release " + release + " of the app is not in this jar: " + e.getMessage(), e);
    }
    for (Method m : repository.getMethods()) {
      finders.put(m.getName() + "/" + m.getParameterCount(), m);
    }
    this.idAccessor = java.util.Arrays.stream(host.getRecordComponents()).filter(c -> c.getName().equals("id"))
        .findFirst().orElseThrow(() -> new IllegalStateException("release " + release + "'s Host has no id"))
        .getAccessor();
  }

  /** Release 2.0 is the app itself; release 1.0 comes from the jar's {@code release-1.0/} folder. */
  public static synchronized ReleaseCode of(Version release) {
    return LOADED.computeIfAbsent(release, r -> {
      ClassLoader app = ReleaseCode.class.getClassLoader();
      if (r.equals(V2)) {
        return new ReleaseCode(r, app);
      }
      URL folder = app.getResource("release-" + r + "/META-INF/crossfade/index.properties");
      if (folder == null) {
        throw new IllegalStateException("release " + r + " of the app is not in this jar (no release-" + r
            + "/); build it with `mvn -pl sample-app -am package`");
      }
      String base = folder.toString();
      try {
        URL root = new URL(base.substring(0, base.length() - "META-INF/crossfade/index.properties".length()));
        return new ReleaseCode(r, new ReleaseClassLoader(r.toString(), root, app));
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  public Version release() {
    return release;
  }

  boolean isV2() {
    return release.equals(V2);
  }

  /** A server of this release on every shard. */
  Crossfade start(String serverId, Shards shards, Duration lease, Duration heartbeat) {
    return Crossfade.builder().shards(shards).serverId(serverId).classLoader(loader).lease(lease)
        .heartbeat(heartbeat).start();
  }

  @SuppressWarnings("unchecked")
  CrossfadeRepository<Object, Object> hosts(Crossfade crossfade, String shard) {
    return (CrossfadeRepository<Object, Object>) crossfade.repository(repository, shard);
  }

  /** This release's {@code Host} for the facts: 2.0 writes {@code hostname} and {@code memoryBytes}. */
  Object entity(HostFacts f) {
    RecordComponent[] components = host.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = switch (components[i].getName()) {
        case "id" -> f.id();
        case "name" -> isV2() ? null : f.name();
        case "hostname" -> f.name();
        case "ip" -> f.ip();
        case "mac" -> f.mac();
        case "osName" -> f.osName();
        case "osVersion" -> f.osVersion();
        case "memoryMb" -> isV2() ? 0 : f.memoryMb();
        case "memoryBytes" -> f.memoryMb() * HostFacts.MB;
        case "cpuCount" -> f.cpuCount();
        case "rack" -> f.rack();
        case "status" -> statusOf(f.status());
        case "assetTag" -> f.assetTag();
        case "purchasedOn" -> f.purchasedOn();
        case "monthlyCost" -> f.monthlyCost();
        case "lastSeen" -> f.lastSeen();
        case "monitored" -> f.monitored();
        case "sshFingerprint" -> f.sshFingerprint();
        default -> throw new IllegalStateException("release " + release + " has an unknown field " + components[i]);
      };
    }
    try {
      return host.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The entity's id, without reading the rest of it. */
  long id(Object entity) {
    try {
      return (Long) idAccessor.invoke(entity);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The facts as this release reads them. 1.0 knows no cpu count ({@code keptCpuCount} fills it in); 2.0
   * reads {@code memoryBytes}, which must be a whole number of megabytes for the facts to round-trip.
   */
  HostFacts facts(Object entity, int keptCpuCount) {
    Map<String, Object> v = new HashMap<>();
    for (RecordComponent c : host.getRecordComponents()) {
      try {
        v.put(c.getName(), c.getAccessor().invoke(entity));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    int memoryMb;
    if (isV2()) {
      Long bytes = (Long) v.get("memoryBytes");
      memoryMb = bytes == null ? -1 : bytes % HostFacts.MB != 0 ? -2 : (int) (bytes / HostFacts.MB);
    } else {
      memoryMb = (Integer) v.get("memoryMb");
    }
    Object st = v.get("status");
    return new HostFacts((Long) v.get("id"), (String) v.get(isV2() ? "hostname" : "name"), (String) v.get("ip"),
        (String) v.get("mac"), (String) v.get("osName"), (String) v.get("osVersion"), memoryMb,
        isV2() ? (Integer) v.get("cpuCount") : keptCpuCount, (String) v.get("rack"),
        st == null ? null : ((Enum<?>) st).name(), (UUID) v.get("assetTag"), (LocalDate) v.get("purchasedOn"),
        (BigDecimal) v.get("monthlyCost"), (Instant) v.get("lastSeen"), (Boolean) v.get("monitored"),
        (byte[]) v.get("sshFingerprint"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Object statusOf(String name) {
    return name == null ? null : Enum.valueOf((Class) status, name);
  }

  /** Calls a finder of this release's {@code HostRepository} by name. */
  Object call(CrossfadeRepository<Object, Object> repo, String finder, Object... args) {
    Method m = finders.get(finder + "/" + args.length);
    if (m == null) {
      throw new IllegalArgumentException("release " + release + " has no finder " + finder);
    }
    try {
      return m.invoke(repo, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
