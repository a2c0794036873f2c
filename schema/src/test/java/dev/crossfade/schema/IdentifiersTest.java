package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"host", "ip_address", "host_network", "a", "_private", "col_2", "x1y2", "_"})
  void lowerSnakeCaseNamesAreValid(String name) {
    assertTrue(Identifiers.isValid(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"select", "order", "user", "table", "group", "from", "where", "key", "index"})
  void reservedWordsAreValidBecauseGeneratedSqlAlwaysQuotesThem(String name) {
    assertTrue(Identifiers.isValid(name));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Host", "ipAddress", "IP", "1host", "9", "ip-address", "ip address", "host.name",
      "\"host\"", "höst", "host$", "host;drop", " host", "host\n"})
  void namesThatAreNotLowerSnakeCaseAreInvalid(String name) {
    assertFalse(Identifiers.isValid(name));
  }

  @Test
  void sixtyThreeCharactersAreTheLimit() {
    assertEquals(63, Identifiers.MAX_LENGTH);
    assertTrue(Identifiers.isValid("a".repeat(63)));
    assertFalse(Identifiers.isValid("a".repeat(64)));
  }

  @ParameterizedTest
  @CsvSource({
      "ipAddress, ip_address",
      "HTTPServer, http_server",
      "osName, os_name",
      "HostOS, host_os",
      "id, id",
      "name, name",
      "Host, host",
      "URL, url",
      "memoryMb, memory_mb",
      "cpuCount, cpu_count",
      "ipV4Address, ip_v4_address",
      "line2Text, line2_text",
      "already_snake, already_snake",
      "getHTTPResponseCode, get_http_response_code",
  })
  void snakeCaseSplitsWordsTheWayAReaderWould(String javaName, String expected) {
    assertEquals(expected, Identifiers.snakeCase(javaName));
  }

  @Test
  void snakeCaseIsLocaleProof() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      // Under a Turkish locale a naive toLowerCase() turns 'I' into a dotless 'ı'.
      assertEquals("id", Identifiers.snakeCase("ID"));
      assertEquals("host_ip", Identifiers.snakeCase("HostIP"));
      assertEquals("is_invalid", Identifiers.snakeCase("isInvalid"));
      assertTrue(Identifiers.isValid(Identifiers.snakeCase("ISBNIndex")));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void snakeCaseOfATypicalJavaFieldIsAValidIdentifier() {
    for (String name : List.of("ipAddress", "HTTPServer", "osName", "HostOS", "memoryBytes", "x")) {
      assertTrue(Identifiers.isValid(Identifiers.snakeCase(name)), name);
    }
  }

  @Test
  void derivedKeepsNamesThatAlreadyFit() {
    String fits = "host_hostname_idx";
    assertSame(fits, Identifiers.derived(fits));
    String exactly63 = "a".repeat(63);
    assertEquals(exactly63, Identifiers.derived(exactly63));
  }

  @Test
  void derivedShortensLongNamesToAtMostSixtyThreeValidCharacters() {
    for (int length : new int[] {64, 65, 100, 500}) {
      String longName = "t".repeat(length - 4) + "_idx";
      String derived = Identifiers.derived(longName);
      assertTrue(derived.length() <= Identifiers.MAX_LENGTH, derived);
      assertTrue(Identifiers.isValid(derived), derived);
    }
  }

  @Test
  void derivedKeepsTheStartOfTheNameReadable() {
    String longName = "customer_subscription_billing_period_adjustment_history_amount_cents_idx";
    String derived = Identifiers.derived(longName);
    assertEquals(63, derived.length());
    assertTrue(derived.startsWith(longName.substring(0, 50)), derived);
    assertTrue(derived.matches(".*_[0-9a-f]{8}"), derived);
  }

  @Test
  void derivedIsStableAcrossCalls() {
    String longName = "customer_subscription_billing_period_adjustment_history_amount_cents_idx";
    String first = Identifiers.derived(longName);
    assertEquals(first, Identifiers.derived(new String(longName.toCharArray())));
    assertEquals(first, Identifiers.derived(longName));
  }

  @Test
  void derivedGivesDistinctNamesForDistinctLongNamesWithTheSamePrefix() {
    String prefix = "customer_subscription_billing_period_adjustment_history_records_";
    Set<String> derived = new HashSet<>();
    List<String> columns = List.of("amount", "amount_cents", "currency", "due_date", "paid_at", "note", "a", "b");
    for (String column : columns) {
      assertTrue((prefix + column + "_idx").length() > Identifiers.MAX_LENGTH, column);
      derived.add(Identifiers.derived(prefix + column + "_idx"));
    }
    assertEquals(columns.size(), derived.size(), derived.toString());
  }

  @Test
  void derivedGivesDistinctNamesForLongNamesThatDifferOnlyInTwoTrailingCharacters() {
    // Two valid index names on columns "c0" and "an" of the same long-named table. The Javadoc promises that
    // "two long names never collide"; String.hashCode() makes "c0" and "an" hash alike (99*31+48 == 97*31+110).
    String prefix = "customer_subscription_billing_period_adjustment_history_records_";
    assertTrue((prefix + "c0_idx").length() > Identifiers.MAX_LENGTH);
    String a = Identifiers.derived(prefix + "c0_idx");
    String b = Identifiers.derived(prefix + "an_idx");
    assertNotEquals(a, b);
  }
}
