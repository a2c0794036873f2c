package dev.crossfade.runtime;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A shard as {@code status} shows it: each release's phase, the state version, the fleet, backfill
 * progress and any drift between the live schema and what the phases imply.
 *
 * @param backfillRows rows copied per release, summed over its backfill steps (a row moved by three steps
 *     counts three times), for releases with a backfill under way or done
 * @param drift one line per difference; empty when the live schema is what the phases imply
 * @param hasState false when the database holds no Crossfade state (a new shard, or the wrong database): every
 *     release is then PENDING and nothing was created by reading it
 * @param backfillControl what an operator set on a release's backfill ({@code pause}, {@code throttle}):
 *     "paused", "target batch 40 ms" or both; releases without such control are absent
 */
public record ShardStatus(String shard, String dialect, long stateVersion, Version minWriterRelease,
    SortedMap<Version, Phase> phases, List<ServerInfo> servers, Map<Version, Long> backfillRows, List<String> drift,
    boolean hasState, Map<Version, String> backfillControl) {
  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  public ShardStatus {
    phases = new TreeMap<>(phases);
    servers = List.copyOf(servers);
    backfillRows = new TreeMap<>(backfillRows);
    drift = List.copyOf(drift);
    backfillControl = new TreeMap<>(backfillControl);
  }

  /** The phase of a release on the shard (PENDING when the shard has never seen it). */
  public Phase phase(Version release) {
    return phases.getOrDefault(release, Phase.PENDING);
  }

  /** Live servers by code release: {@code 1.0: 2, 2.0: 5}. */
  public Map<Version, Long> liveByRelease() {
    return servers.stream().filter(ServerInfo::live)
        .collect(Collectors.groupingBy(ServerInfo::codeRelease, TreeMap::new, Collectors.counting()));
  }

  /** A database time (the registry's UTC clock) to the second, for people. */
  static String time(java.time.LocalDateTime t) {
    return t == null ? "-" : TIME.format(t);
  }

  /**
   * The readable table the command line prints: phases, backfill rows, each registered server with its release
   * and the end of its lease (UTC, the registry's clock), and drift.
   */
  public String render() {
    StringBuilder b = new StringBuilder();
    if (!hasState) {
      return String.format(Locale.ROOT, "shard %s (%s): no Crossfade state in this database%n", shard, dialect);
    }
    b.append(String.format(Locale.ROOT, "shard %s (%s), state version %d, min writer release %s%n", shard, dialect,
        stateVersion, minWriterRelease == null ? "-" : minWriterRelease));
    b.append(String.format(Locale.ROOT, "  %-10s %-12s %s%n", "release", "phase", "rows copied (all steps)"));
    phases.forEach((v, p) -> b.append(String.format(Locale.ROOT, "  %-10s %-12s %s%s%n", v, p,
        backfillRows.containsKey(v) ? String.format(Locale.ROOT, "%,d", backfillRows.get(v)) : "-",
        backfillControl.containsKey(v) ? " (backfill " + backfillControl.get(v) + ")" : "")));
    Map<Version, Long> live = liveByRelease();
    b.append("  live servers: ").append(live.isEmpty() ? "none" : live.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "))).append(System.lineSeparator());
    for (ServerInfo s : servers) {
      b.append(String.format(Locale.ROOT, "    %-24s release %-8s %s %s UTC, saw state version %d%n", s.serverId(),
          s.codeRelease(), s.live() ? "lease until" : "lease ended", time(s.leaseUntil()), s.seenStateVersion()));
    }
    b.append("  drift: ").append(drift.isEmpty() ? "none" : String.join("; ", drift)).append(System.lineSeparator());
    return b.toString();
  }
}
