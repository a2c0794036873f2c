package dev.crossfade.runtime;

/** A shard's database could not be reached or answered with an error; the message names the shard. */
public final class ShardUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The shard could not be reached or failed; the message names the shard, what was attempted and the remedy. */
  public ShardUnavailableException(Shard shard, String what, Throwable cause) {
    this(shard.name(), what, cause);
  }

  /** For a shard not built yet ({@link Shard#of(String, javax.sql.DataSource)} reading its dialect). */
  public ShardUnavailableException(String shard, String what, Throwable cause) {
    super("shard " + shard + ": " + what + ": " + cause.getMessage(), cause);
  }

  /** A message already whole: "shard eu-1[, release 2.0]: what happened (the driver's words); what to do". */
  ShardUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
