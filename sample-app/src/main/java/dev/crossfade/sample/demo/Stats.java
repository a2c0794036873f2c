package dev.crossfade.sample.demo;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Counters the progress view and the summary read: operations by release and phase, refusals, errors. */
final class Stats {
  private final Map<String, LongAdder> ops = new ConcurrentHashMap<>();
  private final Map<Version, LongAdder> refusals = new ConcurrentHashMap<>();
  private final Map<Version, LongAdder> retried = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> refusalSamples = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder errorCount = new LongAdder();

  /** One operation done by a server of {@code release} on a shard it saw at {@code phase} of release 2.0. */
  void op(Version release, Phase phase) {
    ops.computeIfAbsent(release + " " + phase, k -> new LongAdder()).increment();
    total.increment();
  }

  void refused(Version release, String message) {
    refusals.computeIfAbsent(release, k -> new LongAdder()).increment();
    if (refusalSamples.size() < 5) {
      refusalSamples.add(message);
    }
  }

  void retried(Version release) {
    retried.computeIfAbsent(release, k -> new LongAdder()).increment();
  }

  void error(String message) {
    errorCount.increment();
    if (errors.size() < 50) {
      errors.add(message);
    }
  }

  long total() {
    return total.sum();
  }

  long ops(Version release, Phase phase) {
    LongAdder a = ops.get(release + " " + phase);
    return a == null ? 0 : a.sum();
  }

  Map<Version, Long> refusals() {
    Map<Version, Long> m = new TreeMap<>();
    refusals.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  Map<Version, Long> retried() {
    Map<Version, Long> m = new TreeMap<>();
    retried.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  List<String> refusalSamples() {
    return new ArrayList<>(refusalSamples);
  }

  /** All unexpected errors; {@link #errors()} keeps only the first 50 messages. */
  long errorCount() {
    return errorCount.sum();
  }

  List<String> errors() {
    return new ArrayList<>(errors);
  }
}
