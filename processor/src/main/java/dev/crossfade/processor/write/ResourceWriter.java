package dev.crossfade.processor.write;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes every generated resource through the Filer, with the entities it came from as originating
 * elements (the processor aggregates, so every entity originates every file), as UTF-8 with {@code \n}.
 */
public final class ResourceWriter {
  private final Filer filer;
  private final Element[] originating;

  public ResourceWriter(Filer filer, Element[] originating) {
    this.filer = filer;
    this.originating = originating.clone();
  }

  public void write(String path, String text) {
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, originating);
      try (OutputStream out = file.openOutputStream()) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
