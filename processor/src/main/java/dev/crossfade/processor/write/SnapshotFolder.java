package dev.crossfade.processor.write;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The folder of release snapshots, {@code -Acrossfade.snapshots}: read at the start of a compile, and the
 * code's release's snapshot written into it at the end of a compile without errors.
 *
 * <p>It lives in the user's sources, under version control, so it is written with {@code java.nio} rather
 * than the Filer, which only writes into the build's outputs (Room writes its schemas the same way). A
 * relative path resolves against the compiler's working directory; builds should pass an absolute one
 * ({@code ${project.basedir}/…} in Maven).
 */
public final class SnapshotFolder {
  private final String option;
  private final Path folder;

  private SnapshotFolder(String option, Path folder) {
    this.option = option;
    this.folder = folder;
  }

  /** The folder of the reviewed SQL fragments (the escape hatch): {@code sql/} inside the snapshots folder. */
  public Path sqlFolder() {
    return folder.resolve("sql");
  }

  /** The folder as the {@code -Acrossfade.snapshots} option names it, for messages. */
  public String option() {
    return option;
  }

  /** The folder the option names, or empty (with an error) when the option cannot name one. */
  public static Optional<SnapshotFolder> of(String option, Diagnostics diagnostics) {
    if (option.isBlank()) {
      diagnostics.error(Message.SNAPSHOTS_FOLDER_UNUSABLE, option, "it is empty");
      return Optional.empty();
    }
    Path folder;
    try {
      folder = Path.of(option.trim());
    } catch (InvalidPathException e) {
      diagnostics.error(Message.SNAPSHOTS_FOLDER_UNUSABLE, option, "not a path: " + e.getReason());
      return Optional.empty();
    }
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      diagnostics.error(Message.SNAPSHOTS_FOLDER_UNUSABLE, option, "it is a file, not a folder");
      return Optional.empty();
    }
    return Optional.of(new SnapshotFolder(option, folder));
  }

  /**
   * Every snapshot in the folder by release; a missing folder is an empty history (the first release).
   * Each {@code *.json} that is not a readable snapshot named after its release is one error.
   */
  public SortedMap<Version, Snapshot> read(Diagnostics diagnostics) {
    SortedMap<Version, Snapshot> snapshots = new TreeMap<>();
    if (!Files.isDirectory(folder)) {
      return snapshots;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      diagnostics.error(Message.SNAPSHOTS_FOLDER_UNUSABLE, option, "it cannot be listed: " + e.getMessage());
      return snapshots;
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String stem = name.substring(0, name.length() - ".json".length());
      Optional<Version> named = Version.tryParse(stem);
      if (named.isEmpty()) {
        diagnostics.error(Message.SNAPSHOT_UNREADABLE, file, "its name is not <release>.json, like 2.0.json");
        continue;
      }
      Snapshot s;
      try {
        s = Snapshot.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException | IllegalArgumentException e) {
        diagnostics.error(Message.SNAPSHOT_UNREADABLE, file, e.getMessage());
        continue;
      }
      if (!s.release().equals(named.get())) {
        diagnostics.error(Message.SNAPSHOT_UNREADABLE, file, "it holds release " + s.release()
            + ", not the release " + stem + " its name says");
        continue;
      }
      if (snapshots.putIfAbsent(s.release(), s) != null) {
        diagnostics.error(Message.SNAPSHOT_UNREADABLE, file, "another file already holds release " + s.release());
      }
    }
    return snapshots;
  }

  /**
   * Writes {@code <release>.json}, creating the folder; leaves an identical file untouched so that builds
   * and version control see no change.
   */
  public void write(Snapshot snapshot, Diagnostics diagnostics) {
    Path file = folder.resolve(snapshot.release() + ".json");
    byte[] bytes = snapshot.toJson().getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(folder);
      if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
        return;
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      diagnostics.error(Message.SNAPSHOTS_FOLDER_UNUSABLE, option, "cannot write " + file + ": " + e);
    }
  }
}
