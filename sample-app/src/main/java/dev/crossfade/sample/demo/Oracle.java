package dev.crossfade.sample.demo;

import dev.crossfade.schema.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the demo's servers wrote, per shard and host id, and every disagreement seen between that and what a
 * server read back. Each host id belongs to one server slot, whose worker is the only writer of it, so what the
 * oracle holds is exactly what a correct cluster must return, whatever the phases did in between.
 */
public final class Oracle {
  /** One host read back wrong, or lost, or brought back after its delete. */
  public record Mismatch(String shard, long id, String who, String field, Object expected, Object actual) {
    public String line() {
      return "shard " + shard + ", host " + id + " (" + who + "): " + field + " expected " + expected + " but was "
          + actual;
    }
  }

  private final Map<String, ConcurrentHashMap<Long, HostFacts>> rows = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> deleted = new ConcurrentHashMap<>();
  private final Map<String, Map<Long, String>> uncertain = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Mismatch> mismatches = new ConcurrentLinkedQueue<>();
  private final AtomicLong checkedReads = new AtomicLong();

  Oracle(List<String> shards) {
    for (String s : shards) {
      rows.put(s, new ConcurrentHashMap<>());
      deleted.put(s, ConcurrentHashMap.newKeySet());
      uncertain.put(s, new ConcurrentHashMap<>());
    }
  }

  void wrote(String shard, HostFacts f) {
    rows.get(shard).put(f.id(), f);
  }

  void deleted(String shard, long id) {
    rows.get(shard).remove(id);
    deleted.get(shard).add(id);
  }

  /** A write whose outcome is unknown (the connection broke at commit): either state is accepted at the end. */
  void uncertain(String shard, long id, String why) {
    uncertain.get(shard).put(id, why);
  }

  HostFacts get(String shard, long id) {
    return rows.get(shard).get(id);
  }

  boolean isUncertain(String shard, long id) {
    return uncertain.get(shard).containsKey(id);
  }

  int size(String shard) {
    return rows.get(shard).size();
  }

  /** All hosts of a shard, by id. */
  Map<Long, HostFacts> rows(String shard) {
    return Collections.unmodifiableMap(new TreeMap<>(rows.get(shard)));
  }

  Set<Long> deletedIds(String shard) {
    return Collections.unmodifiableSet(new TreeSet<>(deleted.get(shard)));
  }

  /**
   * Compares what {@code who} read with what was written. {@code rackMayBeGone}: release 2.0 stops writing
   * {@code rack} at CONTRACTING and contract drops it, so from then on a 2.0 server may read it as null.
   */
  void check(String shard, long id, String who, HostFacts expected, HostFacts actual, boolean rackMayBeGone) {
    checkedReads.incrementAndGet();
    if (isUncertain(shard, id)) {
      return;
    }
    if (expected == null || actual == null) {
      if (expected != actual) {
        mismatches.add(new Mismatch(shard, id, who, "the row", expected == null ? "no row (deleted or never written)"
            : "a row", actual == null ? "missing" : "present: " + actual));
      }
      return;
    }
    Map<String, Object> e = expected.facts();
    Map<String, Object> a = actual.facts();
    for (String field : e.keySet()) {
      Object ev = e.get(field);
      Object av = a.get(field);
      if (field.equals("rack") && rackMayBeGone && av == null) {
        continue;
      }
      if (!Objects.equals(ev, av)) {
        mismatches.add(new Mismatch(shard, id, who, field, ev, av));
      }
    }
  }

  void mismatch(Mismatch m) {
    mismatches.add(m);
  }

  void counted() {
    checkedReads.incrementAndGet();
  }

  public List<Mismatch> mismatches() {
    return new ArrayList<>(mismatches);
  }

  public long checkedReads() {
    return checkedReads.get();
  }

  long uncertainCount() {
    return uncertain.values().stream().mapToLong(Map::size).sum();
  }

  /** Whether rack may read as null for a shard whose release 2.0 may already be at {@code phase}. */
  static boolean rackMayBeGone(Phase phase) {
    return phase.atLeast(Phase.CONTRACTING);
  }
}
