package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.LocalDateTime;

/**
 * A server in a shard's fleet registry. {@code live} is decided by the database's clock: the lease has
 * not run out. Times are UTC, by the database's clock ({@code lastBeat}, {@code leaseUntil}).
 *
 * <pre>{@code
 * migrator.status(shard).servers().forEach(s -> log.info("{} runs {}", s.serverId(), s.codeRelease()));
 * }</pre>
 */
public record ServerInfo(String serverId, Version codeRelease, long seenStateVersion, LocalDateTime lastBeat,
    LocalDateTime leaseUntil, boolean live) {
  @Override
  public String toString() {
    return serverId + " (release " + codeRelease + ", saw state " + seenStateVersion + ", "
        + (live ? "lease until " : "lease ended ") + ShardStatus.time(leaseUntil) + " UTC)";
  }
}
