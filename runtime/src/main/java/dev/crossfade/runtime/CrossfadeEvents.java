package dev.crossfade.runtime;

/**
 * What a server's repositories report as they run, for metrics: every repository call's outcome and every time a
 * call found its cached phases stale and ran again. Called on the caller's thread, after the fact; an
 * implementation must be quick and must not throw. The Spring Boot starter turns these into Micrometer meters.
 *
 * <pre>{@code
 * Crossfade.builder().shards(shards).events(new CrossfadeEvents() {
 *   public void operation(String shard, String entity, boolean write, Outcome outcome) { ... }
 * }).start();
 * }</pre>
 */
public interface CrossfadeEvents {
  /** Reports nothing. */
  CrossfadeEvents NONE = new CrossfadeEvents() {};

  /** How a repository call ended. */
  enum Outcome {
    /** It returned. */
    SUCCESS,
    /** The shard refused this release or this server ({@code ShardRefusedException}): nothing was written. */
    REFUSED,
    /** The shard has no place yet for a field or entity the call needs ({@code FieldNotSupportedException}). */
    UNSUPPORTED,
    /**
     * Inside a caller's transaction the phases moved on ({@code StalePhaseException}): the caller rolls back and
     * retries its transaction.
     */
    STALE,
    /** Any other failure (the database's error, a lost connection, a bad argument). */
    ERROR
  }

  /** A repository call on {@code shard} for {@code entity} (its simple name) ended with {@code outcome}. */
  default void operation(String shard, String entity, boolean write, Outcome outcome) {}

  /**
   * A repository call on {@code shard} found the phases it had cached stale (a statement named a column the shard
   * no longer has, the cached phases refused it, or its commit was fenced) and is being tried again under fresh ones.
   */
  default void staleRetry(String shard, String entity) {}
}
