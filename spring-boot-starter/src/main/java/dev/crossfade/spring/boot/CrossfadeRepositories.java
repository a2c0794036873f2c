package dev.crossfade.spring.boot;

import dev.crossfade.runtime.Crossfade;
import java.util.List;

/**
 * The generated repositories, per shard: inject this bean and ask for a repository interface (or an entity) on a
 * shard chosen at run time. The starter also registers every {@code CrossfadeRepository} interface it finds as a
 * bean per shard, qualified by the shard's name ({@code @Qualifier("eu-1") HostRepository}; with one shard no
 * qualifier is needed).
 *
 * <pre>{@code
 * @Service class Hosts {
 *   private final CrossfadeRepositories repositories;
 *   void save(String shard, Host host) { repositories.repository(HostRepository.class, shard).save(host); }
 * }
 * }</pre>
 */
public final class CrossfadeRepositories {
  private final Crossfade crossfade;
  private final List<String> shards;

  CrossfadeRepositories(Crossfade crossfade, List<String> shards) {
    this.crossfade = crossfade;
    this.shards = List.copyOf(shards);
  }

  /** The repository of {@code type} (a repository interface or an entity) on the shard; one instance per shard. */
  public <R> R repository(Class<R> type, String shard) {
    return crossfade.repository(type, shard);
  }

  /** The repository on the only shard; with several shards, name one. */
  public <R> R repository(Class<R> type) {
    if (shards.size() != 1) {
      throw new IllegalStateException("Crossfade has " + shards.size() + " shards " + shards + "; name the shard:"
          + " repository(" + type.getSimpleName() + ".class, \"" + shards.get(0) + "\")");
    }
    return crossfade.repository(type, shards.get(0));
  }

  /** The configured shards' names. */
  public List<String> shards() {
    return shards;
  }
}
