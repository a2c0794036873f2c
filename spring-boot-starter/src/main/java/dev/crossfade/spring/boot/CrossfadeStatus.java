package dev.crossfade.spring.boot;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.ServerInfo;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardState;
import dev.crossfade.runtime.ShardStatus;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What health and the endpoint show of a shard, as plain maps, lists and strings (JSON as is): no password, no
 * URL, only shard names, releases, phases, server ids and times.
 */
final class CrossfadeStatus {
  private CrossfadeStatus() {}

  /** Every release of the code's model with its phase on the shard, oldest first ("1.0" -> "CONTRACTED"). */
  static Map<String, String> phases(Crossfade crossfade, ShardState state) {
    Map<String, String> phases = new LinkedHashMap<>();
    for (Version v : crossfade.model().releases()) {
      phases.put(v.toString(), state.phase(v).name());
    }
    state.releases().forEach((v, r) -> phases.putIfAbsent(v.toString(), r.phase().name()));
    return phases;
  }

  /** How this server stands on the shard, from its cached phases and its heartbeat: no database round trip. */
  static Map<String, Object> server(Crossfade crossfade, Shard shard) {
    ShardState state = crossfade.phases().state(shard);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("stateVersion", state.stateVersion());
    d.put("phases", phases(crossfade, state));
    d.put("minWriterRelease", state.minWriterRelease() == null ? null : state.minWriterRelease().toString());
    Duration age = crossfade.sinceLastHeartbeat(shard);
    d.put("leaseAge", age == null ? null : age.toString());
    d.put("lease", crossfade.lease().toString());
    d.put("leaseHeld", leaseHeld(crossfade, shard));
    ShardRefusedException refused = crossfade.refusal(shard, state, false);
    if (refused != null) {
      d.put("refused", refused.getMessage());
    } else {
      ShardRefusedException writes = crossfade.refusal(shard, state, true);
      d.put("writable", writes == null);
      if (writes != null) {
        d.put("writesRefused", writes.getMessage());
      }
    }
    return d;
  }

  static boolean leaseHeld(Crossfade crossfade, Shard shard) {
    Duration age = crossfade.sinceLastHeartbeat(shard);
    return age != null && age.compareTo(crossfade.lease()) < 0;
  }

  /** The migrator's read-only status of the shard (what {@code status} prints), as a map. */
  static Map<String, Object> status(ShardStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shard", s.shard());
    m.put("dialect", s.dialect());
    m.put("hasState", s.hasState());
    m.put("stateVersion", s.stateVersion());
    m.put("minWriterRelease", s.minWriterRelease() == null ? null : s.minWriterRelease().toString());
    Map<String, String> phases = new LinkedHashMap<>();
    s.phases().forEach((v, p) -> phases.put(v.toString(), p.name()));
    m.put("phases", phases);
    Map<String, Long> rows = new LinkedHashMap<>();
    s.backfillRows().forEach((v, n) -> rows.put(v.toString(), n));
    m.put("backfillRows", rows);
    List<Map<String, Object>> servers = new ArrayList<>();
    for (ServerInfo i : s.servers()) {
      Map<String, Object> server = new LinkedHashMap<>();
      server.put("serverId", i.serverId());
      server.put("release", i.codeRelease().toString());
      server.put("live", i.live());
      server.put("leaseUntilUtc", i.leaseUntil() == null ? null : i.leaseUntil().toString());
      server.put("seenStateVersion", i.seenStateVersion());
      servers.add(server);
    }
    m.put("servers", servers);
    m.put("drift", s.drift());
    m.put("table", s.render().lines().toList());
    return m;
  }
}
