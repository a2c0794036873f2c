package dev.crossfade.processor.read;

import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.SqlFragment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the reviewed SQL fragments of the escape hatch (docs/escape-hatch.md) from the {@code sql/} folder next to the
 * release snapshots: {@code sql/<release>/<dialect>/<expand|backfill|contract>/NN-name.sql}. Each unreadable file, each
 * header it cannot read, each fragment one compiled dialect lacks, and each folder of a release that changes no table
 * is one error; the fragments of the dialects being compiled come back by release and dialect, in file order.
 */
public final class SqlFragmentReader {
  private final Diagnostics diagnostics;

  public SqlFragmentReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** The fragments by release, then dialect; empty when the folder does not exist. */
  public Map<Version, Map<Dialect, List<SqlFragment>>> read(Path sql, SortedSet<Version> releases,
      List<Dialect> dialects) {
    Map<Version, Map<Dialect, List<SqlFragment>>> out = new TreeMap<>();
    if (!Files.isDirectory(sql)) {
      return out;
    }
    for (Path releaseDir : list(sql)) {
      String releaseName = releaseDir.getFileName().toString();
      Optional<Version> release = Version.tryParse(releaseName);
      if (release.isEmpty() || !Files.isDirectory(releaseDir)) {
        unreadable("sql/" + releaseName, "it is not a release folder; name the folders below sql/ after releases,"
            + " like sql/2.0/");
        continue;
      }
      if (!releases.contains(release.get())) {
        diagnostics.error(Message.SQL_FRAGMENT_RELEASE, releaseName, releaseName,
            releases.stream().map(Version::toString).collect(Collectors.joining(", ")));
        continue;
      }
      Map<Dialect, List<SqlFragment>> byDialect = new TreeMap<>();
      // Every file by step and name, readable or not: an unreadable one is one error, not also a missing one.
      Map<Dialect, java.util.Set<String>> files = new TreeMap<>();
      for (Path dialectDir : list(releaseDir)) {
        String dialectName = dialectDir.getFileName().toString();
        Optional<Dialect> dialect = Dialect.forName(dialectName).filter(d -> d.folder().equals(dialectName));
        if (dialect.isEmpty() || !Files.isDirectory(dialectDir)) {
          unreadable("sql/" + releaseName + "/" + dialectName, "it is not a dialect folder; use postgres, mariadb,"
              + " mysql or h2");
          continue;
        }
        List<SqlFragment> fragments = new ArrayList<>();
        for (Path stepDir : list(dialectDir)) {
          String stepName = stepDir.getFileName().toString();
          SqlFragment.Step step = null;
          for (SqlFragment.Step s : SqlFragment.Step.values()) {
            if (s.folder().equals(stepName)) {
              step = s;
            }
          }
          String where = "sql/" + releaseName + "/" + dialectName + "/" + stepName;
          if (step == null || !Files.isDirectory(stepDir)) {
            unreadable(where, "it is not a step folder; use expand, backfill or contract");
            continue;
          }
          for (Path file : list(stepDir)) {
            String path = where + "/" + file.getFileName();
            String stem = file.getFileName().toString().replaceFirst("\\.sql$", "");
            files.computeIfAbsent(dialect.get(), d -> new TreeSet<>()).add(stepName + "/" + stem);
            try {
              fragments.add(SqlFragment.parse(release.get(), dialect.get(), step, file.getFileName().toString(),
                  Files.readString(file, StandardCharsets.UTF_8)));
            } catch (SqlFragment.CreatesUnreadable e) {
              diagnostics.error(Message.SQL_FRAGMENT_CREATES, path, e.line());
            } catch (IllegalArgumentException e) {
              unreadable(path, e.getMessage());
            } catch (IOException e) {
              unreadable(path, "it cannot be read (" + e.getMessage() + ")");
            }
          }
        }
        if (dialects.contains(dialect.get())) {
          byDialect.put(dialect.get(), fragments);
        }
      }
      missing(release.get(), byDialect, files, dialects);
      if (!byDialect.isEmpty()) {
        out.put(release.get(), byDialect);
      }
    }
    return out;
  }

  /** A fragment one compiled dialect has and another lacks (by step and file name) is an error for the latter. */
  private void missing(Version release, Map<Dialect, List<SqlFragment>> byDialect,
      Map<Dialect, java.util.Set<String>> files, List<Dialect> dialects) {
    SortedSet<String> all = new TreeSet<>();
    Map<String, Dialect> firstHolder = new TreeMap<>();
    for (Dialect d : dialects) {
      for (SqlFragment f : byDialect.getOrDefault(d, List.of())) {
        String key = f.step().folder() + "/" + f.name();
        all.add(key);
        firstHolder.putIfAbsent(key, d);
      }
    }
    for (String key : all) {
      for (Dialect d : dialects) {
        boolean has = files.getOrDefault(d, java.util.Set.of()).contains(key);
        if (!has) {
          String[] parts = key.split("/");
          Dialect holder = firstHolder.get(key);
          diagnostics.error(Message.SQL_FRAGMENT_MISSING, release, parts[0], parts[1], holder.displayName(),
              d.displayName(), d.displayName(), release, d.folder(), parts[0], parts[1], d.displayName());
        }
      }
    }
  }

  private void unreadable(String path, String why) {
    diagnostics.error(Message.SQL_FRAGMENT_UNREADABLE, path, why);
  }

  /** The entries of a folder, sorted by name so that NN- prefixes order the fragments. */
  private List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
    } catch (IOException e) {
      unreadable(dir.toString(), "it cannot be listed (" + e.getMessage() + ")");
      return List.of();
    }
  }
}
