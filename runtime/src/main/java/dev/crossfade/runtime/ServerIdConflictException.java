package dev.crossfade.runtime;

import dev.crossfade.schema.Version;
import java.time.LocalDateTime;

/**
 * Another live server is registered on a shard under this server's id, in some letter case. Two servers under
 * one id would share one registration: the migrator could count the older one as gone while it still writes.
 * Thrown at start (nothing is served); a running server whose id was taken after its lease ran out logs it and
 * stops writing to that shard until the id is free again.
 */
public final class ServerIdConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String shard;

  /** A server id already held by another live server on the shard; the message names both and the remedy. */
  public ServerIdConflictException(String shard, String serverId, String holder, Version holderRelease,
      LocalDateTime leaseUntil) {
    super("shard " + shard + ": server id '" + serverId + "' is already registered by another live server ('" + holder
        + "', release " + holderRelease + ", lease until " + leaseUntil + " UTC); server ids must be unique, whatever"
        + " their letter case; give this server its own id, or, if '" + holder + "' was this server before it stopped,"
        + " start it again once that lease has run out");
    this.shard = shard;
  }

  /** The shard on which the id is taken. */
  public String shard() {
    return shard;
  }
}
