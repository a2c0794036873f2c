package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private static final Snapshot SAMPLE = Snapshot.of(SampleModel.model());

  @Test
  void snapshotHoldsTheLayoutWhileTheReleaseIsExpandedWithTheAnnotationsBehindIt() {
    Snapshot.Table host = SAMPLE.tables().get("host");
    assertEquals(List.of("audit_entry", "host", "host_network"), List.copyOf(SAMPLE.tables().keySet()));
    assertEquals("id", host.key());
    assertEquals(SampleModel.V1, host.since());
    Snapshot.Column name = host.columns().get("name");
    assertEquals("name", name.field());
    assertEquals("VARCHAR(255)", name.type());
    assertEquals(SampleModel.V2, name.deprecatedIn());
    assertEquals("host.hostname", name.movedTo());
    assertEquals(SampleModel.V2, host.columns().get("cpu_count").since());
    assertEquals("1", host.columns().get("cpu_count").defaultValue());
    assertEquals(SampleModel.V2, SAMPLE.tables().get("audit_entry").deprecatedIn());
  }

  @Test
  void structuresDroppedByAnEarlierContractAreNotInTheSnapshot() {
    SchemaModel release3 = new SchemaModel(Version.parse("3.0"), SampleModel.V1,
        SampleModel.model().entities());
    Snapshot s = Snapshot.of(release3);
    assertFalse(s.tables().containsKey("audit_entry"));
    assertFalse(s.tables().get("host").columns().containsKey("rack"));
    assertTrue(s.tables().get("host").columns().containsKey("hostname"));
  }

  @Test
  void jsonRoundTripsAndSortsEveryKey() {
    String json = SAMPLE.toJson();
    assertEquals(SAMPLE, Snapshot.parse(json));
    assertTrue(json.startsWith("{\n  \"baseline\" : \"1.0\",\n  \"format\" : 1,\n  \"release\" : \"2.0\",\n"), json);
    assertTrue(json.indexOf("\"audit_entry\"") < json.indexOf("\"host\""));
    assertTrue(json.indexOf("\"columns\"") < json.indexOf("\"entity\""), "table keys are sorted too");
    assertFalse(json.contains("\r"));
    assertFalse(json.contains(": null"), "nulls are left out");
    assertTrue(json.endsWith("}\n"));
  }

  @Test
  void jsonIsTheSameUnderATurkishLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals(SAMPLE.toJson(), Snapshot.of(SampleModel.model()).toJson());
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void rowEstimatesAreCarriedOverFromAnEarlierSnapshot() {
    Snapshot edited = Snapshot.parse(SAMPLE.toJson().replace("\"key\" : \"id\",\n",
        "\"key\" : \"id\",\n      \"rows\" : 5000000,\n"));
    assertEquals(5_000_000L, edited.tables().get("host").rows());
    Snapshot next = Snapshot.of(SampleModel.model()).withRowsFrom(edited);
    assertEquals(5_000_000L, next.tables().get("host").rows());
    assertNull(next.tables().get("host_network").rows());
  }

  @Test
  void unreadableSnapshotsAreRefusedWithAReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Snapshot.parse("{ not json"))
        .getMessage().startsWith("it is not snapshot JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Snapshot.parse("{\"format\": 1}"))
        .getMessage().contains("\"release\""));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Snapshot.parse("{\"format\": 9, \"release\": \"1.0\", \"baseline\": \"1.0\"}"))
        .getMessage().contains("format 9"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> Snapshot.parse("{\"release\": \"one\", \"baseline\": \"1.0\"}"))
        .getMessage().startsWith("it is not snapshot JSON"));
  }
}
