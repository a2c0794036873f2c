package dev.crossfade.schema.plan;

import static dev.crossfade.schema.SampleModel.V1;
import static dev.crossfade.schema.SampleModel.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SampleModel;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SqlType;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Layout.Column;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayoutTest {
  private static final SchemaModel MODEL = SampleModel.model();
  private static final List<String> OLD_HOST = List.of("id", "ip", "memory_mb", "name", "rack");
  private static final List<String> EXPANDED_HOST =
      List.of("cpu_count", "hostname", "id", "ip", "memory_bytes", "memory_mb", "name", "rack");

  private static Layout at(Phase phase) {
    return Layout.at(MODEL, V2, phase);
  }

  private static List<String> columns(Layout layout, String table) {
    return List.copyOf(layout.columns(table).keySet());
  }

  @Test
  void pendingHasOnlyTheBaselineLayout() {
    Layout l = at(Phase.PENDING);
    assertEquals(List.of("audit_entry", "host"), List.copyOf(l.tables().keySet()));
    assertEquals(OLD_HOST, columns(l, "host"));
    assertEquals(List.of("id"), columns(l, "audit_entry"));
    assertFalse(l.columns("host").get("name").nullable());
    assertTrue(l.columns("host").get("ip").nullable());
  }

  @ParameterizedTest
  @EnumSource(value = Phase.class, names = {"EXPANDED", "MIGRATING", "MIGRATED", "CONTRACTING"})
  void fromExpandedUntilContractedOldAndNewStructuresExistSideBySide(Phase phase) {
    Layout l = at(phase);
    assertEquals(List.of("audit_entry", "host", "host_network"), List.copyOf(l.tables().keySet()));
    assertEquals(EXPANDED_HOST, columns(l, "host"));
    assertEquals(List.of("host_id", "ip_address"), columns(l, "host_network"));
    assertEquals(List.of("id"), columns(l, "audit_entry"));
  }

  @ParameterizedTest
  @EnumSource(value = Phase.class, names = {"EXPANDED", "MIGRATING", "MIGRATED", "CONTRACTING"})
  void aBackfilledNotNullColumnStaysNullableUntilContracted(Phase phase) {
    Map<String, Column> host = at(phase).columns("host");
    assertTrue(host.get("hostname").nullable(), "hostname in " + phase);
    assertTrue(host.get("memory_bytes").nullable());
    assertFalse(host.get("cpu_count").nullable(), "a new column with a default is NOT NULL at once");
  }

  @ParameterizedTest
  @EnumSource(value = Phase.class, names = {"EXPANDED", "MIGRATING", "MIGRATED", "CONTRACTING"})
  void aDeprecatedNotNullColumnWithoutDefaultIsNullableFromExpandUntilDropped(Phase phase) {
    Map<String, Column> host = at(phase).columns("host");
    assertTrue(host.get("name").nullable(), "name in " + phase);
    assertTrue(host.get("memory_mb").nullable(), "memory_mb in " + phase);
    assertFalse(host.get("id").nullable());
  }

  @Test
  void contractedHasOnlyTheNewLayoutWithTheBackfilledColumnNotNull() {
    Layout l = at(Phase.CONTRACTED);
    assertEquals(List.of("host", "host_network"), List.copyOf(l.tables().keySet()));
    assertEquals(List.of("cpu_count", "hostname", "id", "memory_bytes"), columns(l, "host"));
    assertEquals(List.of("host_id", "ip_address"), columns(l, "host_network"));
    Map<String, Column> host = l.columns("host");
    assertFalse(host.get("hostname").nullable());
    assertTrue(host.get("memory_bytes").nullable());
    assertFalse(host.get("cpu_count").nullable());
    assertFalse(host.get("id").nullable());
  }

  @Test
  void columnsCarryTheirSqlTypes() {
    Map<String, Column> host = at(Phase.EXPANDED).columns("host");
    assertEquals(new SqlType(SqlType.Kind.VARCHAR, 255, 0, 0), host.get("hostname").type());
    assertEquals(new SqlType(SqlType.Kind.BIGINT, 0, 0, 0), host.get("memory_bytes").type());
    assertEquals(new SqlType(SqlType.Kind.INTEGER, 0, 0, 0), host.get("memory_mb").type());
  }

  @Test
  void theBaselineReleaseItselfPendingMeansAnEmptyShard() {
    assertTrue(Layout.at(MODEL, V1, Phase.PENDING).tables().isEmpty());
    assertEquals(at(Phase.PENDING), Layout.at(MODEL, V1, Phase.CONTRACTED));
    assertEquals(at(Phase.PENDING), Layout.at(MODEL, V1, Phase.EXPANDED));
  }

  @Test
  void aReleaseAfterTheLastChangeSeesEverythingContracted() {
    assertEquals(at(Phase.CONTRACTED), Layout.at(MODEL, Version.parse("3.0"), Phase.PENDING));
  }

  @Test
  void ofAcceptsAnyMixOfPhases() {
    Layout mixed = Layout.of(MODEL, v -> v.equals(V1) ? Phase.CONTRACTED : Phase.MIGRATED);
    assertEquals(at(Phase.MIGRATED), mixed);
    Layout nothing = Layout.of(MODEL, v -> Phase.PENDING);
    assertTrue(nothing.tables().isEmpty());
  }

  @Test
  void columnsOfAMissingTableAreEmpty() {
    assertTrue(at(Phase.PENDING).columns("host_network").isEmpty());
  }

  @Test
  void layoutIsAnImmutableCopy() {
    TreeMap<String, Column> cols = new TreeMap<>();
    cols.put("id", new Column(new SqlType(SqlType.Kind.BIGINT, 0, 0, 0), false));
    TreeMap<String, java.util.SortedMap<String, Column>> tables = new TreeMap<>();
    tables.put("t", cols);
    Layout l = new Layout(tables);
    cols.put("extra", new Column(new SqlType(SqlType.Kind.BIGINT, 0, 0, 0), true));
    tables.put("u", new TreeMap<>());
    assertEquals(List.of("t"), List.copyOf(l.tables().keySet()));
    assertEquals(List.of("id"), List.copyOf(l.columns("t").keySet()));
    assertThrows(UnsupportedOperationException.class, () -> l.tables().clear());
    assertThrows(UnsupportedOperationException.class, () -> l.columns("t").clear());
  }
}
