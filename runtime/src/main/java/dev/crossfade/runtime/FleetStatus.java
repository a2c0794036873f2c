package dev.crossfade.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossfade.runtime.internal.Text;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The status of many shards at once, read a bounded number at a time: one table row per shard for people, or
 * every shard's full status as JSON for tools ({@code status --format json}). A shard that cannot be read gets
 * a row with its error (passwords hidden) instead of stopping the others.
 */
public final class FleetStatus {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One shard: its status, or why it could not be read. */
  public record Row(String shard, ShardStatus status, String error) {}

  private FleetStatus() {}

  /** Reads every shard's status, at most {@code parallel} at a time, in the order given. */
  public static List<Row> read(Migrator migrator, Collection<Shard> shards, int parallel) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, shards.size())), r -> {
      Thread t = new Thread(r, "crossfade-status");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Row>> futures = new ArrayList<>();
      for (Shard shard : shards) {
        futures.add(pool.submit(() -> {
          try {
            return new Row(shard.name(), migrator.status(shard), null);
          } catch (RuntimeException e) {
            return new Row(shard.name(), null, Text.oneLine(e));
          }
        }));
      }
      List<Row> rows = new ArrayList<>();
      for (Future<Row> f : futures) {
        try {
          rows.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading the shards' status", e);
        }
      }
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One line per shard: each release's phase, rows copied by the newest release with a backfill, live servers
   * by release, the earliest end of a live lease (UTC, the registry's clock) and drift; then a count of shards
   * per phase of the newest release.
   */
  public static String table(List<Row> rows, SortedSet<Version> releases) {
    List<String> header = new ArrayList<>(List.of("shard", "db"));
    releases.forEach(v -> header.add(v.toString()));
    header.addAll(List.of("rows copied", "live servers", "first lease end (UTC)", "drift"));
    List<List<String>> lines = new ArrayList<>();
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      line.add(r.shard());
      if (r.status() == null) {
        line.add("-");
        releases.forEach(v -> line.add("-"));
        line.addAll(List.of("-", "-", "-", "error: " + r.error()));
      } else if (!r.status().hasState()) {
        line.add(r.status().dialect());
        releases.forEach(v -> line.add("-"));
        line.addAll(List.of("-", "-", "-", "no Crossfade state in this database"));
      } else {
        ShardStatus s = r.status();
        line.add(s.dialect());
        releases.forEach(v -> line.add(s.phase(v).name()));
        Map.Entry<Version, Long> copied = new java.util.TreeMap<>(s.backfillRows()).lastEntry();
        String control = s.backfillControl().isEmpty() ? "" : " " + s.backfillControl().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ", "[", "]"));
        line.add((copied == null ? "-" : String.format(Locale.ROOT, "%,d (%s)", copied.getValue(), copied.getKey()))
            + control);
        Map<Version, Long> live = s.liveByRelease();
        line.add(live.isEmpty() ? "none" : live.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
            .collect(Collectors.joining(", ")));
        line.add(s.servers().stream().filter(ServerInfo::live).map(ServerInfo::leaseUntil).min(
            java.util.Comparator.naturalOrder()).map(ShardStatus::time).orElse("-"));
        line.add(s.drift().isEmpty() ? "none" : s.drift().size() + " difference" + (s.drift().size() == 1 ? "" : "s")
            + ": " + s.drift().get(0) + (s.drift().size() > 1 ? "; …" : ""));
      }
      lines.add(line);
    }
    int[] width = new int[header.size()];
    for (List<String> l : concat(header, lines)) {
      for (int i = 0; i < l.size(); i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> l : concat(header, lines)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < l.size(); i++) {
        line.append(i == l.size() - 1 ? l.get(i) : String.format(Locale.ROOT, "%-" + width[i] + "s  ", l.get(i)));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    if (!releases.isEmpty()) {
      Version newest = releases.last();
      Map<String, Long> byPhase = rows.stream().collect(Collectors.groupingBy(r -> r.status() == null ? "error"
          : !r.status().hasState() ? "no state" : r.status().phase(newest).name(), java.util.TreeMap::new,
          Collectors.counting()));
      b.append(String.format(Locale.ROOT, "%d shards; release %s: %s%n", rows.size(), newest, byPhase.entrySet()
          .stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))));
    }
    return b.toString();
  }

  /** A registry time (UTC, the database's clock) as ISO-8601 with its zone, to the microsecond it holds. */
  private static String utc(java.time.LocalDateTime t) {
    return t == null ? null : java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t) + "Z";
  }

  private static List<List<String>> concat(List<String> header, List<List<String>> lines) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(lines);
    return all;
  }

  /**
   * Every shard's full status as a JSON array: phases, state version, minimum writer release, rows copied per
   * release, every registered server with its release, last beat and lease end (ISO-8601 UTC, the registry's
   * clock) and whether it is live, drift, or the error that kept the shard from being read.
   */
  public static String json(List<Row> rows) {
    ArrayNode array = JSON.createArrayNode();
    for (Row r : rows) {
      ObjectNode o = array.addObject();
      o.put("shard", r.shard());
      if (r.status() == null) {
        o.put("error", r.error());
        continue;
      }
      ShardStatus s = r.status();
      o.put("dialect", s.dialect());
      o.put("hasState", s.hasState());
      o.put("stateVersion", s.stateVersion());
      if (s.minWriterRelease() == null) {
        o.putNull("minWriterRelease");
      } else {
        o.put("minWriterRelease", s.minWriterRelease().toString());
      }
      ObjectNode phases = o.putObject("phases");
      s.phases().forEach((v, p) -> phases.put(v.toString(), p.name()));
      ObjectNode copied = o.putObject("rowsCopied");
      s.backfillRows().forEach((v, n) -> copied.put(v.toString(), n));
      ArrayNode servers = o.putArray("servers");
      for (ServerInfo i : s.servers()) {
        ObjectNode server = servers.addObject();
        server.put("serverId", i.serverId());
        server.put("release", i.codeRelease().toString());
        server.put("live", i.live());
        server.put("lastBeat", utc(i.lastBeat()));
        server.put("leaseUntil", utc(i.leaseUntil()));
        server.put("seenStateVersion", i.seenStateVersion());
      }
      ObjectNode control = o.putObject("backfillControl");
      s.backfillControl().forEach((v, c) -> control.put(v.toString(), c));
      ArrayNode drift = o.putArray("drift");
      s.drift().forEach(drift::add);
    }
    try {
      return JSON.writeValueAsString(array) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
