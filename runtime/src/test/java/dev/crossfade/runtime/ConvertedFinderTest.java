package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.sql.Dialect;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A finder on a property that is read through a converter until its release is MIGRATED ({@code memoryBytes},
 * from 1.0's {@code memory_mb}) cannot be compared in SQL before then: it scans the entity row by row with a
 * cursor, keeps only the matches and logs once per finder and layout (issue 13, item 7). It answers exactly what
 * the SQL path answers from MIGRATED on: the same rows, in the same order, the same count.
 */
class ConvertedFinderTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void aFinderOnAConvertedPropertyAnswersTheSameBeforeAndAfterMigrated(Dialect dialect) throws Exception {
    for (Phase phase : List.of(Phase.EXPANDED, Phase.MIGRATED)) {
      try (TestDatabases.Fresh db = TestDatabases.create(dialect)) {
        Shard shard = MigratorTestKit.shardAt(db, phase, 6);
        SampleCode v2 = SampleCode.v2();
        try (Crossfade server = v2.start("finder-" + phase, shard)) {
          CrossfadeRepository<Object, Object> search = v2.search(server, MigratorTestKit.SHARD);
          long above = MigratorTestKit.memoryMb(3) * SampleCode.MB;
          List<?> found = (List<?>) v2.callSearch(search, "findByMemoryBytesGreaterThanOrderByMemoryBytesDesc", above);
          assertEquals(List.of(6L, 5L, 4L), found.stream().map(h -> v2.view(h).get("id")).toList(),
              phase + ": hosts above " + above + " bytes, largest first");
          assertEquals(3L, v2.callSearch(search, "countByMemoryBytesGreaterThan", above), phase + ": count");
        }
      }
    }
  }
}
