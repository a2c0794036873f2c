package dev.crossfade.runtime.repository;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.ErrorCatalogueDomain;
import dev.crossfade.processor.GoldenFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The generated repository sources of the sample domain, compared with goldens on disk
 * ({@code src/test/resources/goldens/repositories/}); update them on purpose with
 * {@code -Dcrossfade.updateGoldens=true} and review the diff.
 */
class RepositorySourcesGoldenTest {

  @Test
  void sampleDomainRepositoriesMatchTheirGoldens() {
    List<JavaFileObject> sources = new ArrayList<>(CompiledDomain.sources(CompiledDomain.RELEASE_2_0));
    sources.addAll(CompiledDomain.sources(CompiledDomain.RELEASE_2_0.resolveSibling("repository")));
    Map<String, String> generated = CompiledDomain.compile(sources).sources();
    assertEquals(List.of("dev/crossfade/sample/domain/AuditEntry_Properties.java",
        "dev/crossfade/sample/domain/AuditEntry_Repository.java", "dev/crossfade/sample/domain/CrossfadeRegistry_2_0.java",
        "dev/crossfade/sample/domain/HostNetwork_Properties.java", "dev/crossfade/sample/domain/HostNetwork_Repository.java",
        "dev/crossfade/sample/domain/HostOs_Properties.java", "dev/crossfade/sample/domain/HostOs_Repository.java",
        "dev/crossfade/sample/domain/Host_Properties.java", "dev/crossfade/sample/domain/Host_Repository.java",
        "dev/crossfade/sample/repository/HostRepository_Impl.java"), List.copyOf(generated.keySet()));
    GoldenFiles.assertMatches("repositories/sample-2.0", generated);
  }

  @Test
  void aCompositeKeyedChildRepositoryMapsItsKeyRecordAndMatchesItsGolden() {
    Map<String, String> generated = CompiledDomain.compile(
        java.nio.file.Path.of("src", "test", "resources", "domains", "crm", "r2.0")).sources();
    Map<String, String> phone = new java.util.TreeMap<>();
    generated.forEach((path, text) -> {
      if (path.contains("CustomerPhone")) {
        phone.put(path, text);
      }
    });
    String repo = phone.get("dev/crossfade/crm/CustomerPhone_Repository.java");
    assertTrue(repo.contains("AbstractCrossfadeRepository<CustomerPhone, CustomerPhone.Key>")
        && repo.contains("new CustomerPhone.Key(Values.longValue(v[0]), Values.intValue(v[1]))"), repo);
    GoldenFiles.assertMatches("repositories/crm-2.0", phone);
  }

  @Test
  void aJpaStyleEntityClassIsMappedThroughItsGettersAndSetters() {
    Map<String, String> generated = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("inventory.package-info", "@Release(\"1.0\") package inventory;"
            + " import dev.crossfade.Release;"),
        JavaFileObjects.forSourceString("inventory.Host", """
            package inventory;
            import dev.crossfade.*;
            @Table("host")
            public class Host {
              @Id private long id;
              private String hostname;
              boolean monitored;
              public long getId() { return id; }
              public void setId(long id) { this.id = id; }
              public String getHostname() { return hostname; }
              public void setHostname(String hostname) { this.hostname = hostname; }
            }
            """))).sources();
    String repo = generated.get("inventory/Host_Repository.java");
    assertTrue(repo.contains("e.getHostname()") && repo.contains("e.setHostname((String) v[1]);")
        && repo.contains("e.monitored = Values.booleanValue(v[2]);"), repo);
  }

  @Test
  void theRepositoriesOptionTurnsGenerationOffForSchemaOnlyBuilds() {
    var compilation = ErrorCatalogueDomain.empty().packageInfo("inventory", "@Release(\"1.0\")")
        .type("inventory.Host", "@Table(\"host\") public record Host(@Id long id) {}")
        .options("-Acrossfade.repositories=false").compile();
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(List.of(), compilation.generatedSourceFiles(), "no repositories, only the SQL and plans");
  }
}
