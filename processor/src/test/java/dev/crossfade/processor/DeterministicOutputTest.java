package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** Same input, byte-identical output: across builds, and under a Turkish locale and another time zone. */
class DeterministicOutputTest {
  @Test
  void twoBuildsWriteByteIdenticalFiles() {
    Map<String, String> first = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources();
    Map<String, String> second = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources();
    assertEquals(first, second);
  }

  @Test
  void turkishLocaleAndAnotherTimeZoneWriteTheSameFiles() {
    Map<String, String> usual = CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources();
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      // Turkish lower-cases 'I' to a dotless 'ı': the classic break of toLowerCase() without Locale.ROOT.
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      assertEquals(usual, CompiledDomain.compile(CompiledDomain.RELEASE_2_0).resources());
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
  }

  @Test
  void sourceOrderDoesNotChangeTheOutput() {
    var sources = CompiledDomain.sources(CompiledDomain.RELEASE_2_0);
    var reversed = new java.util.ArrayList<>(sources);
    java.util.Collections.reverse(reversed);
    assertEquals(CompiledDomain.compile(sources).resources(), CompiledDomain.compile(reversed).resources());
  }
}
