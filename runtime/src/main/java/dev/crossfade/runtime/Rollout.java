package dev.crossfade.runtime;

import dev.crossfade.runtime.internal.Text;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One verb of the migrator over many shards: at most {@code parallel} shards at a time, the canary shards first
 * (the others only if every canary succeeded), and on an error either no further shard started ({@link
 * OnError#STOP}, the shards in flight finish) or every other shard still walked ({@link OnError#CONTINUE}).
 * A shard already at the verb's target phase is skipped as done, so running the same rollout again after a
 * failure finishes what is left. Each shard gets one {@link Outcome}; nothing is retried here (the verbs retry
 * their own lock waits).
 *
 * <pre>{@code
 * Rollout.Report report = new Rollout(migrator, 8, Rollout.OnError.CONTINUE)
 *     .run(Rollout.Verb.EXPAND, release, canaries, others);
 * report.outcomes().forEach(o -> log.info("{}: {}", o.shard(), o.kind()));
 * }</pre>
 */
public final class Rollout {
  private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);

  /** What to do after a shard refused or failed. */
  public enum OnError {
    /** Start no further shard; the ones in flight finish. */
    STOP,
    /** Walk every other shard all the same. */
    CONTINUE
  }

  /** The verbs a rollout runs, each with the phase that means "already done". */
  public enum Verb {
    EXPAND(Phase.EXPANDED),
    MIGRATE(Phase.MIGRATED),
    CONTRACT(Phase.CONTRACTED),
    /** One step back; never "already done". */
    ROLLBACK(null);

    private final Phase target;

    Verb(Phase target) {
      this.target = target;
    }

    /** The phase at or after which the verb has nothing left to do, or null. */
    public Phase target() {
      return target;
    }

    ShardStatus run(Migrator migrator, Shard shard, Version release, boolean force) {
      return switch (this) {
        case EXPAND -> migrator.expand(shard, release);
        case MIGRATE -> migrator.migrate(shard, release);
        case CONTRACT -> migrator.contract(shard, release);
        case ROLLBACK -> migrator.rollback(shard, release, force);
      };
    }
  }

  /** How one shard ended. */
  public enum Kind {
    /** The verb ran and reached its phase. */
    DONE,
    /** The shard was already at the verb's phase; nothing ran. */
    ALREADY_DONE,
    /** The verb refused (nothing was changed by the refused step). */
    REFUSED,
    /** The shard was unavailable or something else failed. */
    FAILED,
    /** Not started: an earlier shard failed under {@link OnError#STOP}, or a canary did not succeed. */
    NOT_RUN
  }

  /**
   * One shard's outcome: the release's phase after it (null when not known), and for a refusal or failure the
   * one-line message, which names shard, release and remedy.
   */
  public record Outcome(String shard, Kind kind, Phase phase, String detail) {
    /** Whether the shard ended where the verb wanted it. */
    public boolean succeeded() {
      return kind == Kind.DONE || kind == Kind.ALREADY_DONE;
    }
  }

  /** Every shard's outcome, canaries first, then the others in the order given. */
  public record Report(Verb verb, Version release, List<Outcome> outcomes) {
    public Report {
      outcomes = List.copyOf(outcomes);
    }

    /** Whether any shard failed (unavailable, or an error that is not a refusal). */
    public boolean anyFailed() {
      return outcomes.stream().anyMatch(o -> o.kind() == Kind.FAILED);
    }

    /** Whether any shard refused. */
    public boolean anyRefused() {
      return outcomes.stream().anyMatch(o -> o.kind() == Kind.REFUSED);
    }

    /** Whether every shard ended where the verb wanted it. */
    public boolean succeeded() {
      return outcomes.stream().allMatch(Outcome::succeeded);
    }

    /** How many shards ended with {@code kind}. */
    public long count(Kind kind) {
      return outcomes.stream().filter(o -> o.kind() == kind).count();
    }

    /** The final table: one line per shard, its outcome, the release's phase and the reason for any refusal. */
    public String render() {
      int width = Math.max(5, outcomes.stream().mapToInt(o -> o.shard().length()).max().orElse(5));
      StringBuilder b = new StringBuilder();
      String format = "%-" + width + "s  %-12s  %-11s  %s%n";
      b.append(String.format(java.util.Locale.ROOT, format, "shard", "outcome", release.toString(), "detail"));
      for (Outcome o : outcomes) {
        b.append(String.format(java.util.Locale.ROOT, format, o.shard(),
            o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
            o.phase() == null ? "-" : o.phase().name(), o.detail() == null ? "" : o.detail()));
      }
      b.append(String.format(java.util.Locale.ROOT, "%s %s: %d done, %d already done, %d refused, %d failed, %d not"
          + " run, of %d shards%n", verb.name().toLowerCase(java.util.Locale.ROOT), release, count(Kind.DONE),
          count(Kind.ALREADY_DONE), count(Kind.REFUSED), count(Kind.FAILED), count(Kind.NOT_RUN), outcomes.size()));
      return b.toString();
    }
  }

  private final Migrator migrator;
  private final int parallel;
  private final OnError onError;
  private final boolean force;
  private final Consumer<Outcome> listener;

  /** A rollout with at most {@code parallel} shards at a time (1 to 256). */
  public Rollout(Migrator migrator, int parallel, OnError onError) {
    this(migrator, parallel, onError, false, o -> { });
  }

  private Rollout(Migrator migrator, int parallel, OnError onError, boolean force, Consumer<Outcome> listener) {
    if (parallel < 1 || parallel > 256) {
      throw new IllegalArgumentException("parallel must be 1 to 256 shards at a time, not " + parallel);
    }
    this.migrator = Objects.requireNonNull(migrator, "migrator");
    this.parallel = parallel;
    this.onError = Objects.requireNonNull(onError, "onError");
    this.force = force;
    this.listener = listener;
  }

  /** The same rollout, taking rollback's steps that lose data ({@code --force}). */
  public Rollout forced(boolean force) {
    return new Rollout(migrator, parallel, onError, force, listener);
  }

  /** The same rollout, telling {@code listener} each shard's outcome as it ends (from the worker threads). */
  public Rollout onEachShard(Consumer<Outcome> listener) {
    return new Rollout(migrator, parallel, onError, force, Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Runs {@code verb} for {@code release} on the canaries, then, if every canary succeeded, on the others.
   * Returns when every shard has its outcome.
   */
  public Report run(Verb verb, Version release, Collection<Shard> canaries, Collection<Shard> others) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<Shard> all = new ArrayList<>(canaries);
    all.addAll(others);
    for (Shard s : all) {
      if (outcomes.put(s.name(), null) != null) {
        throw new IllegalArgumentException("shard " + s.name() + " is given more than once");
      }
    }
    AtomicBoolean stopped = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, all.size())), r -> {
      Thread t = new Thread(r, "crossfade-rollout");
      t.setDaemon(true);
      return t;
    });
    try {
      walk(verb, release, canaries, outcomes, stopped, pool);
      boolean canariesOk = canaries.stream().allMatch(s -> outcomes.get(s.name()).succeeded());
      if (!canariesOk) {
        for (Shard s : others) {
          outcomes.put(s.name(), new Outcome(s.name(), Kind.NOT_RUN, null, "a canary did not succeed"));
        }
      } else {
        walk(verb, release, others, outcomes, stopped, pool);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Report(verb, release, new ArrayList<>(outcomes.values()));
  }

  private void walk(Verb verb, Version release, Collection<Shard> shards, Map<String, Outcome> outcomes,
      AtomicBoolean stopped, ExecutorService pool) {
    Map<String, Future<Outcome>> running = new LinkedHashMap<>();
    for (Shard shard : shards) {
      running.put(shard.name(), pool.submit(() -> {
        if (stopped.get()) {
          return new Outcome(shard.name(), Kind.NOT_RUN, null, "stopped after an earlier shard refused or failed"
              + " (--on-error stop)");
        }
        Outcome o = one(verb, release, shard);
        if (!o.succeeded() && onError == OnError.STOP) {
          stopped.set(true);
        }
        listener.accept(o);
        return o;
      }));
    }
    for (Map.Entry<String, Future<Outcome>> e : running.entrySet()) {
      Outcome o;
      try {
        o = e.getValue().get();
      } catch (ExecutionException ex) {
        o = new Outcome(e.getKey(), Kind.FAILED, null, String.valueOf(ex.getCause()));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        o = new Outcome(e.getKey(), Kind.NOT_RUN, null, "interrupted");
      }
      outcomes.put(e.getKey(), o);
    }
  }

  private Outcome one(Verb verb, Version release, Shard shard) {
    try {
      if (verb.target() != null) {
        ShardStatus before = migrator.status(shard);
        if (before.hasState() && before.phase(release).atLeast(verb.target())) {
          return new Outcome(shard.name(), Kind.ALREADY_DONE, before.phase(release), null);
        }
      }
      ShardStatus after = verb.run(migrator, shard, release, force);
      return new Outcome(shard.name(), Kind.DONE, after.phase(release), null);
    } catch (MigrationRefusedException e) {
      return new Outcome(shard.name(), Kind.REFUSED, phaseOrNull(shard, release), Text.oneLine(e));
    } catch (RuntimeException e) {
      LOG.debug("shard {} failed", shard.name(), e);
      return new Outcome(shard.name(), Kind.FAILED, phaseOrNull(shard, release), Text.oneLine(e));
    }
  }

  private Phase phaseOrNull(Shard shard, Version release) {
    try {
      ShardStatus s = migrator.status(shard);
      return s.hasState() ? s.phase(release) : null;
    } catch (RuntimeException unavailable) {
      return null;
    }
  }
}
