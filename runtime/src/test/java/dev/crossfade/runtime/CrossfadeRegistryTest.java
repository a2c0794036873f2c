package dev.crossfade.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.Converter;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.Property;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generated registry is the typed contract between an application's generated code and the runtime
 * (issue 13, item 3): found through {@link java.util.ServiceLoader} on the release's class loader, it holds the
 * model and creates converters and repositories with {@code new}; the runtime looks no class up by name.
 */
class CrossfadeRegistryTest {

  @Test
  void theRegistryOfAReleaseIsFoundOnItsClassLoaderAndCreatesItsConverters() {
    SampleCode v2 = SampleCode.v2();
    CrossfadeRegistry registry = CrossfadeRegistry.find(v2.loader);
    assertNotNull(registry, "the compilation lists its registry in META-INF/services");
    assertEquals("dev.crossfade.sample.domain.CrossfadeRegistry_2_0", registry.getClass().getName());
    assertSame(v2.loader, registry.getClass().getClassLoader(), "the release's own registry");
    assertEquals(Version.parse("2.0"), registry.model().release());
    assertEquals(GeneratedPlan.load(v2.loader).model(), registry.model(), "the plan's model is the registry's");
    @SuppressWarnings("unchecked")
    Converter<Object, Object> mb = (Converter<Object, Object>) registry.converter(
        "dev.crossfade.sample.domain.MegabytesToBytes");
    assertEquals(3 * SampleCode.MB, mb.toNew(3));
    assertSame(v2.loader, mb.getClass().getClassLoader(), "the release's converter class");
    assertNull(registry.converter("dev.crossfade.sample.domain.NoSuchConverter"));
    assertNull(registry.repository(String.class, null, null), "not an entity or repository of the compilation");
  }

  @Test
  void eachReleaseFindsItsOwnRegistry() {
    assertEquals(Version.parse("1.0"), CrossfadeRegistry.find(SampleCode.v1().loader).model().release());
    assertEquals(Version.parse("2.0"), CrossfadeRegistry.find(SampleCode.v2().loader).model().release());
  }

  @Test
  void aGeneratedPropertyConstantAnswersSupportsAsItsFieldNameDoes() throws Exception {
    SampleCode v2 = SampleCode.v2();
    @SuppressWarnings("unchecked")
    Property<Object, ?> cpuCount = (Property<Object, ?>) v2.loader.loadClass("dev.crossfade.sample.domain.Host_Properties")
        .getField("CPU_COUNT").get(null);
    assertEquals("cpuCount", cpuCount.name());
    for (Phase phase : List.of(Phase.PENDING, Phase.EXPANDED)) {
      try (TestDatabases.Fresh db = TestDatabases.create(Dialect.H2)) {
        Shard shard = MigratorTestKit.shardAt(db, phase, 1);
        try (Crossfade server = v2.start("registry-" + phase, shard)) {
          CrossfadeRepository<Object, Object> hosts = v2.hosts(server, MigratorTestKit.SHARD);
          assertEquals(phase == Phase.EXPANDED, hosts.supports(cpuCount), phase + ": cpuCount is 2.0's");
          assertEquals(hosts.supports("cpuCount"), hosts.supports(cpuCount), phase + ": the String overload agrees");
        }
      }
    }
  }

  @Test
  void theRuntimeCreatesNoConverterOrRepositoryByClassName() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
      List<Path> reflective = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          String text = Files.readString(p);
          return text.contains("Class.forName") || text.contains("getDeclaredConstructor().newInstance");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
      assertTrue(reflective.isEmpty(), "classes are created by the generated registry, not by name: " + reflective);
    }
  }
}
