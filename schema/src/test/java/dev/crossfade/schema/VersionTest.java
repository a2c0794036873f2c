package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  private static Version v(String text) {
    return Version.parse(text);
  }

  @Test
  void versionsCompareNumericallyPartByPart() {
    assertTrue(v("2.10").isAfter(v("2.9")));
    assertTrue(v("2.9").isBefore(v("2.10")));
    assertTrue(v("10.0").isAfter(v("9.99")));
    assertTrue(v("1.0.1").isAfter(v("1.0")));
    assertTrue(v("1.0").isBefore(v("1.0.1")));
    assertTrue(v("0.1").isBefore(v("1")));
    assertTrue(v("3").isAfter(v("2.999999999")));
  }

  @Test
  void compareToIsConsistentWithIsBeforeAndIsAfter() {
    assertTrue(v("1.2").compareTo(v("1.3")) < 0);
    assertTrue(v("1.3").compareTo(v("1.2")) > 0);
    assertEquals(0, v("1.3").compareTo(v("1.3.0")));
    assertFalse(v("1.3").isBefore(v("1.3")));
    assertFalse(v("1.3").isAfter(v("1.3")));
  }

  @Test
  void sortingOrdersReleasesNumericallyNotAlphabetically() {
    List<Version> list = new ArrayList<>(List.of(v("2.10"), v("1.0"), v("2.9"), v("2.0.1"), v("2")));
    Collections.sort(list);
    assertEquals("[1.0, 2, 2.0.1, 2.9, 2.10]", list.toString());
  }

  @Test
  void missingTrailingPartsCountAsZeroForEquality() {
    assertEquals(v("2"), v("2.0"));
    assertEquals(v("2.0"), v("2.0.0.0"));
    assertEquals(v("0"), v("0.0"));
    assertNotEquals(v("2"), v("2.0.1"));
    assertNotEquals(v("2.1"), v("2.10"));
  }

  @Test
  void equalVersionsHaveTheSameHashCode() {
    assertEquals(v("2").hashCode(), v("2.0").hashCode());
    assertEquals(v("2.0").hashCode(), v("2.0.0.0").hashCode());
    assertEquals(v("0").hashCode(), v("0.0.0").hashCode());
    assertEquals(v("1.5").hashCode(), v("1.5.0").hashCode());
  }

  @Test
  void equalVersionsCollapseInHashAndTreeSets() {
    Set<Version> hashed = new HashSet<>(List.of(v("2"), v("2.0"), v("2.0.0")));
    Set<Version> sorted = new TreeSet<>(List.of(v("2"), v("2.0"), v("2.0.0")));
    assertEquals(1, hashed.size());
    assertEquals(1, sorted.size());
    assertTrue(hashed.contains(v("2.0.0.0")));
  }

  @Test
  void versionIsNotEqualToItsTextOrToNull() {
    assertFalse(v("2.0").equals("2.0"));
    assertFalse(v("2.0").equals(null));
  }

  @Test
  void toStringKeepsTheSpellingThatWasParsed() {
    assertEquals("2.0", v("2.0").toString());
    assertEquals("2", v("2").toString());
    assertEquals("2.10.1", v("2.10.1").toString());
    assertEquals("0", v("0").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "1.0", "2.10", "1.2.3.4", "999999999", "0.0.0.0", "10.20.30"})
  void wellFormedVersionsParse(String text) {
    assertEquals(text, Version.parse(text).toString());
    assertEquals(Optional.of(Version.parse(text)), Version.tryParse(text));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"2.x", "v2.0", "2.0-SNAPSHOT", "2..0", ".2", "2.", "1.2.3.4.5", " 2.0", "2.0 ", "-1",
      "02", "2.01", "1,0", "1e3", "1000000000", "２.０"})
  void malformedVersionsAreRejectedByTryParse(String text) {
    assertEquals(Optional.empty(), Version.tryParse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.x", "v2.0", "1.2.3.4.5", "", "2.0-SNAPSHOT"})
  void malformedVersionsAreRejectedWithAMessageNamingTheTextAndTheExpectedForm(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("dot-separated whole numbers"), e.getMessage());
    assertTrue(e.getMessage().contains("\"2.0\""), e.getMessage());
  }

  @Test
  void nullVersionIsRejectedWithIllegalArgumentException() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(null));
    assertTrue(e.getMessage().contains("not a release number"), e.getMessage());
  }

  @Test
  void constructorCopiesTheArraySoLaterChangesToItDoNotLeakIn() {
    int[] parts = {2, 0};
    Version version = new Version(parts);
    parts[0] = 9;
    assertEquals("2.0", version.toString());
  }

  @Test
  void partsAccessorDoesNotExposeTheInternalArray() {
    Version version = v("2.0");
    version.parts()[0] = 9;
    // A Version is a key in sorted sets and maps (releases, phases); it must not be changeable from outside.
    assertEquals("2.0", version.toString());
    assertEquals(v("2.0"), version);
  }
}
