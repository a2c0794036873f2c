package dev.crossfade.runtime;

import dev.crossfade.schema.Version;

/**
 * A migrator step that was not taken because it is not safe or not possible now. Nothing was changed by
 * the refused step. The message names the shard, the release, the reason and what to do.
 */
public final class MigrationRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String shard;
  private final transient Version release;

  /** A refusal of a step on a shard: the message names the shard, the release, the reason and the remedy. */
  public MigrationRefusedException(String shard, Version release, String reason, String remedy) {
    super("shard " + shard + (release == null ? "" : ", release " + release) + ": " + reason
        + (remedy == null || remedy.isEmpty() ? "" : "; " + remedy));
    this.shard = shard;
    this.release = release;
  }

  /** The shard the step was refused on. */
  public String shard() {
    return shard;
  }

  /** The release whose step was refused. */
  public Version release() {
    return release;
  }
}
