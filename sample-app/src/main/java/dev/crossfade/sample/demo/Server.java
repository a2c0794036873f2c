package dev.crossfade.sample.demo;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shards;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.FieldNotSupportedException;
import dev.crossfade.runtime.repository.RepositoryException;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One application server of the cluster: a slot that runs release 1.0 or 2.0 and sends realistic traffic
 * (creates, updates, reads, finders, deletes) to every shard on one worker thread. Each slot owns a block of
 * host ids and is their only writer, so the {@link Oracle} knows exactly what every read must return. An
 * upgrade stops the worker, closes the 1.0 server and starts a 2.0 server with the same id on the same hosts.
 */
final class Server {
  static final long ID_BLOCK = 100_000_000L;
  private static final String[] STATUSES = {"PROVISIONING", "ACTIVE", "RETIRED"};

  final int slot;
  final String id;
  private final Shards shards;
  private final List<String> shardNames;
  private final Oracle oracle;
  private final Stats stats;
  private final Function<String, Phase> mayBe;
  private final Function<String, java.util.concurrent.locks.Lock> gate;
  private final Duration lease;
  private final Duration heartbeat;
  private final Random random;
  private final Map<String, List<Long>> own = new HashMap<>();
  private long nextId;

  private volatile ReleaseCode code;
  private volatile Crossfade crossfade;
  private volatile boolean running;
  private Thread worker;

  Server(int slot, Shards shards, Oracle oracle, Stats stats, Function<String, Phase> mayBe,
      Function<String, java.util.concurrent.locks.Lock> gate, Duration lease, Duration heartbeat, long seed) {
    this.gate = gate;
    this.slot = slot;
    this.id = "app-" + slot;
    this.shards = shards;
    this.shardNames = shards.all().stream().map(s -> s.name()).toList();
    this.oracle = oracle;
    this.stats = stats;
    this.mayBe = mayBe;
    this.lease = lease;
    this.heartbeat = heartbeat;
    this.random = new Random(seed * 31 + slot);
    this.nextId = slot * ID_BLOCK + 1;
    shardNames.forEach(s -> own.put(s, new ArrayList<>()));
  }

  Version release() {
    ReleaseCode c = code;
    return c == null ? null : c.release();
  }

  boolean live() {
    return crossfade != null;
  }

  /** Starts this slot's server at {@code release} (registering it in every shard's fleet); no traffic yet. */
  void start(Version release) {
    code = ReleaseCode.of(release);
    crossfade = code.start(id, shards, lease, heartbeat);
  }

  /** Writes {@code n} hosts to every shard with {@code saveAll}, before traffic starts. */
  void seed(int n) {
    for (String shard : shardNames) {
      CrossfadeRepository<Object, Object> repo = code.hosts(crossfade, shard);
      List<HostFacts> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(newHost(repo));
        if (batch.size() == 100 || i == n - 1) {
          repo.saveAll(batch.stream().map(code::entity).toList());
          for (HostFacts f : batch) {
            oracle.wrote(shard, f);
            own.get(shard).add(f.id());
          }
          batch.clear();
        }
      }
    }
  }

  void startTraffic() {
    running = true;
    worker = new Thread(this::loop, id + "-" + code.release());
    worker.setDaemon(true);
    worker.start();
  }

  void stopTraffic() {
    running = false;
    if (worker != null) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
  }

  /** Stops traffic, leaves the fleet and starts again at {@code release}, like a rolling server upgrade. */
  void upgrade(Version release) {
    stopTraffic();
    crossfade.close();
    start(release);
    startTraffic();
  }

  /** Stops traffic and leaves every shard's fleet for good. */
  void retire() {
    stopTraffic();
    if (crossfade != null) {
      crossfade.close();
      crossfade = null;
    }
  }

  private void loop() {
    while (running) {
      String shard = shardNames.get(random.nextInt(shardNames.size()));
      List<Long> ids = own.get(shard);
      int dice = random.nextInt(100);
      CrossfadeRepository<Object, Object> repo = code.hosts(crossfade, shard);
      Phase seen = crossfade.phases().state(repo.shard()).phase(ReleaseCode.V2);
      long target = -1;
      boolean write = false;
      java.util.concurrent.locks.Lock held = gate.apply(shard);
      held.lock();
      try {
        if (dice < 20 || ids.size() < 10) {
          write = true;
          HostFacts f = newHost(repo);
          target = f.id();
          repo.save(code.entity(f));
          oracle.wrote(shard, f);
          ids.add(f.id());
        } else if (dice < 45) {
          write = true;
          HostFacts before = oracle.get(shard, target = pick(ids));
          HostFacts after = changed(before, repo);
          repo.save(code.entity(after));
          oracle.wrote(shard, after);
        } else if (dice < 75) {
          target = pick(ids);
          read(repo, shard, target);
        } else if (dice < 95) {
          target = pick(ids);
          finder(repo, shard, target);
        } else {
          write = true;
          target = pick(ids);
          repo.deleteById(target);
          oracle.deleted(shard, target);
          ids.remove(Long.valueOf(target));
        }
        stats.op(code.release(), seen);
      } catch (ShardRefusedException | FieldNotSupportedException e) {
        stats.refused(code.release(), e.getMessage()); // nothing was written: the oracle stays as it was
      } catch (RepositoryException e) {
        if (e.retryable()) {
          stats.retried(code.release()); // rolled back whole: the oracle stays as it was
        } else {
          failed(shard, target, write, e);
        }
      } catch (RuntimeException e) {
        failed(shard, target, write, e);
      } finally {
        held.unlock();
      }
    }
  }

  private void failed(String shard, long target, boolean write, RuntimeException e) {
    stats.error(id + " (" + code.release() + ") on " + shard + ", host " + target + ": " + e);
    if (write && target > 0) {
      oracle.uncertain(shard, target, e.toString());
    }
  }

  private long pick(List<Long> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  private String who() {
    return id + " at " + code.release();
  }

  private void read(CrossfadeRepository<Object, Object> repo, String shard, long id) {
    HostFacts expected = oracle.get(shard, id);
    Optional<Object> read = repo.findById(id);
    oracle.check(shard, id, who() + ", findById", expected, read.map(e -> facts(e, expected)).orElse(null),
        rackMayBeGone(shard));
  }

  private boolean rackMayBeGone(String shard) {
    return code.isV2() && Oracle.rackMayBeGone(mayBe.apply(shard));
  }

  private HostFacts facts(Object entity, HostFacts expected) {
    return code.facts(entity, expected == null ? 1 : expected.cpuCount());
  }

  @SuppressWarnings("unchecked")
  private void finder(CrossfadeRepository<Object, Object> repo, String shard, long id) {
    HostFacts f = oracle.get(shard, id);
    String byName = code.isV2() ? "Hostname" : "Name";
    switch (random.nextInt(6)) {
      case 0, 1 -> {
        Optional<Object> found = (Optional<Object>) code.call(repo, "findBy" + byName, f.name());
        oracle.check(shard, id, who() + ", findBy" + byName, f, found.map(e -> facts(e, f)).orElse(null),
            rackMayBeGone(shard));
      }
      case 2 -> {
        boolean exists = (Boolean) code.call(repo, "existsBy" + byName, f.name());
        oracle.counted();
        if (!exists) {
          oracle.mismatch(new Oracle.Mismatch(shard, id, who() + ", existsBy" + byName, "exists", true, false));
        }
      }
      case 3 -> {
        String status = STATUSES[random.nextInt(STATUSES.length)];
        List<Object> found = (List<Object>) code.call(repo, "findByStatus", code.statusOf(status));
        ownMatches(shard, "findByStatus(" + status + ")", found, h -> status.equals(h.status()));
      }
      case 4 -> {
        String status = STATUSES[random.nextInt(STATUSES.length)];
        long count = (Long) code.call(repo, "countByStatus", code.statusOf(status));
        long mine = oracle.rows(shard).values().stream()
            .filter(h -> h.id() / ID_BLOCK == slot && status.equals(h.status())).count();
        oracle.counted();
        if (count < mine) {
          oracle.mismatch(new Oracle.Mismatch(shard, -1, who() + ", countByStatus(" + status + ")",
              "count (at least this server's own hosts)", ">= " + mine, count));
        }
      }
      default -> {
        if (code.isV2()) {
          int cpus = 1 + random.nextInt(32);
          List<Object> found = (List<Object>) code.call(repo, "findByStatusInAndCpuCountGreaterThanEqual",
              List.of(code.statusOf("ACTIVE"), code.statusOf("PROVISIONING")), cpus);
          ownMatches(shard, "findByStatusInAndCpuCountGreaterThanEqual([ACTIVE, PROVISIONING], " + cpus + ")", found,
              h -> ("ACTIVE".equals(h.status()) || "PROVISIONING".equals(h.status())) && h.cpuCount() >= cpus);
        } else {
          List<Object> found = (List<Object>) code.call(repo, "findByStatusOrderByNameDesc", code.statusOf("RETIRED"));
          ownMatches(shard, "findByStatusOrderByNameDesc(RETIRED)", found, h -> "RETIRED".equals(h.status()));
        }
      }
    }
  }

  /** The finder's result, cut down to this slot's hosts, must be exactly the slot's hosts that match. */
  private void ownMatches(String shard, String finder, Collection<Object> found,
      java.util.function.Predicate<HostFacts> matches) {
    Map<Long, HostFacts> rows = oracle.rows(shard);
    Set<Long> expected = new HashSet<>();
    rows.forEach((k, h) -> {
      if (k / ID_BLOCK == slot && matches.test(h)) {
        expected.add(k);
      }
    });
    Set<Long> seen = new HashSet<>();
    for (Object entity : found) {
      long id = code.id(entity);
      if (id / ID_BLOCK != slot) {
        continue;
      }
      seen.add(id);
      HostFacts want = rows.get(id);
      oracle.check(shard, id, who() + ", " + finder, want, facts(entity, want), rackMayBeGone(shard));
    }
    for (long k : expected) {
      if (!seen.contains(k) && !oracle.isUncertain(shard, k)) {
        oracle.mismatch(new Oracle.Mismatch(shard, k, who() + ", " + finder, "the row", "found", "not found"));
      }
    }
  }

  private HostFacts newHost(CrossfadeRepository<Object, Object> repo) {
    long hostId = nextId++;
    boolean v2 = code.isV2();
    int cpus = v2 && repo.supports("cpuCount") ? 1 + random.nextInt(64) : 1;
    return new HostFacts(hostId, "s" + slot + "-host-" + hostId, ip(), mac(), random.nextBoolean() ? "linux" : "bsd",
        (1 + random.nextInt(9)) + "." + random.nextInt(20), 512 * (1 + random.nextInt(128)), cpus,
        v2 ? null : "rack-" + random.nextInt(40), STATUSES[random.nextInt(STATUSES.length)], new UUID(slot, hostId),
        LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)),
        BigDecimal.valueOf(random.nextInt(1_000_000), 2),
        Instant.parse("2026-01-01T00:00:00Z").plus(random.nextInt(10_000_000), ChronoUnit.SECONDS),
        random.nextBoolean(), random.nextInt(4) == 0 ? null : fingerprint());
  }

  /**
   * A new version of a host: status, memory, network, OS and cost change. 1.0 moves racks but knows no cpu
   * count (its update leaves it alone); 2.0 no longer uses racks (it writes back what it has) and sets the
   * cpu count only where the shard supports it.
   */
  private HostFacts changed(HostFacts h, CrossfadeRepository<Object, Object> repo) {
    boolean v2 = code.isV2();
    int cpus = v2 && repo.supports("cpuCount") ? 1 + random.nextInt(64) : h.cpuCount();
    String rack = v2 ? h.rack() : random.nextInt(5) == 0 ? null : "rack-" + random.nextInt(40);
    String name = random.nextInt(4) == 0 ? "s" + slot + "-host-" + h.id() + "-v" + random.nextInt(1000) : h.name();
    return new HostFacts(h.id(), name, ip(), mac(), h.osName(), (1 + random.nextInt(9)) + "." + random.nextInt(20),
        512 * (1 + random.nextInt(128)), cpus, rack, STATUSES[random.nextInt(STATUSES.length)], h.assetTag(),
        h.purchasedOn(), BigDecimal.valueOf(random.nextInt(1_000_000), 2), Instant.now().truncatedTo(ChronoUnit.SECONDS),
        !h.monitored(), h.sshFingerprint());
  }

  private String ip() {
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
  }

  private String mac() {
    return String.format(Locale.ROOT, "02:00:%02x:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256),
        random.nextInt(256));
  }

  private byte[] fingerprint() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }
}
