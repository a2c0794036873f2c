package dev.crossfade.bench;

import dev.crossfade.sample.repository.HostRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The application traffic of the impact figures ({@link BackfillBench#impact} and {@link PeersBench}): {@link
 * BackfillBench#TRAFFIC_THREADS} threads, each one repository operation every {@link
 * BackfillBench#TRAFFIC_PERIOD_MICROS} µs, {@code findById} and {@code save} alternating on pseudo-random hosts.
 * Started, warmed up, then {@link #record() recorded} from an origin until {@link #stop() stopped}.
 */
final class Traffic {
  private final List<BackfillBench.Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private volatile boolean recording;
  private volatile long origin;

  private Traffic() {}

  static Traffic start(HostRepository hosts, long rows) {
    Traffic t = new Traffic();
    for (int n = 0; n < BackfillBench.TRAFFIC_THREADS; n++) {
      int thread = n;
      Thread th = new Thread(() -> t.loop(hosts, rows, thread), "traffic-" + n);
      th.start();
      t.threads.add(th);
    }
    return t;
  }

  private void loop(HostRepository hosts, long rows, int thread) {
    long next = System.nanoTime();
    int i = thread * 1_000_000;
    while (!stop.get()) {
      long now = System.nanoTime();
      if (now < next) {
        LockSupport.parkNanos(next - now);
        continue;
      }
      next += BackfillBench.TRAFFIC_PERIOD_MICROS * 1000;
      if (next < now) {
        next = now; // never queue up a burst after a stall: the latency already shows it
      }
      long k = Hosts.key(i, rows);
      boolean write = i % 2 == 1;
      long s0 = System.nanoTime();
      try {
        if (write) {
          hosts.save(Hosts.host(k, i));
        } else {
          hosts.findById(k).orElseThrow();
        }
      } catch (RuntimeException e) {
        failures.add(e);
      }
      long s1 = System.nanoTime();
      // An operation already under way when recording began belongs to the warm-up.
      if (recording && s0 >= origin) {
        samples.add(new BackfillBench.Sample(s0 - origin, s1 - s0, write));
      }
      i++;
    }
  }

  /** Ends the warm-up: samples count from now on, their start times relative to the returned origin. */
  long record() {
    origin = System.nanoTime();
    recording = true;
    return origin;
  }

  /** Stops the threads; the samples recorded, or the first failure of any operation. */
  List<BackfillBench.Sample> stop() throws InterruptedException {
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " traffic operations failed; the first: " + failures.get(0),
          failures.get(0));
    }
    return new ArrayList<>(samples);
  }
}
