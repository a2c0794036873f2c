package dev.crossfade.spring.boot;

import dev.crossfade.runtime.BackfillListener;
import dev.crossfade.runtime.BackfillProgress;
import dev.crossfade.runtime.CrossfadeEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Crossfade's Micrometer meters:
 *
 * <ul>
 *   <li>{@code crossfade.operations} (counter; tags {@code shard}, {@code entity}, {@code kind} read|write,
 *       {@code outcome} success|refused|unsupported|stale|error): every repository call;
 *   <li>{@code crossfade.refusals} (counter; {@code shard}): calls a shard refused for this release or server;
 *   <li>{@code crossfade.stale.retries} (counter; {@code shard}, {@code entity}, {@code by}): calls that met stale
 *       phases: {@code by=repository} when the repository ran the call again under fresh ones, {@code by=caller}
 *       when, inside a caller's transaction, it threw {@code StalePhaseException} for the caller to retry;
 *   <li>{@code crossfade.backfill.rows} (counter; {@code shard}, {@code release}) and
 *       {@code crossfade.backfill.rate} (gauge, rows per second of the last batch, 0 once the last step is done): backfills a migrator ran in
 *       this application with this bean as its {@link BackfillListener}
 *       ({@code MigratorOptions.defaults().withListener(metrics)}). A migrator run elsewhere reports its rows in
 *       the {@code crossfade} endpoint's status instead.
 * </ul>
 */
public final class CrossfadeMetrics implements CrossfadeEvents, BackfillListener {
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> backfillDone = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> rates = new ConcurrentHashMap<>();

  public CrossfadeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void operation(String shard, String entity, boolean write, Outcome outcome) {
    Counter.builder("crossfade.operations").description("Crossfade repository calls")
        .tags("shard", shard, "entity", entity, "kind", write ? "write" : "read", "outcome",
            outcome.name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
    if (outcome == Outcome.REFUSED) {
      Counter.builder("crossfade.refusals").description("repository calls a shard refused for this release")
          .tag("shard", shard).register(registry).increment();
    } else if (outcome == Outcome.STALE) {
      staleRetries(shard, entity, "caller");
    }
  }

  @Override
  public void staleRetry(String shard, String entity) {
    staleRetries(shard, entity, "repository");
  }

  /** {@code by}: the repository ran the call again itself, or (inside a transaction) the caller must. */
  private void staleRetries(String shard, String entity, String by) {
    Counter.builder("crossfade.stale.retries").description("calls that met stale phases and were (or must be) run"
        + " again under fresh ones").tags("shard", shard, "entity", entity, "by", by).register(registry).increment();
  }

  @Override
  public void onProgress(BackfillProgress p) {
    String release = p.release().toString();
    // rowsDone counts a step's rows including those before a resume; the counter adds what is new since the
    // last report of the same step.
    AtomicLong done = backfillDone.computeIfAbsent(p.shard() + "/" + release + "/" + p.step(), k -> new AtomicLong());
    long previous = done.getAndSet(p.rowsDone());
    long added = p.rowsDone() - Math.min(previous, p.rowsDone());
    Counter.builder("crossfade.backfill.rows").description("rows copied by backfills run in this application")
        .tags("shard", p.shard(), "release", release).register(registry).increment(added);
    DoubleAdder rate = rates.computeIfAbsent(p.shard() + "/" + release, k -> {
      DoubleAdder r = new DoubleAdder();
      Gauge.builder("crossfade.backfill.rate", r, DoubleAdder::sum).description("rows per second of the last"
          + " backfill batch").tags("shard", p.shard(), "release", release).baseUnit("rows/s").register(registry);
      return r;
    });
    boolean finished = p.step() == p.steps() && p.rowsDone() >= p.rowsTotal();
    synchronized (rate) {
      rate.reset();
      rate.add(finished ? 0 : p.rowsPerSecond());
    }
  }
}
