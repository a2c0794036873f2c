package dev.crossfade.runtime;

/** A shard's database could not be reached or answered with an error; the message names the shard. */
public final class ShardUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShardUnavailableException(Shard shard, String what, Throwable cause) {
    super("shard " + shard.name() + ": " + what + ": " + cause.getMessage(), cause);
  }
}
