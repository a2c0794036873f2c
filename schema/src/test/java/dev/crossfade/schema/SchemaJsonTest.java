package dev.crossfade.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {

  @Test
  void roundTripGivesBackAnEqualModel() {
    SchemaModel model = SampleModel.model(true);
    assertEquals(model, SchemaJson.read(SchemaJson.write(model)));
  }

  @Test
  void roundTripKeepsEveryDetailOfEveryField() {
    SchemaModel model = SampleModel.model(true);
    SchemaModel back = SchemaJson.read(SchemaJson.write(model));
    for (int i = 0; i < model.entities().size(); i++) {
      EntityDef e = model.entities().get(i);
      EntityDef b = back.entities().get(i);
      assertEquals(e.className(), b.className());
      assertEquals(e.table(), b.table());
      assertEquals(e.fields(), b.fields());
    }
    FieldDef memoryMb = back.entity(SampleModel.HOST).orElseThrow().field("memoryMb").orElseThrow();
    assertEquals(new MoveDef(SampleModel.HOST, "memoryBytes", "x.Conv"), memoryMb.move());
    assertEquals(JavaKind.INT, memoryMb.javaKind());
    FieldDef cpu = back.entity(SampleModel.HOST).orElseThrow().field("cpuCount").orElseThrow();
    assertEquals("1", cpu.defaultValue());
    assertTrue(back.entity(SampleModel.HOST).orElseThrow().field("hostname").orElseThrow().indexed());
  }

  @Test
  void rewritingWhatWasReadGivesTheSameBytes() {
    String json = SchemaJson.write(SampleModel.model(true));
    assertEquals(json, SchemaJson.write(SchemaJson.read(json)));
  }

  @Test
  void enumConstantsRoundTripWithTheirSinceAndAreLeftOutForOtherFields() {
    FieldDef status = new FieldDef("status", "status", JavaKind.ENUM, "x.Status", SqlType.of(JavaKind.ENUM, 0, 0, -1),
        true, null, false, false, false, null, null, null,
        List.of(new EnumConstant("ACTIVE", null), new EnumConstant("ARCHIVED", Version.parse("2.0"))));
    SchemaModel model = new SchemaModel(Version.parse("2.0"), Version.parse("1.0"), List.of(new EntityDef("x.Device",
        "device", null, null, List.of(SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG_PRIMITIVE, false,
            null, null, null)).id(), status))));
    String json = SchemaJson.write(model);
    assertEquals(model, SchemaJson.read(json));
    assertEquals(1, json.split("\"constants\"", -1).length - 1, json);
    // A schema.json written before constants were recorded reads as an enum with unknown (no) constants.
    SchemaModel old = SchemaJson.read(json.replaceAll("(?s),\\s*\"constants\" : \\[.*?\\]", ""));
    assertEquals(List.of(), old.entity("x.Device").orElseThrow().field("status").orElseThrow().constants());
  }

  @Test
  void writingTwiceGivesIdenticalText() {
    assertEquals(SchemaJson.write(SampleModel.model()), SchemaJson.write(SampleModel.model()));
  }

  @Test
  void outputDoesNotDependOnTheOrderEntitiesWereGivenIn() {
    SchemaModel reversed = new SchemaModel(SampleModel.V2, SampleModel.V1,
        List.of(SampleModel.hostNetwork(), SampleModel.host(false, null), SampleModel.auditEntry()));
    assertEquals(SchemaJson.write(SampleModel.model()), SchemaJson.write(reversed));
  }

  @Test
  void outputUsesUnixLineEndsTwoSpaceIndentAndEndsWithOneNewline() {
    String json = SchemaJson.write(SampleModel.model());
    assertTrue(json.endsWith("}\n"), json.substring(json.length() - 5));
    assertFalse(json.endsWith("\n\n"));
    assertFalse(json.contains("\r"));
    assertTrue(json.startsWith("{\n  \"format\" : 1,\n  \"schema\" : {\n    \"release\""), json.substring(0, 60));
    assertFalse(json.contains("\t"));
  }

  @Test
  void versionsAreWrittenAsStringsInTheirOwnSpelling() {
    String json = SchemaJson.write(SampleModel.model());
    assertTrue(json.contains("\"release\" : \"2.0\""), json);
    assertTrue(json.contains("\"baseline\" : \"1.0\""), json);
    assertTrue(json.contains("\"since\" : \"2.0\""), json);
    assertTrue(json.contains("\"deprecatedIn\" : \"2.0\""), json);
    assertFalse(json.contains("\"parts\""), json);
  }

  @Test
  void versionsWithTwoDigitPartsSurviveTheRoundTrip() {
    Version r = Version.parse("2.10");
    SchemaModel model = new SchemaModel(r, Version.parse("1.9"), List.of(SampleModel.auditEntry()));
    String json = SchemaJson.write(model);
    assertTrue(json.contains("\"release\" : \"2.10\""), json);
    assertEquals("2.10", SchemaJson.read(json).release().toString());
  }

  @Test
  void keysKeepTheDeclarationOrderOfTheRecords() {
    String json = SchemaJson.write(SampleModel.model());
    int className = json.indexOf("\"className\"");
    int table = json.indexOf("\"table\"");
    int fields = json.indexOf("\"fields\"");
    assertTrue(className < table && table < fields, json);
    int name = json.indexOf("\"name\"");
    int column = json.indexOf("\"column\"");
    int move = json.indexOf("\"move\"");
    assertTrue(name < column && column < move, json);
  }

  @Test
  void outputIsTheSameUnderATurkishLocale() {
    String expected = SchemaJson.write(SampleModel.model());
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals(expected, SchemaJson.write(SampleModel.model()));
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void unknownPropertiesFromANewerCompatibleWriterAreIgnored() {
    String json = SchemaJson.write(SampleModel.model())
        .replace("\"format\" : 1,", "\"format\" : 1,\n  \"generator\" : \"crossfade 9\",");
    assertEquals(SampleModel.model(), SchemaJson.read(json));
  }

  @Test
  void aNewerFormatIsRefusedWithAnUpgradeHint() {
    String json = SchemaJson.write(SampleModel.model()).replace("\"format\" : 1,", "\"format\" : 2,");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchemaJson.read(json));
    assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
  }

  @Test
  void unreadableJsonFailsWithAClearMessage() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SchemaJson.read("{ not json"));
    assertTrue(e.getMessage().startsWith("schema.json is not readable"), e.getMessage());
  }

  @Test
  void aMalformedVersionInTheFileIsRejected() {
    String json = SchemaJson.write(SampleModel.model()).replace("\"release\" : \"2.0\"", "\"release\" : \"2.x\"");
    RuntimeException e = assertThrows(RuntimeException.class, () -> SchemaJson.read(json));
    assertTrue(String.valueOf(e.getMessage()).contains("2.x"), e.getMessage());
  }

  @Test
  void anExtractionKeepsItsRowKeyAndOlderFilesWithoutOneStillRead() {
    String json = SchemaJson.write(SampleModel.model(true));
    assertFalse(json.contains("\"key\" :"), "a move that is no extraction writes no key");
    MoveDef keyed = new MoveDef("x.CustomerPhone", "number", null, "1");
    FieldDef phone1 = new FieldDef("phone1", "phone1", JavaKind.STRING, "java.lang.String",
        SqlType.of(JavaKind.STRING, 0, 0, -1), true, null, false, false, false, null, Version.parse("2.0"), keyed);
    FieldDef id = SampleModel.with(SampleModel.field("id", "id", JavaKind.LONG_PRIMITIVE, false, null, null, null)).id();
    SchemaModel model = new SchemaModel(Version.parse("2.0"), Version.parse("1.0"),
        List.of(new EntityDef("x.Customer", "customer", null, null, List.of(id, phone1))));
    String written = SchemaJson.write(model);
    assertEquals(model, SchemaJson.read(written));
    assertEquals("1", SchemaJson.read(written).entity("x.Customer").orElseThrow().field("phone1").orElseThrow()
        .move().key());
  }

}
