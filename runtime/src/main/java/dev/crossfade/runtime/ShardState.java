package dev.crossfade.runtime;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a shard's state tables say: its recorded name, the state version (bumped on every change), the
 * lowest release allowed to write, and each release's phase.
 *
 * <p>Not API: public only because the repositories (package {@code repository}) act on it; operators read
 * {@link ShardStatus} from {@link Migrator#status}. It may change in any release.
 */
public record ShardState(String shardName, long stateVersion, Version minWriterRelease,
    SortedMap<Version, ReleaseState> releases) {

  /** One release's row: phase, the state version that set it, and the progress of interrupted steps. */
  public record ReleaseState(Phase phase, long stateVersion, int expandStep, int contractStep, int undoStep,
      boolean oldStale) {
    static final ReleaseState PENDING = new ReleaseState(Phase.PENDING, 0, 0, 0, 0, false);
  }

  public ShardState {
    releases = new TreeMap<>(releases);
  }

  /** The state of a release on the shard (PENDING with no progress when the shard has never seen it). */
  public ReleaseState release(Version v) {
    return releases.getOrDefault(v, ReleaseState.PENDING);
  }

  /** The phase of a release on the shard (PENDING when the shard has never seen it). */
  public Phase phase(Version v) {
    return release(v).phase();
  }

}
