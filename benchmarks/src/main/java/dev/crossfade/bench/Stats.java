package dev.crossfade.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians, percentiles and the markdown tables the harness prints. */
final class Stats {
  private Stats() {}

  static double median(List<Double> xs) {
    return percentile(xs, 50);
  }

  /** Nearest-rank percentile (p in 0..100) of the values. */
  static double percentile(List<Double> xs, double p) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int rank = (int) Math.ceil(p / 100.0 * a.length);
    return a[Math.max(0, Math.min(a.length - 1, rank - 1))];
  }

  static double percentileLong(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** A markdown table, built row by row. */
  static final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
      this.header = List.of(header);
    }

    Table row(Object... cells) {
      List<String> r = new ArrayList<>();
      for (Object c : cells) {
        r.add(String.valueOf(c));
      }
      rows.add(r);
      return this;
    }

    List<List<String>> rows() {
      return rows;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      sb.append("| ").append(String.join(" | ", header)).append(" |\n");
      sb.append("|").append("---|".repeat(header.size())).append("\n");
      for (List<String> r : rows) {
        sb.append("| ").append(String.join(" | ", r)).append(" |\n");
      }
      return sb.toString();
    }
  }
}
