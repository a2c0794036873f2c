package dev.crossfade.processor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/**
 * A stand-in for "another processor that generates entities": in its first round it writes the
 * {@code @Table} record {@link #ENTITY}, which javac then hands to Crossfade in the second round, after
 * Crossfade has already generated this domain's SQL.
 */
final class ErrorCatalogueEntityGenerator extends AbstractProcessor {
  static final String ENTITY = "inventory.AuditEntry";
  static final String SOURCE = """
      package inventory;

      import dev.crossfade.Id;
      import dev.crossfade.Table;

      @Table("audit_entry")
      public record AuditEntry(@Id long id, String action) {}
      """;

  private JavaFileObject written;

  /**
   * The file written in the first round, for {@code inFile(…)}: same URI, readable text. (compile-testing
   * hides the generated files of a failed compilation, and the Filer's own handle is write-only.)
   */
  JavaFileObject file() {
    if (written == null) {
      throw new IllegalStateException("the generator has not run");
    }
    return new SimpleJavaFileObject(written.toUri(), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return SOURCE;
      }

      @Override
      public InputStream openInputStream() {
        return new ByteArrayInputStream(SOURCE.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (written == null) {
      try {
        written = processingEnv.getFiler().createSourceFile(ENTITY);
        try (Writer out = written.openWriter()) {
          out.write(SOURCE);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
