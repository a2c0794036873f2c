package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Existing JPA entities need only the version annotations: jakarta.persistence @Table/@Id/@Column are read. */
class JakartaPersistenceTest {
  private static final String PACKAGE_INFO = """
      @Release(value = "2.0", baseline = "1.0")
      package inventory;
      import dev.crossfade.Release;
      """;

  @Test
  void jakartaTableIdAndColumnGiveTheSameSqlAsCrossfadesOwn() {
    Map<String, String> jpa = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("inventory.package-info", PACKAGE_INFO),
        JavaFileObjects.forSourceString("inventory.Host", """
            package inventory;
            import dev.crossfade.Since;
            import jakarta.persistence.Column;
            import jakarta.persistence.Entity;
            import jakarta.persistence.Id;
            import jakarta.persistence.Table;
            import jakarta.persistence.Transient;
            @Entity
            @Table(name = "host")
            public class Host {
              @Id private Long id;
              @Column(name = "host_name", length = 128, nullable = false) private String name;
              @Since("2.0") @Column(length = 64) private String location;
              @Transient private String cached;
            }
            """))).resources();
    Map<String, String> own = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("inventory.package-info", PACKAGE_INFO),
        JavaFileObjects.forSourceString("inventory.Host", """
            package inventory;
            import dev.crossfade.Column;
            import dev.crossfade.Id;
            import dev.crossfade.Since;
            import dev.crossfade.Table;
            @Table("host")
            public class Host {
              @Id private Long id;
              @Column(name = "host_name", length = 128, nullable = Column.Nullability.NOT_NULL) private String name;
              @Since("2.0") @Column(length = 64) private String location;
              private transient String cached;
            }
            """))).resources();
    for (String dialect : new String[] {"postgres", "mariadb", "h2"}) {
      for (String release : new String[] {"1.0", "2.0"}) {
        String path = "META-INF/crossfade/" + dialect + "/" + release + "/expand.sql";
        assertEquals(own.get(path), jpa.get(path), path);
      }
    }
  }

  @Test
  void jakartaTableWithoutANameUsesTheClassNameInSnakeCase() {
    Map<String, String> files = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("inventory.package-info", PACKAGE_INFO),
        JavaFileObjects.forSourceString("inventory.HostGroup", """
            package inventory;
            import jakarta.persistence.Id;
            import jakarta.persistence.Table;
            @Table
            public record HostGroup(@Id long id, String label) {}
            """))).resources();
    assertEquals(true, files.get("META-INF/crossfade/postgres/1.0/expand.sql").contains("CREATE TABLE \"host_group\""));
  }

  @Test
  void jakartaVersionMarksTheVersionFieldLikeCrossfadesOwn() {
    String json = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("inventory.package-info", PACKAGE_INFO),
        JavaFileObjects.forSourceString("inventory.Account", """
            package inventory;
            import jakarta.persistence.Id;
            import jakarta.persistence.Table;
            import jakarta.persistence.Version;
            @Table(name = "account")
            public record Account(@Id long id, @Version Long version, String holder) {}
            """))).resources().get("META-INF/crossfade/schema.json");
    dev.crossfade.schema.EntityDef account = dev.crossfade.schema.SchemaJson.read(json).entities().get(0);
    assertEquals("version", account.version().orElseThrow().name());
    assertEquals(false, account.version().orElseThrow().nullable(), "a version column is NOT NULL");
    assertEquals(false, account.field("holder").orElseThrow().version());
  }
}
