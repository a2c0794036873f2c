package dev.crossfade.runtime;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The named shards of a cluster, with routing by name or by a key resolver.
 *
 * <pre>{@code
 * Shards shards = Shards.of(Shard.of("eu-1", euUrl), Shard.of("us-1", usUrl));
 * Shard s = shards.route(customerId, id -> id % 2 == 0 ? "eu-1" : "us-1");
 * }</pre>
 */
public final class Shards {
  private final Map<String, Shard> byName;

  private Shards(Map<String, Shard> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The shards, by name; names must be unique. */
  public static Shards of(Shard... shards) {
    Map<String, Shard> m = new LinkedHashMap<>();
    for (Shard s : shards) {
      if (m.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("two shards are named " + s.name() + "; shard names must be unique");
      }
    }
    return new Shards(m);
  }

  /** The shard of that name; an exception naming the known shards when there is none. */
  public Shard get(String name) {
    Shard s = byName.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no shard named " + name + "; known shards: " + byName.keySet());
    }
    return s;
  }

  /** The shard a key belongs to, as the resolver names it. */
  public <K> Shard route(K key, Function<? super K, String> resolver) {
    return get(resolver.apply(key));
  }

  /** Every shard, in the order given. */
  public Collection<Shard> all() {
    return byName.values();
  }
}
