package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.Test;

/** javac finds the processor on the class path, and Gradle knows it aggregates across entities. */
class ProcessorRegistrationTest {
  @Test
  void processorIsRegisteredAsAService() {
    assertTrue(ServiceLoader.load(Processor.class).stream()
        .anyMatch(p -> p.type() == CrossfadeProcessor.class), "META-INF/services entry written by AutoService");
  }

  @Test
  void processorIsDeclaredAggregatingForGradleIncrementalBuilds() throws IOException {
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertNotNull(in, "META-INF/gradle/incremental.annotation.processors is missing");
      assertEquals("dev.crossfade.processor.CrossfadeProcessor,aggregating",
          new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }
}
