package dev.crossfade.processor;

/**
 * How big the soak, fuzz and contention tests run. {@code mvn verify} runs every scenario at a quick size;
 * {@code mvn verify -Pfull} (the system property {@code crossfade.full=true}) runs the same scenarios at their
 * full sizes: more random domains, more rows, longer traffic. No scenario is left out at either size.
 */
public final class TestSizes {
  /**
   * The JUnit tag of the test classes whose size this sets, so that the full sizes alone can be run:
   * {@code mvn verify -Pfull -Dgroups=sized} (what {@code .ci/run} adds when time allows).
   */
  public static final String TAG = "sized";

  /** True under {@code -Pfull}. */
  public static final boolean FULL = Boolean.getBoolean("crossfade.full");

  private TestSizes() {}

  /** {@code quick} in the default build, {@code full} under {@code -Pfull}. */
  public static int of(int quick, int full) {
    return FULL ? full : quick;
  }
}
