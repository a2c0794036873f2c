package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same input, byte-identical output across builds (the locale and time zone: {@link LocaleProofBuildTest}). */
class DeterministicOutputTest {
  @Test
  void twoBuildsWriteByteIdenticalFiles() {
    Map<String, String> first = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources();
    Map<String, String> second = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources();
    assertEquals(first, second);
  }

  @Test
  void sourceOrderDoesNotChangeTheOutput() {
    var sources = CompiledDomain.sources(CompiledDomain.RELEASE_2_0);
    var reversed = new java.util.ArrayList<>(sources);
    java.util.Collections.reverse(reversed);
    assertEquals(CompiledDomain.compile(sources).resources(), CompiledDomain.compile(reversed).resources());
  }
}
