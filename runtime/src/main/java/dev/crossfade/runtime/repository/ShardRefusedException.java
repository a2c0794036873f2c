package dev.crossfade.runtime.repository;

import dev.crossfade.schema.Version;

/**
 * The code cannot serve this shard (or may not write to it) in its current state: a later release is
 * contracting or contracted there, {@code min_writer_release} is above the code's release, the shard has
 * no schema yet, or this server's lease on it ran out. Nothing was written. The message names the shard,
 * the code's release, the shard's release and what to do.
 */
public final class ShardRefusedException extends RuntimeException {
  private final String shard;
  private final Version codeRelease;
  private final Version shardRelease;

  /** The shard refuses this code release; the message names the shard, both releases, the reason and the remedy. */
  public ShardRefusedException(String shard, Version codeRelease, Version shardRelease, String reason, String remedy) {
    super("shard " + shard + " refuses code release " + codeRelease
        + (shardRelease == null ? "" : " (shard at release " + shardRelease + ")") + ": " + reason + "; " + remedy);
    this.shard = shard;
    this.codeRelease = codeRelease;
    this.shardRelease = shardRelease;
  }

  /** The shard that refused. */
  public String shard() {
    return shard;
  }

  /** The release of the code that was refused. */
  public Version codeRelease() {
    return codeRelease;
  }

  /** The release on the shard that decides the refusal, or null when the shard has no schema. */
  public Version shardRelease() {
    return shardRelease;
  }
}
