package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.ForkedJvm;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.JdbcValues;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A backfill through a Java converter stores each value exactly as the repositories do ({@code JdbcValues}):
 * an {@code Instant} as UTC ({@code timestamptz} on PostgreSQL, a UTC {@code DATETIME(6)} on MariaDB), a
 * {@code UUID} natively on PostgreSQL and as its 36-character text on MariaDB. The migrator runs in a JVM
 * whose default time zone is UTC+12:45, so that nothing can lean on the JVM's zone being UTC.
 */
class ConvertedBackfillTest {
  static final Version V1 = Version.parse("1.0");
  static final Version V2 = Version.parse("2.0");
  static final int ROWS = 5;

  @Test
  void aConvertedBackfillStoresInstantsAndUuidsAsTheRepositoriesReadThemOnPostgresAndMariaDb() throws Exception {
    try (TestDatabases.Fresh pg = TestDatabases.create(Dialect.POSTGRES);
        TestDatabases.Fresh maria = TestDatabases.create(Dialect.MARIADB)) {
      ForkedJvm.run(Migrate.class, List.of("-Duser.timezone=Pacific/Chatham"), pg.url(), maria.url());

      for (TestDatabases.Fresh db : List.of(pg, maria)) {
        Dialect d = db.dialect();
        String text = d == Dialect.POSTGRES
            ? "SELECT id, to_char(seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), CAST(ref AS VARCHAR),"
                + " seen_at, ref FROM sighting ORDER BY id"
            : "SELECT id, DATE_FORMAT(seen_at, '%Y-%m-%dT%H:%i:%s.%f'), ref, seen_at, ref FROM sighting ORDER BY id";
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(text)) {
          for (long id = 1; id <= ROWS; id++) {
            assertTrue(rs.next(), d + ": row " + id);
            assertEquals(id, rs.getLong(1));
            assertEquals(seenAt(id).toString().replace("Z", "000"), rs.getString(2),
                d + ": seen_at of " + id + " is the instant in UTC, as the repositories store it");
            assertEquals(ref(id).toString(), rs.getString(3), d + ": ref of " + id);
            assertEquals(seenAt(id), JdbcValues.read(rs, 4, JavaKind.INSTANT, d), d + ": the repositories read " + id);
            assertEquals(ref(id), JdbcValues.read(rs, 5, JavaKind.UUID, d), d + ": the repositories read " + id);
          }
        }
      }
    }
  }

  static Instant seenAt(long id) {
    return Instant.parse("2026-03-01T10:15:30.123Z").plusSeconds(id * 3600);
  }

  static UUID ref(long id) {
    return new UUID(0x1234_5678_9abc_def0L + id, 0x0fed_cba9_8765_4321L * id);
  }

  /** The child: 1.0 rows written, 2.0 expanded and migrated through the converters, in another time zone. */
  static final class Migrate {
    public static void main(String[] args) throws Exception {
      GeneratedPlan plan = GeneratedPlan.load(CompiledDomain.compile(domain()).classLoader());
      for (String url : List.of(args).subList(0, 2)) {
        Shard shard = Shard.of("eu-1", url);
        Migrator migrator = new Migrator(plan, MigratorOptions.defaults().withBatches(2, Duration.ofMillis(50),
            Duration.ZERO));
        migrator.expand(shard, V1);
        try (Connection c = shard.dataSource().getConnection();
            PreparedStatement ps = c.prepareStatement("INSERT INTO sighting (id, seen_at_millis, ref_text) VALUES (?, ?, ?)")) {
          for (long id = 1; id <= ROWS; id++) {
            ps.setLong(1, id);
            ps.setLong(2, seenAt(id).toEpochMilli());
            ps.setString(3, ref(id).toString());
            ps.executeUpdate();
          }
        }
        migrator.expand(shard, V2);
        migrator.migrate(shard, V2);
      }
      ForkedJvm.write(args, Map.of());
    }
  }

  /** Release 2.0 of a small domain: epoch milliseconds become an {@code Instant}, a text key a {@code UUID}. */
  static List<JavaFileObject> domain() {
    String pkg = "dev.crossfade.test.convert";
    List<JavaFileObject> files = new ArrayList<>();
    files.add(JavaFileObjects.forSourceString(pkg + ".package-info",
        "@dev.crossfade.Release(value = \"2.0\", baseline = \"1.0\")\npackage " + pkg + ";\n"));
    files.add(JavaFileObjects.forSourceString(pkg + ".Sighting", "package " + pkg + ";\n"
        + "import dev.crossfade.*;\n"
        + "import java.time.Instant;\n"
        + "import java.util.UUID;\n"
        + "@Table(\"sighting\")\n"
        + "public record Sighting(\n"
        + "    @Id long id,\n"
        + "    @DeprecatedIn(\"2.0\") @MovedTo(entity = Sighting.class, field = \"seenAt\", converter = MillisToInstant.class)"
        + " Long seenAtMillis,\n"
        + "    @Since(\"2.0\") Instant seenAt,\n"
        + "    @DeprecatedIn(\"2.0\") @MovedTo(entity = Sighting.class, field = \"ref\", converter = TextToUuid.class)"
        + " String refText,\n"
        + "    @Since(\"2.0\") UUID ref) {}\n"));
    files.add(JavaFileObjects.forSourceString(pkg + ".MillisToInstant", "package " + pkg + ";\n"
        + "import java.time.Instant;\n"
        + "public final class MillisToInstant implements dev.crossfade.Converter<Long, Instant> {\n"
        + "  public Instant toNew(Long millis) { return millis == null ? null : Instant.ofEpochMilli(millis); }\n"
        + "  public Long toOld(Instant at) { return at == null ? null : at.toEpochMilli(); }\n"
        + "}\n"));
    files.add(JavaFileObjects.forSourceString(pkg + ".TextToUuid", "package " + pkg + ";\n"
        + "import java.util.UUID;\n"
        + "public final class TextToUuid implements dev.crossfade.Converter<String, UUID> {\n"
        + "  public UUID toNew(String text) { return text == null ? null : UUID.fromString(text); }\n"
        + "  public String toOld(UUID id) { return id == null ? null : id.toString(); }\n"
        + "}\n"));
    return files;
  }
}
