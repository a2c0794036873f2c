package dev.crossfade.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The schema model as JSON: {@code META-INF/crossfade/schema.json}, which the runtime reads to know the
 * layout each phase implies. Stable and readable in a diff: keys in declaration order of the records,
 * versions as strings, two-space indent, {@code \n} line ends, a final newline.
 */
public final class SchemaJson {
  /** Bumped when the format changes incompatibly; readers refuse a newer one with a clear message. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new SimpleModule()
          .addSerializer(Version.class, new JsonSerializer<>() {
            @Override
            public void serialize(Version v, JsonGenerator g, SerializerProvider p) throws IOException {
              g.writeString(v.toString());
            }
          })
          .addDeserializer(Version.class, new JsonDeserializer<>() {
            @Override
            public Version deserialize(JsonParser p, DeserializationContext c) throws IOException {
              return Version.parse(p.getValueAsString());
            }
          }))
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private SchemaJson() {}

  /** The document: a format number, then the model. */
  public record Document(int format, SchemaModel schema) {}

  public static String write(SchemaModel model) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(new Document(FORMAT, model)) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SchemaModel read(String json) {
    try {
      Document d = MAPPER.readValue(json, Document.class);
      if (d.format() > FORMAT) {
        throw new IllegalArgumentException("schema.json has format " + d.format() + " but this Crossfade reads up to "
            + FORMAT + "; upgrade the crossfade-runtime dependency to the processor's version");
      }
      return d.schema();
    } catch (IOException e) {
      throw new UncheckedIOException("schema.json is not readable: " + e.getMessage(), e);
    }
  }
}
