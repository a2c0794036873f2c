package dev.crossfade.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one harness run: markdown tables by figure, and every ratio, for the smoke tests' checks. */
final class Report {
  final Map<String, Stats.Table> tables = new LinkedHashMap<>();
  /** Every ratio reported, by a label: must be finite and positive. */
  final Map<String, Double> ratios = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();
  final List<Path> files = new ArrayList<>();

  Stats.Table table(String figure, String... header) {
    return tables.computeIfAbsent(figure, f -> new Stats.Table(header));
  }

  void ratio(String label, double value) {
    ratios.put(label, value);
  }

  void note(String text) {
    notes.add(text);
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    tables.forEach((figure, t) -> sb.append("\n### ").append(figure).append("\n\n").append(t));
    if (!notes.isEmpty()) {
      sb.append("\n");
      notes.forEach(n -> sb.append("- ").append(n).append("\n"));
    }
    return sb.toString();
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
