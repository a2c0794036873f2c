package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A build on a machine with a Turkish locale and a UTC+12:45 time zone writes the very same files: the SQL
 * (where {@code toUpperCase} would turn {@code constraint} into {@code CONSTRAİNT}, which no database
 * accepts), the plans, the snapshots and the generated repositories. javac and the processor run in a fresh
 * JVM started in that locale, so nothing loaded before the locale was set can hide a difference.
 */
class LocaleProofBuildTest {
  @Test
  void aBuildInATurkishLocaleAndTheChathamTimeZoneWritesByteIdenticalFiles() {
    Map<String, String> usual = Build.files();
    Map<String, String> turkish = ForkedJvm.run(Build.class, ForkedJvm.TURKISH);
    ForkedJvm.assertRanTurkish(turkish);
    turkish.remove(ForkedJvm.JVM_KEY);
    turkish.remove("(output)");

    assertTrue(usual.keySet().stream().anyMatch(p -> p.endsWith("postgres/1.0/expand.sql")), usual.keySet().toString());
    assertTrue(usual.keySet().stream().anyMatch(p -> p.endsWith("mariadb/2.0/backfill.sql")), usual.keySet().toString());
    assertTrue(usual.containsKey("snapshots/2.0.json"), usual.keySet().toString());
    ForkedJvm.assertSameOutputs(usual, turkish, "the files generated in the Turkish locale");
    turkish.forEach((path, text) -> assertFalse(text.contains("İ") || text.contains("ı"),
        path + " contains a Turkish dotted or dotless i"));
  }

  /** The child: compiles the sample domain with the processor and writes every generated file. */
  static final class Build {
    public static void main(String[] args) throws Exception {
      ForkedJvm.write(args, files());
    }

    /**
     * What the sample's build writes: every release's SQL and plan, the repositories' sources, and the
     * snapshots (1.0 shipped first, then 2.0 compiled against it, as {@link SnapshotFilesTest} does).
     */
    static Map<String, String> files() {
      try {
        Path snapshots = Files.createTempDirectory("crossfade-snapshots");
        String option = "-Acrossfade.snapshots=" + snapshots;
        CompiledDomain.compile(CompiledDomain.RELEASE_1_0, option);
        CompiledDomain d = CompiledDomain.compile(CompiledDomain.RELEASE_2_0, option);
        Map<String, String> all = new TreeMap<>(d.resources());
        all.putAll(d.sources());
        SnapshotFilesTest.files(snapshots).forEach((name, text) -> all.put("snapshots/" + name, text));
        return all;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
