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
 */
public record ShardStatus(String shard, String dialect, long stateVersion, Version minWriterRelease,
    SortedMap<Version, Phase> phases, List<ServerInfo> servers, Map<Version, Long> backfillRows, List<String> drift) {

  public ShardStatus {
    phases = new TreeMap<>(phases);
    servers = List.copyOf(servers);
    backfillRows = new TreeMap<>(backfillRows);
    drift = List.copyOf(drift);
  }

  public Phase phase(Version release) {
    return phases.getOrDefault(release, Phase.PENDING);
  }

  /** Live servers by code release: {@code 1.0: 2, 2.0: 5}. */
  public Map<Version, Long> liveByRelease() {
    return servers.stream().filter(ServerInfo::live)
        .collect(Collectors.groupingBy(ServerInfo::codeRelease, TreeMap::new, Collectors.counting()));
  }

  /** The readable table the command line prints. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "shard %s (%s), state version %d, min writer release %s%n", shard, dialect,
        stateVersion, minWriterRelease == null ? "-" : minWriterRelease));
    b.append(String.format(Locale.ROOT, "  %-10s %-12s %s%n", "release", "phase", "rows copied (all steps)"));
    phases.forEach((v, p) -> b.append(String.format(Locale.ROOT, "  %-10s %-12s %s%n", v, p,
        backfillRows.containsKey(v) ? String.format(Locale.ROOT, "%,d", backfillRows.get(v)) : "-")));
    Map<Version, Long> live = liveByRelease();
    b.append("  live servers: ").append(live.isEmpty() ? "none" : live.entrySet().stream()
        .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "))).append(System.lineSeparator());
    b.append("  drift: ").append(drift.isEmpty() ? "none" : String.join("; ", drift)).append(System.lineSeparator());
    return b.toString();
  }
}
