package dev.crossfade.runtime.cli;

import dev.crossfade.runtime.BackfillListener;
import dev.crossfade.runtime.BackfillProgress;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Renders backfill progress with {@link BackfillProgress#line()}. On a terminal one line per step is
 * redrawn in place (at most ten times a second): carriage return, the line, then ANSI "erase to end of line"
 * ({@code ESC [ K}), so a shorter line leaves nothing of a longer one behind whatever the terminal's width; otherwise (a log file, a pipe) a line
 * is printed at most once per second. Either way the last progress of every step is printed, so the output
 * always ends with where each step finished.
 */
final class ProgressPrinter implements BackfillListener {
  static final long TERMINAL_INTERVAL = TimeUnit.MILLISECONDS.toNanos(100);
  static final long PLAIN_INTERVAL = TimeUnit.SECONDS.toNanos(1);
  /** ANSI "erase in line" from the cursor to the end (CSI K). */
  static final String CLEAR_TO_END = "\u001b[K";

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier nanoClock;
  private final long interval;

  private String step;
  private BackfillProgress pending;
  private boolean printedAny;
  private long lastPrinted;
  private int lineLength;

  ProgressPrinter(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
    this.out = out;
    this.terminal = terminal;
    this.nanoClock = nanoClock;
    this.interval = terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL;
  }

  @Override
  public synchronized void onProgress(BackfillProgress progress) {
    String key = progress.shard() + " " + progress.release() + " " + progress.step();
    if (step != null && !step.equals(key)) {
      endStep();
    }
    step = key;
    long now = nanoClock.getAsLong();
    if (!printedAny || now - lastPrinted >= interval) {
      print(progress);
      lastPrinted = now;
    } else {
      pending = progress;
    }
  }

  /**
   * A pause, a resume, a new target or a wait for the database's health: on a line of its own, repeated waits
   * for the same reason at most once per interval, so a long pause is visible without flooding the output.
   */
  @Override
  public synchronized void onThrottle(String shard, dev.crossfade.schema.Version release, String what) {
    long now = nanoClock.getAsLong();
    String text = "shard " + shard + ", release " + release + ": backfill " + what;
    if (text.equals(lastThrottle) && now - lastThrottleAt < PLAIN_INTERVAL * 10) {
      return;
    }
    if (terminal && lineLength > 0) {
      out.print("\r" + CLEAR_TO_END);
      lineLength = 0;
    }
    out.println(text);
    out.flush();
    lastThrottle = text;
    lastThrottleAt = now;
  }

  private String lastThrottle;
  private long lastThrottleAt;

  /** Prints the last progress not yet shown and ends the terminal's progress line. */
  synchronized void finish() {
    endStep();
    step = null;
    out.flush();
  }

  private void endStep() {
    if (pending != null) {
      print(pending);
    }
    if (terminal && lineLength > 0) {
      out.println();
      lineLength = 0;
    }
  }

  private void print(BackfillProgress progress) {
    String line = progress.line();
    if (terminal) {
      out.print("\r" + line + CLEAR_TO_END);
      lineLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
    pending = null;
    printedAny = true;
  }
}
