package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.LocalDateTime;

/**
 * A server in a shard's fleet registry. {@code live} is decided by the database's clock: the lease has
 * not run out. Times are the database's local time.
 */
public record ServerInfo(String serverId, Version codeRelease, long seenStateVersion, LocalDateTime lastBeat,
    boolean live) {
  @Override
  public String toString() {
    return serverId + " (release " + codeRelease + ", saw state " + seenStateVersion + ", last beat " + lastBeat
        + (live ? "" : ", lease expired") + ")";
  }
}
