package dev.crossfade.runtime.repository;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.google.testing.compile.Compilation;
import dev.crossfade.processor.ErrorCatalogueDomain;
import dev.crossfade.processor.check.Message;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The repository part of the error catalogue (it needs the runtime on the class path, so it lives here):
 * for each message, a repository that breaks one rule, the exact text, the file and line of the method or
 * type at fault, one error in all, and the fix the message spells out compiling.
 */
class RepositoryErrorCatalogueTest {
  private static final String HOST = "inventory.Host";
  private static final String REPO = "inventory.HostRepository";
  private static final String IMPORTS = """
      import dev.crossfade.runtime.repository.CrossfadeRepository;
      import java.util.*;
      """;

  @Retention(RUNTIME)
  @Target(METHOD)
  @interface Raises {
    Message value();
  }

  private static ErrorCatalogueDomain withRepository(String repositoryBody) {
    return ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type("inventory.HostStatus", "public enum HostStatus { ACTIVE, RETIRED }")
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, String hostname, HostStatus status, boolean monitored,
                @Since("2.0") @Column(defaultValue = "1") int cpuCount) {}
            """)
        .type(REPO, IMPORTS + repositoryBody);
  }

  private static final String FIXED = """
      @Repository
      public interface HostRepository extends CrossfadeRepository<Host, Long> {
        List<Host> findByStatus(HostStatus status);
      }
      """;

  @Test
  void everyRepositoryMessageHasATest() {
    Set<Message> tested = EnumSet.noneOf(Message.class);
    for (Method m : RepositoryErrorCatalogueTest.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Raises.class)) {
        tested.add(m.getAnnotation(Raises.class).value());
      }
    }
    Set<Message> repositoryMessages = EnumSet.noneOf(Message.class);
    for (Message m : Message.values()) {
      if (m.tag().startsWith("crossfade:repository-") || m.tag().startsWith("crossfade:finder-")
          || m == Message.ENTITY_NOT_MAPPABLE) {
        repositoryMessages.add(m);
      }
    }
    repositoryMessages.removeAll(tested);
    assertWithMessage("repository messages without a test").that(repositoryMessages).isEmpty();
  }

  private static void assertOneError(ErrorCatalogueDomain broken, String text, String file, String line,
      ErrorCatalogueDomain fixed) {
    Compilation compilation = broken.compile();
    assertAll(
        () -> assertThat(compilation).hadErrorContaining(text).inFile(broken.file(file)).onLineContaining(line),
        () -> assertThat(compilation).hadErrorCount(1),
        () -> assertThat(fixed.compile()).succeeded());
  }

  @Test
  @Raises(Message.FINDER_UNKNOWN_PROPERTY)
  void aFinderNamingAMissingFieldIsRejectedOnThatMethod() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> findByStatus(HostStatus status);
          List<Host> findByCity(String city);
        }
        """);
    assertOneError(broken, Message.FINDER_UNKNOWN_PROPERTY.format("findByCity", "HostRepository", "city", "Host",
        "id, hostname, status, monitored, cpuCount"), REPO, "findByCity",
        broken.replace(REPO, "List<Host> findByCity(String city);", "List<Host> findByHostname(String city);"));
  }

  @Test
  @Raises(Message.FINDER_UNPARSEABLE)
  void aMethodThatIsNotAQueryIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> fetchEverything();
        }
        """);
    assertOneError(broken, Message.FINDER_UNPARSEABLE.format("fetchEverything", "HostRepository",
        "'fetchEverything' does not start with find…By, count…By, exists…By or delete…By", "Host", "findByHostname"),
        REPO, "fetchEverything", withRepository(FIXED));
  }

  @Test
  @Raises(Message.FINDER_PARAMETER_COUNT)
  void aFinderWithTooFewParametersIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> findByStatusAndHostname(HostStatus status);
        }
        """);
    assertOneError(broken, Message.FINDER_PARAMETER_COUNT.format("findByStatusAndHostname", "HostRepository", 1, 2,
        "status, hostname"), REPO, "findByStatusAndHostname", broken.replace(REPO, "(HostStatus status)",
        "(HostStatus status, String hostname)"));
  }

  @Test
  @Raises(Message.FINDER_PARAMETER_TYPE)
  void aFinderParameterOfTheWrongTypeIsRejectedOnTheParameter() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> findByCpuCountGreaterThan(
              String atLeast);
        }
        """);
    assertOneError(broken, Message.FINDER_PARAMETER_TYPE.format("atLeast", "findByCpuCountGreaterThan", "String",
        "Host.cpuCount", "int", "int"), REPO, "String atLeast", broken.replace(REPO, "String atLeast", "int atLeast"));
  }

  @Test
  @Raises(Message.FINDER_RETURN_TYPE)
  void aCountReturningAListIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> countByStatus(HostStatus status);
        }
        """);
    assertOneError(broken, Message.FINDER_RETURN_TYPE.format("countByStatus", "HostRepository", "List<Host>", "count",
        "long or int"), REPO, "countByStatus", broken.replace(REPO, "List<Host> countByStatus", "long countByStatus"));
  }

  @Test
  @Raises(Message.REPOSITORY_NOT_INTERFACE)
  void aRepositoryClassIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public abstract class HostRepository implements CrossfadeRepository<Host, Long> {
        }
        """);
    assertOneError(broken, Message.REPOSITORY_NOT_INTERFACE.format("HostRepository"), REPO,
        "public abstract class HostRepository", withRepository(FIXED));
  }

  @Test
  @Raises(Message.REPOSITORY_NOT_CROSSFADE)
  void aRepositoryThatDoesNotExtendCrossfadeRepositoryIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository {
          List<Host> findByStatus(HostStatus status);
        }
        """);
    assertOneError(broken, Message.REPOSITORY_NOT_CROSSFADE.format("HostRepository"), REPO,
        "public interface HostRepository", withRepository(FIXED));
  }

  @Test
  @Raises(Message.REPOSITORY_NOT_ENTITY)
  void aRepositoryOfANonEntityIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<String, Long> {
        }
        """);
    assertOneError(broken, Message.REPOSITORY_NOT_ENTITY.format("HostRepository", "String", "String"), REPO,
        "public interface HostRepository", withRepository(FIXED));
  }

  @Test
  @Raises(Message.REPOSITORY_KEY_TYPE)
  void aRepositoryWithTheWrongKeyTypeIsRejected() {
    ErrorCatalogueDomain broken = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Integer> {
        }
        """);
    assertOneError(broken, Message.REPOSITORY_KEY_TYPE.format("HostRepository", "Integer", "Host.id", "long", "Host",
        "Long"), REPO, "public interface HostRepository", broken.replace(REPO, "<Host, Integer>", "<Host, Long>"));
  }

  @Test
  @Raises(Message.REPOSITORY_KEY_RECORD)
  void aRepositoryOfACompositeKeyThatIsNotItsKeyRecordIsRejected() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(\"1.0\")")
        .type("inventory.HostPort", """
            @Table("host_port")
            public record HostPort(@Id long hostId, @Id int port, String service) {
              public record Key(long hostId, int port) {}
            }
            """)
        .type("inventory.HostPortRepository", """
            import dev.crossfade.runtime.repository.CrossfadeRepository;
            @Repository
            public interface HostPortRepository extends CrossfadeRepository<HostPort, Long> {
            }
            """);
    assertOneError(broken, Message.REPOSITORY_KEY_RECORD.format("HostPortRepository", "Long", "HostPort",
            "hostId, port", "long hostId, int port", "HostPort", "HostPort", "HostPort"), "inventory.HostPortRepository",
        "public interface HostPortRepository",
        broken.replace("inventory.HostPortRepository", "<HostPort, Long>", "<HostPort, HostPort.Key>"));
  }

  @Test
  @Raises(Message.ENTITY_NOT_MAPPABLE)
  void anEntityClassWithAPrivateFieldAndNoGetterIsRejectedOnTheField() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(\"1.0\")")
        .type(HOST, """
            @Table("host")
            public class Host {
              @Id private long id;
              private String hostname;
              public long getId() { return id; }
              public void setId(long id) { this.id = id; }
              public void setHostname(String hostname) { this.hostname = hostname; }
            }
            """);
    assertOneError(broken, Message.ENTITY_NOT_MAPPABLE.format("Host", "read field hostname",
        "add a getter getHostname() or make the field not private"), HOST, "private String hostname",
        broken.replace(HOST, "public void setHostname", "public String getHostname() { return hostname; }\n"
            + "  public void setHostname"));
  }

  @Test
  @Raises(Message.CONVERTER_NOT_CONSTRUCTIBLE)
  void aConverterTheRegistryCannotCreateIsRejectedOnTheMovedField() {
    ErrorCatalogueDomain broken = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type("inventory.MbToBytes", """
            public final class MbToBytes implements Converter<Integer, Long> {
              MbToBytes() {}
              public Long toNew(Integer mb) { return mb == null ? null : mb * 1_048_576L; }
              public Integer toOld(Long bytes) { return bytes == null ? null : (int) (bytes / 1_048_576L); }
            }
            """)
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MbToBytes.class)
                int memoryMb,
                @Since("2.0") Long memoryBytes) {}
            """);
    assertOneError(broken, Message.CONVERTER_NOT_CONSTRUCTIBLE.format("MbToBytes", "Host.memoryMb",
        "has no public no-argument constructor"), HOST,
        "converter = MbToBytes.class", broken.replace("inventory.MbToBytes", "  MbToBytes() {}", "  public MbToBytes() {}"));
  }

  @Test
  @Raises(Message.FINDER_SCANS)
  void aFinderOnAFieldNotYetExpandedWarnsOnTheMethodNamingThePhaseWhereItScans() {
    ErrorCatalogueDomain scans = withRepository("""
        @Repository
        public interface HostRepository extends CrossfadeRepository<Host, Long> {
          List<Host> findByStatus(HostStatus status);
          List<Host> findByCpuCountGreaterThan(int atLeast);
        }
        """);
    Compilation compilation = scans.compile();
    assertAll(
        () -> assertThat(compilation).succeeded(),
        () -> assertThat(compilation).hadWarningContaining(Message.FINDER_SCANS.format("findByCpuCountGreaterThan",
            "cpuCount", "Host", "release 2.0 is PENDING", "cpuCount")).inFile(scans.file(REPO))
            .onLineContaining("findByCpuCountGreaterThan"),
        () -> assertThat(compilation).hadWarningCount(1),
        () -> assertThat(scans.replace(REPO, "  List<Host> findByCpuCount",
            "  @SuppressWarnings(\"crossfade:finder-scans\")\n  List<Host> findByCpuCount").compile())
            .succeededWithoutWarnings(),
        () -> assertThat(scans.replace(REPO, "@Repository", "@Repository @SuppressWarnings(\"crossfade:finder-scans\")")
            .compile()).succeededWithoutWarnings());
  }

  @Test
  void aFinderOnAConvertedFieldWarnsOfEveryPhaseBeforeMigrated() {
    ErrorCatalogueDomain scans = ErrorCatalogueDomain.empty()
        .packageInfo("inventory", "@Release(value = \"2.0\", baseline = \"1.0\")")
        .type("inventory.MbToBytes", """
            public final class MbToBytes implements Converter<Integer, Long> {
              public Long toNew(Integer mb) { return mb == null ? null : mb * 1_048_576L; }
              public Integer toOld(Long bytes) { return bytes == null ? null : (int) (bytes / 1_048_576L); }
            }
            """)
        .type(HOST, """
            @Table("host")
            public record Host(@Id long id, String hostname,
                @DeprecatedIn("2.0") @MovedTo(entity = Host.class, field = "memoryBytes", converter = MbToBytes.class)
                int memoryMb,
                @Since("2.0") Long memoryBytes) {}
            """)
        .type(REPO, IMPORTS + """
            @Repository
            public interface HostRepository extends CrossfadeRepository<Host, Long> {
              List<Host> findByHostname(String hostname);
              List<Host> findByMemoryBytesGreaterThan(Long bytes);
            }
            """);
    Compilation compilation = scans.compile();
    assertAll(
        () -> assertThat(compilation).hadWarningContaining(Message.FINDER_SCANS.format("findByMemoryBytesGreaterThan",
            "memoryBytes", "Host", "release 2.0 is PENDING, EXPANDED or MIGRATING", "memoryBytes"))
            .inFile(scans.file(REPO)).onLineContaining("findByMemoryBytesGreaterThan"),
        () -> assertThat(compilation).hadWarningCount(1));
  }
}
