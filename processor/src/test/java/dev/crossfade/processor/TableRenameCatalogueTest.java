package dev.crossfade.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueTest.Raises;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.SchemaJson;
import dev.crossfade.schema.SchemaModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Table rename (issue 17): {@code @DeprecatedIn("2.0") @MovedTo(entity = CustomerNote.class)} on the old entity
 * type. Its faults in the catalogue's shape (text, file and line, one error, the fix compiling), and what a valid
 * one becomes in the model: every field but the key moves to the same-named field, a field-level move overrides.
 */
class TableRenameCatalogueTest {
  private static final String NOTE = "crm.Note";
  private static final String CUSTOMER_NOTE = "crm.CustomerNote";

  private static final String NEW_ENTITY = """
      @Table("customer_note") @Since("2.0")
      public record CustomerNote(@Id long id, long customerId, String body) {}
      """;

  private static ErrorCatalogueDomain release2(String note, String customerNote) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("crm", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type(NOTE, note)
        .type(CUSTOMER_NOTE, customerNote);
  }

  @Test
  void aTypeLevelMoveMovesEveryFieldButTheKeyToTheSameNamedFieldAndAFieldLevelMoveOverridesOne() {
    ErrorCatalogueDomain domain = release2("""
        @Table("note") @DeprecatedIn("2.0") @MovedTo(entity = CustomerNote.class)
        public record Note(@Id long id, long customerId, @MovedTo(entity = CustomerNote.class, field = "text") String body) {}
        """, """
        @Table("customer_note") @Since("2.0")
        public record CustomerNote(@Id long id, long customerId, String text) {}
        """);

    Compilation compilation = domain.compile();
    assertThat(compilation).succeededWithoutWarnings();
    String json = CompiledDomain.of(compilation).resources().get("META-INF/crossfade/schema.json");
    SchemaModel model = SchemaJson.read(json);
    var note = model.table("note").orElseThrow();
    assertThat(note.field("customerId").orElseThrow().move().targetField()).isEqualTo("customerId");
    assertThat(note.field("body").orElseThrow().move().targetField()).isEqualTo("text");
    assertThat(note.field("body").orElseThrow().deprecatedIn().toString()).isEqualTo("2.0");
    assertThat(note.id().move()).isNull();
    assertThat(model.renamedTo(note).orElseThrow().table()).isEqualTo("customer_note");
    Map<String, String> files = CompiledDomain.of(compilation).resources();
    assertThat(files.get("META-INF/crossfade/postgres/2.0/contract.sql")).contains("DROP TABLE \"note\"");
    assertThat(files.get("META-INF/crossfade/postgres/2.0/expand.sql")).doesNotContain("FOREIGN KEY");
  }

  @Test
  @Raises(Message.TABLE_MOVED_WITHOUT_DEPRECATED_IN)
  void aTypeLevelMoveWithoutDeprecatedInIsRejectedOnTheMove() {
    ErrorCatalogueDomain broken = release2("""
        @Table("note")
        @MovedTo(entity = CustomerNote.class)
        public record Note(@Id long id, long customerId, String body) {}
        """, NEW_ENTITY);

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_MOVED_WITHOUT_DEPRECATED_IN.format("Note",
                "2.0", "Note", "note"))
            .inFile(broken.file(NOTE)).onLineContaining("@MovedTo(entity = CustomerNote.class)"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(NOTE, "@Table(\"note\")", "@Table(\"note\") @DeprecatedIn(\"2.0\")")
            .compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.TABLE_MOVED_TO_EXISTING)
  void aRenameIntoAnEntityThatTheReleaseDoesNotCreateIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("note") @DeprecatedIn("2.0")
        @MovedTo(entity = CustomerNote.class)
        public record Note(@Id long id, long customerId, String body) {}
        """, NEW_ENTITY.replace(" @Since(\"2.0\")", ""));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_MOVED_TO_EXISTING.format("Note", "2.0",
                "CustomerNote", "customer_note", "exists since release 1.0", "CustomerNote", "2.0"))
            .inFile(broken.file(NOTE)).onLineContaining("@MovedTo(entity = CustomerNote.class)"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(CUSTOMER_NOTE).type(CUSTOMER_NOTE, NEW_ENTITY).compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.TABLE_MOVED_KEY_MISMATCH)
  void aRenameIntoAnEntityWithAnotherKeyIsRejected() {
    ErrorCatalogueDomain broken = release2("""
        @Table("note") @DeprecatedIn("2.0")
        @MovedTo(entity = CustomerNote.class)
        public record Note(@Id long id, long customerId, String body) {}
        """, NEW_ENTITY.replace("@Id long id", "@Id String id"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_MOVED_KEY_MISMATCH.format("Note",
                "CustomerNote", "CustomerNote.id", "String", "id", "Note", "long", "id", "CustomerNote", "long", "id"))
            .inFile(broken.file(NOTE)).onLineContaining("@MovedTo(entity = CustomerNote.class)"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.without(CUSTOMER_NOTE).type(CUSTOMER_NOTE, NEW_ENTITY).compile()).succeededWithoutWarnings());
  }

  @Test
  @Raises(Message.TABLE_MOVED_FIELD_MISSING)
  void aFieldWithoutASameNamedFieldInTheNewEntityIsRejectedOnTheField() {
    ErrorCatalogueDomain broken = release2("""
        @Table("note") @DeprecatedIn("2.0")
        @MovedTo(entity = CustomerNote.class)
        public record Note(@Id long id, long customerId,
            String body) {}
        """, NEW_ENTITY.replace("String body", "String text"));

    Compilation compilation = broken.compile();

    assertAll(
        () -> assertThat(compilation).hadErrorContaining(Message.TABLE_MOVED_FIELD_MISSING.format("Note.body",
                "CustomerNote", "body", "String", "body", "CustomerNote", "CustomerNote"))
            .inFile(broken.file(NOTE)).onLineContaining("String body"),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(broken.replace(NOTE, "String body", "@MovedTo(entity = CustomerNote.class, field = \"text\")"
            + " String body").compile()).succeededWithoutWarnings());
  }
}
