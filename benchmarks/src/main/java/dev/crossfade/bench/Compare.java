package dev.crossfade.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interleaved runs: each round runs every variant once, {@code ops} operations each, in an order that
 * rotates from round to round, so that the noise of a shared machine falls on all variants alike. A
 * variant's ratio is the median over rounds of its time divided by the baseline's time in the same round.
 */
final class Compare {
  /** One operation; {@code i} picks the key (the same sequence for every variant). */
  @FunctionalInterface
  interface Op {
    void run(int i) throws Exception;
  }

  record Result(String variant, double medianMicros, double ratio, double ratioP25, double ratioP75) {
    String ratioText() {
      return Stats.f("%.2fx", ratio);
    }

    String spread() {
      return Stats.f("%.2f–%.2f", ratioP25, ratioP75);
    }
  }

  private final Map<String, Op> variants = new LinkedHashMap<>();
  private final String baseline;

  Compare(String baseline, Op op) {
    this.baseline = baseline;
    variants.put(baseline, op);
  }

  Compare with(String name, Op op) {
    variants.put(name, op);
    return this;
  }

  /** Runs {@code warmupRounds} unrecorded rounds and {@code rounds} recorded ones. */
  Map<String, Result> run(int warmupRounds, int rounds, int ops) throws Exception {
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, List<Double>> micros = new LinkedHashMap<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (String n : names) {
      micros.put(n, new ArrayList<>());
      ratios.put(n, new ArrayList<>());
    }
    int offset = 0;
    for (int r = 0; r < warmupRounds + rounds; r++) {
      Map<String, Double> round = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        String n = names.get((k + r) % names.size());
        Op op = variants.get(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
          op.run(offset + i);
        }
        round.put(n, (System.nanoTime() - t0) / 1e3 / ops);
      }
      offset += ops;
      if (r >= warmupRounds) {
        for (String n : names) {
          micros.get(n).add(round.get(n));
          ratios.get(n).add(round.get(n) / round.get(baseline));
        }
      }
    }
    Map<String, Result> out = new LinkedHashMap<>();
    for (String n : names) {
      List<Double> rs = ratios.get(n);
      out.put(n, new Result(n, Stats.median(micros.get(n)), Stats.median(rs), Stats.percentile(rs, 25),
          Stats.percentile(rs, 75)));
    }
    return out;
  }
}
