package dev.crossfade.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Random domains that compile, for tests outside this package (the runtime's plan-is-what-runs test): three
 * seeds in four are a careful release 1.0 that shipped (its snapshot written) followed by a release 2.0 of random
 * refactorings ({@link RandomDomain#refactor}: renames, converted type changes, splits into new tables, added and
 * deprecated fields and tables); the fourth is one compilation of any random domain, whose fields may carry
 * {@code @Since}/{@code @DeprecatedIn}/{@code @MovedTo} releases of their own, as {@link RandomDomainsTest}
 * generates them. Seeds whose domain the processor rejects are skipped, so a fixed
 * range of seeds gives a fixed list of domains.
 */
public final class RandomHistories {
  /** One compiled random domain: its seed (to reproduce it), its sources (to read it) and its compilation. */
  public record Compiled(long seed, String sources, CompiledDomain domain) {
    @Override
    public String toString() {
      return "random domain seed " + seed;
    }
  }

  private RandomHistories() {}

  /** The domains of seeds {@code first} to {@code first + count - 1} that compile, in seed order. */
  public static List<Compiled> compile(long first, int count) {
    List<Compiled> out = new ArrayList<>();
    for (long seed = first; seed < first + count; seed++) {
      Compiled c = compile(seed);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The domain without unique or indexed {@code byte[]} fields, which the processor refuses for MariaDB and MySQL
   * ({@code blob-indexed}: MariaDB indexes a BLOB through a hidden hash column, after which
   * {@code ADD COLUMN … ALGORITHM=INPLACE} fails; seed 20261210 found it): so the seed still yields a domain.
   */
  private static List<RandomDomain.Entity> withoutIndexedBlobs(List<RandomDomain.Entity> entities) {
    return entities.stream().map(e -> e.withFields(e.fields().stream()
        .map(f -> f.type().equals("byte[]") ? f.withIndex(false, false) : f).toList())).toList();
  }

  /** The domain of one seed, or null when the processor rejects it. */
  public static Compiled compile(long seed) {
    Random random = new Random(seed);
    RandomDomain generator = new RandomDomain(random);
    Path snapshots;
    try {
      snapshots = Files.createTempDirectory("crossfade-random-" + seed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      String option = "-Acrossfade.snapshots=" + snapshots;
      ErrorCatalogueDomain domain;
      if (seed % 4 != 3) {
        // A careful release that shipped, then a release of refactorings.
        generator.sloppy(false);
        List<RandomDomain.Entity> first = withoutIndexedBlobs(generator.withConvertible(generator.generate()));
        Compilation shipped = generator.render(first, "1.0", null).options(option).compile();
        if (shipped.status() != Compilation.Status.SUCCESS) {
          return null;
        }
        List<RandomDomain.Entity> next = generator.refactor(first, "2.0");
        domain = generator.render(next, "2.0", "1.0").options(option);
      } else {
        // One compilation of any random domain, its fields carrying releases of their own.
        List<RandomDomain.Entity> first = withoutIndexedBlobs(generator.generate());
        String release = generator.pickRelease();
        domain = generator.render(first, release, generator.chance(60) ? "1.0" : null).options(option);
      }
      Compilation c = domain.compile();
      return c.status() == Compilation.Status.SUCCESS ? new Compiled(seed, domain.toString(), CompiledDomain.of(c))
          : null;
    } finally {
      try (Stream<Path> files = Files.walk(snapshots)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
