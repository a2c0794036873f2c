package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshots the processor writes into {@code -Acrossfade.snapshots}: their format (a golden of the
 * sample domain's 1.0 and 2.0), byte-identical across builds (and locales: {@link LocaleProofBuildTest}),
 * and the sample app's committed snapshots are exactly what the processor writes for it.
 */
class SnapshotFilesTest {
  static final Path SAMPLE_APP_SNAPSHOTS = Path.of("..", "sample-app", "src", "main", "crossfade-snapshots");

  /** Ships the sample's 1.0 and then compiles its 2.0 against it, as the sample app's team did. */
  static Map<String, String> sampleSnapshots(Path folder) {
    String option = "-Acrossfade.snapshots=" + folder;
    CompiledDomain.compile(CompiledDomain.RELEASE_1_0, option);
    CompiledDomain.compile(CompiledDomain.RELEASE_2_0, option);
    return files(folder);
  }

  @Test
  void sampleDomainSnapshotsHaveTheGoldenFormat(@TempDir Path folder) {
    GoldenFiles.assertMatches("snapshots", sampleSnapshots(folder));
  }

  @Test
  void sampleAppCommitsTheSnapshotsTheProcessorWrites(@TempDir Path folder) {
    assertEquals(sampleSnapshots(folder), files(SAMPLE_APP_SNAPSHOTS),
        "sample-app/src/main/crossfade-snapshots is out of date: build the sample app and commit its snapshots");
  }

  /** Locales and time zones: {@link LocaleProofBuildTest} compares the snapshots built in a forked Turkish JVM. */
  @Test
  void snapshotsAreByteIdenticalAcrossBuilds(@TempDir Path first, @TempDir Path second) {
    assertEquals(sampleSnapshots(first), sampleSnapshots(second));
  }

  /** An unchanged snapshot is not rewritten, so builds and version control see no change. */
  @Test
  void unchangedSnapshotIsLeftUntouched(@TempDir Path folder) throws IOException {
    sampleSnapshots(folder);
    Path file = folder.resolve("2.0.json");
    FileTime old = FileTime.fromMillis(0);
    Files.setLastModifiedTime(file, old);
    CompiledDomain.compile(CompiledDomain.RELEASE_2_0, "-Acrossfade.snapshots=" + folder);
    assertEquals(old, Files.getLastModifiedTime(file));
  }

  static Map<String, String> files(Path folder) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path p : list.sorted().toList()) {
        out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
