package dev.crossfade.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the processor adds to {@code javac}: a generated domain of {@code entities} entities over
 * {@code releases} releases (renames, additions, drops, splits into child tables, repository interfaces with
 * finders), compiled by the JDK's {@code javac} in a fresh process with the processor and with
 * {@code -proc:none}, interleaved.
 */
final class ProcessorBench {
  private static final String FIGURE = "Processor cost (target: under 3 s added to javac)";

  private ProcessorBench() {}

  static void run(int entities, int releases, int reps, boolean warmup, Report report) throws Exception {
    Path dir = Files.createTempDirectory("crossfade-bench-domain");
    try {
      Path src = dir.resolve("src");
      int repositories = generate(src, entities, releases);
      List<String> sources;
      try (Stream<Path> s = Files.walk(src)) {
        sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
      }
      List<Double> with = new ArrayList<>();
      List<Double> without = new ArrayList<>();
      List<Double> added = new ArrayList<>();
      // One unmeasured run of each first: the file cache, not javac, is what a first run measures.
      if (warmup) {
        javac(dir, sources, true, entities, releases);
        javac(dir, sources, false, entities, releases);
      }
      for (int r = 0; r < reps; r++) {
        double a;
        double b;
        if (r % 2 == 0) {
          a = javac(dir, sources, true, entities, releases);
          b = javac(dir, sources, false, entities, releases);
        } else {
          b = javac(dir, sources, false, entities, releases);
          a = javac(dir, sources, true, entities, releases);
        }
        with.add(a);
        without.add(b);
        added.add(a - b);
      }
      double addedMedian = Stats.median(added);
      report.table(FIGURE, "entities", "releases", "repository interfaces", "source files", "runs",
          "javac -proc:none s", "javac with processor s", "added s (median of pairs)", "ratio")
          .row(entities, releases, repositories, sources.size(), reps, Stats.f("%.2f", Stats.median(without)),
              Stats.f("%.2f", Stats.median(with)), Stats.f("%.2f", addedMedian),
              Stats.f("%.2fx", Stats.median(with) / Stats.median(without)));
      report.ratio("processor " + entities + " with/without", Stats.median(with) / Stats.median(without));
    } finally {
      delete(dir);
    }
  }

  /** Seconds for one {@code javac} process over the sources, into a fresh output folder. */
  static double javac(Path dir, List<String> sources, boolean processor, int entities, int releases)
      throws IOException, InterruptedException {
    Path out = dir.resolve(processor ? "out-proc" : "out-none");
    delete(out);
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("generated"));
    Path argfile = dir.resolve("sources.txt");
    Files.write(argfile, sources.stream().map(s -> "\"" + s.replace("\\", "\\\\") + "\"").toList());
    List<String> cmd = new ArrayList<>(List.of(javacBinary(), "--release", "17", "-nowarn", "-encoding", "UTF-8",
        "-classpath", classPath(), "-d", out.resolve("classes").toString(), "-s", out.resolve("generated").toString()));
    if (processor) {
      cmd.addAll(List.of("-processor", "dev.crossfade.processor.CrossfadeProcessor"));
    } else {
      cmd.add("-proc:none");
    }
    cmd.add("@" + argfile);
    Path log = dir.resolve("javac.log");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int code = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("javac failed (" + code + ") on the generated domain:\n"
          + Files.readString(log).lines().limit(40).reduce("", (x, y) -> x + y + "\n"));
    }
    long classes;
    try (Stream<Path> s = Files.walk(out.resolve("classes"))) {
      classes = s.filter(f -> f.toString().endsWith("_Repository.class")).count();
    }
    if (processor) {
      Path plan = out.resolve("classes/META-INF/crossfade/postgres/" + releases + ".0/expand.sql");
      if (!Files.exists(plan) || classes != entities) {
        throw new IllegalStateException("the processor did not write what it should: " + plan + " exists "
            + Files.exists(plan) + ", " + classes + " repositories for " + entities + " entities");
      }
    } else if (classes != 0) {
      throw new IllegalStateException("-proc:none wrote repositories");
    }
    return seconds;
  }

  private static String javacBinary() {
    Path j = Path.of(System.getProperty("java.home"), "bin", "javac");
    return Files.isExecutable(j) ? j.toString() : "javac";
  }

  /** Where the annotations, runtime, processor and their dependencies were loaded from. */
  static String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    String[] classes = {"dev.crossfade.Table", "dev.crossfade.runtime.repository.CrossfadeRepository",
        "dev.crossfade.processor.CrossfadeProcessor", "dev.crossfade.schema.SchemaModel",
        "com.palantir.javapoet.JavaFile", "org.jooq.DSLContext", "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty",
        "org.slf4j.Logger", "org.reactivestreams.Publisher", "io.r2dbc.spi.ConnectionFactory",
        "picocli.CommandLine"};
    for (String c : classes) {
      try {
        var source = Class.forName(c, false, ProcessorBench.class.getClassLoader()).getProtectionDomain()
            .getCodeSource();
        if (source != null) {
          entries.add(Path.of(source.getLocation().toURI()).toString());
        }
      } catch (ClassNotFoundException | URISyntaxException e) {
        // optional
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String release(int r) {
    return r + ".0";
  }

  /**
   * Writes the domain: {@code entities} records in package {@code bench.domain}; every tenth is a child table
   * split off its predecessor; every tenth other one has a repository interface with two finders. Returns the
   * number of repository interfaces.
   */
  static int generate(Path src, int entities, int releases) throws IOException {
    Path pkg = src.resolve("bench/domain");
    Files.createDirectories(pkg);
    write(pkg.resolve("package-info.java"), "@Release(value = \"" + release(releases)
        + "\", baseline = \"1.0\")\npackage bench.domain;\n\nimport dev.crossfade.Release;\n");
    int span = Math.max(1, releases - 1);
    int repositories = 0;
    for (int i = 0; i < entities; i++) {
      String name = Stats.f("E%04d", i);
      boolean child = i % 10 == 9;
      boolean hasChild = i % 10 == 8 && i + 1 < entities;
      int r = 2 + (child ? (i - 1) % span : i % span);
      StringBuilder sb = new StringBuilder("package bench.domain;\n\nimport dev.crossfade.*;\n\n");
      if (child) {
        sb.append("@Table(\"").append(name.toLowerCase(Locale.ROOT)).append("\")\n@Since(\"").append(release(r))
            .append("\")\npublic record ").append(name).append("(@Id long parentId, @Column(length = 200) String note)"
                + " {}\n");
        write(pkg.resolve(name + ".java"), sb.toString());
        continue;
      }
      int r2 = 2 + (i + 3) % span;
      int r3 = 2 + (i + 5) % span;
      sb.append("@Table(\"").append(name.toLowerCase(Locale.ROOT)).append("\")\npublic record ").append(name).append("(\n")
          .append("    @Id long id,\n")
          .append("    @Column(length = 64, indexed = true) String name,\n")
          .append("    int count,\n")
          .append("    java.time.Instant createdAt,\n")
          .append("    @DeprecatedIn(\"").append(release(r)).append("\") @MovedTo(entity = ").append(name)
          .append(".class, field = \"title\") @Column(length = 80) String label,\n")
          .append("    @Since(\"").append(release(r)).append("\") @Column(length = 80) String title,\n")
          .append("    @Since(\"").append(release(r2)).append("\") Long size,\n")
          .append("    @DeprecatedIn(\"").append(release(r3)).append("\") String legacy");
      if (hasChild) {
        sb.append(",\n    @DeprecatedIn(\"").append(release(r)).append("\") @MovedTo(entity = ")
            .append(Stats.f("E%04d", i + 1)).append(".class, field = \"note\") @Column(length = 200) String note");
      }
      sb.append(") {}\n");
      write(pkg.resolve(name + ".java"), sb.toString());
      if (i % 10 == 0) {
        repositories++;
        write(pkg.resolve(name + "Repository.java"), "package bench.domain;\n\nimport dev.crossfade.Repository;\n"
            + "import dev.crossfade.runtime.repository.CrossfadeRepository;\nimport java.util.List;\n\n"
            + "@Repository\npublic interface " + name + "Repository extends CrossfadeRepository<" + name
            + ", Long> {\n  List<" + name + "> findByNameOrderByCountDesc(String name);\n\n  long countByCountGreaterThan("
            + "int count);\n}\n");
      }
    }
    return repositories;
  }

  private static void write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
