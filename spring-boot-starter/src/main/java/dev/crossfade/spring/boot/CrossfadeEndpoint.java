package dev.crossfade.spring.boot;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.Shard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/crossfade}: the migrator's read-only status of every shard (the table {@code status} prints,
 * and its parts: phases, state version, backfill rows, the fleet with lease ends, drift) and how this server
 * stands there (its cached phases, lease age, refusals). {@code /actuator/crossfade/{shard}} shows one shard.
 * Each call reads the shards (read-only); expose it like any endpoint:
 * {@code management.endpoints.web.exposure.include=health,crossfade}.
 */
@Endpoint(id = "crossfade")
public final class CrossfadeEndpoint {
  private final Crossfade crossfade;
  private final Migrator migrator;

  public CrossfadeEndpoint(Crossfade crossfade, Migrator migrator) {
    this.crossfade = crossfade;
    this.migrator = migrator;
  }

  @ReadOperation
  public Map<String, Object> shards() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serverId", crossfade.serverId());
    out.put("release", crossfade.release().toString());
    Map<String, Object> shards = new LinkedHashMap<>();
    for (Shard shard : crossfade.shards().all()) {
      shards.put(shard.name(), shard(shard));
    }
    out.put("shards", shards);
    return out;
  }

  /** One shard's status; null (404) for a name that is no shard of this server. */
  @ReadOperation
  public Map<String, Object> shard(@Selector String name) {
    return crossfade.shards().all().stream().filter(s -> s.name().equals(name)).findFirst().map(this::shard)
        .orElse(null);
  }

  private Map<String, Object> shard(Shard shard) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      m.putAll(CrossfadeStatus.status(migrator.status(shard)));
    } catch (RuntimeException e) {
      m.put("shard", shard.name());
      m.put("error", e.getMessage());
    }
    m.put("thisServer", CrossfadeStatus.server(crossfade, shard));
    return m;
  }
}
