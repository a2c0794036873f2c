package dev.crossfade.processor;

import com.google.auto.service.AutoService;
import dev.crossfade.processor.check.ConverterCheck;
import dev.crossfade.processor.check.Diagnostics;
import dev.crossfade.processor.check.Message;
import dev.crossfade.processor.check.ConstraintCheck;
import dev.crossfade.processor.check.DialectCheck;
import dev.crossfade.processor.check.ModelCheck;
import dev.crossfade.processor.check.TableRenameCheck;
import dev.crossfade.processor.read.SqlFragmentReader;
import dev.crossfade.schema.sql.SqlFragment;
import com.palantir.javapoet.JavaFile;
import dev.crossfade.processor.check.SnapshotDiff;
import dev.crossfade.processor.generate.RegistrySources;
import dev.crossfade.processor.generate.RepositorySources;
import dev.crossfade.processor.generate.Resources;
import dev.crossfade.processor.read.EntityReader;
import dev.crossfade.processor.read.ReadEntity;
import dev.crossfade.processor.read.ReadRepository;
import dev.crossfade.processor.read.RepositoryReader;
import dev.crossfade.processor.write.ResourceWriter;
import dev.crossfade.processor.write.SnapshotFolder;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Snapshot;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.FinderScans;
import dev.crossfade.schema.sql.Dialect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads the entities of one release, checks them, and writes per release and dialect
 * {@code META-INF/crossfade/<dialect>/<release>/{expand,backfill,contract}.sql} and {@code plan.md}, plus
 * {@code META-INF/crossfade/schema.json} for the runtime.
 *
 * <p>The pipeline is visible in the packages: {@code read} (elements to the plain model), {@code check}
 * (the rules and the message catalogue), {@code generate} (text), {@code write} (Filer). The model itself
 * lives in the {@code crossfade-schema} module because the runtime needs the same layouts and SQL.
 *
 * <p>Options: {@code crossfade.release}, {@code crossfade.baseline}, {@code crossfade.dialects}
 * (default {@code postgres,mariadb,h2}), {@code crossfade.snapshots} (the folder of release snapshots: the
 * code is diffed against the last release's, and its own release's is written there).
 */
@AutoService(Processor.class)
public final class CrossfadeProcessor extends AbstractProcessor {
  public static final String OPTION_RELEASE = "crossfade.release";
  public static final String OPTION_BASELINE = "crossfade.baseline";
  public static final String OPTION_DIALECTS = "crossfade.dialects";
  /** {@code true}, {@code false} or (default) {@code auto}: generate repositories when the runtime is on the class path. */
  public static final String OPTION_REPOSITORIES = "crossfade.repositories";
  public static final String OPTION_SNAPSHOTS = "crossfade.snapshots";
  static final String DEFAULT_DIALECTS = "postgres,mariadb,h2";

  /** Set once this compilation's domain has been generated; a later round with entities is an error. */
  private boolean generated;

  /** Called for each entity before it is read; lets a test make the processor fail unexpectedly. */
  private final Consumer<TypeElement> beforeRead;

  /** Called on the second thread before the SQL and plans are generated; lets a test make that fail. */
  private final Consumer<SchemaModel> beforeResources;

  public CrossfadeProcessor() {
    this(type -> {});
  }

  /** For tests only: see {@link #beforeRead}. */
  CrossfadeProcessor(Consumer<TypeElement> beforeRead) {
    this(beforeRead, model -> {});
  }

  /** For tests only: see {@link #beforeRead} and {@link #beforeResources}. */
  CrossfadeProcessor(Consumer<TypeElement> beforeRead, Consumer<SchemaModel> beforeResources) {
    this.beforeRead = beforeRead;
    this.beforeResources = beforeResources;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.crossfade.Table", "jakarta.persistence.Table", RepositoryReader.REPOSITORY);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(OPTION_RELEASE, OPTION_BASELINE, OPTION_DIALECTS, OPTION_REPOSITORIES, OPTION_SNAPSHOTS);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      return false;
    }
    List<TypeElement> entities = entities(annotations, round, false);
    List<TypeElement> repositories = entities(annotations, round, true);
    Diagnostics diagnostics = new Diagnostics(processingEnv.getMessager());
    if (entities.isEmpty()) {
      if (!repositories.isEmpty()) {
        // Repositories need their entities' model, which exists only in the compilation of the entities.
        repositories.forEach(r -> diagnostics.error(r, Message.REPOSITORY_NOT_ENTITY, r.getSimpleName(),
            "an entity outside this compilation", "it"));
      }
      return false;
    }
    if (generated) {
      entities.forEach(e -> diagnostics.error(e, Message.LATE_ENTITY, e.getSimpleName()));
      return false;
    }
    generated = true;
    // What an unexpected exception is reported on: the entity being read, else the whole domain.
    Element current = entities.get(0);
    String working = "the domain of " + current;
    try {
      List<Dialect> dialects = dialects(diagnostics);
      ReleaseResolver releases = new ReleaseResolver(processingEnv, diagnostics);
      EntityReader reader = new EntityReader(processingEnv.getElementUtils(), diagnostics);
      List<ReadEntity> read = new ArrayList<>();
      for (TypeElement type : entities) {
        current = type;
        working = type.getQualifiedName().toString();
        beforeRead.accept(type);
        releases.visit(type);
        reader.read(type).ifPresent(read::add);
      }
      current = entities.get(0);
      working = "the release snapshots of the domain of " + current;
      Optional<SnapshotFolder> folder = snapshotFolder(diagnostics);
      SortedMap<Version, Snapshot> snapshots = folder.map(f -> f.read(diagnostics)).orElseGet(TreeMap::new);
      Version snapshotBaseline = snapshots.isEmpty() ? null : snapshots.get(snapshots.firstKey()).baseline();
      working = "the checks of the domain of " + current;
      ReleaseResolver.Resolved window = releases.resolve(read, snapshotBaseline);
      if (window == null || diagnostics.hasErrors()) {
        return false;
      }
      releases.checkSquash(window, snapshots, folder.map(SnapshotFolder::option).orElse(""));
      if (diagnostics.hasErrors()) {
        return false;
      }
      if (!new TableRenameCheck(diagnostics, window.release(), window.baseline()).run(read)) {
        return false;
      }
      new ModelCheck(diagnostics, window.release(), window.baseline(), read).run(read);
      ConverterCheck converters = new ConverterCheck(diagnostics, processingEnv);
      converters.run(read);
      new DialectCheck(diagnostics, dialects).run(read);
      new ConstraintCheck(diagnostics).resolve(read);
      if (diagnostics.hasErrors()) {
        return false;
      }
      SchemaModel model = new SchemaModel(window.release(), window.baseline(),
          read.stream().map(ReadEntity::def).toList()).withoutMoveKeyRestated();
      if (folder.isEmpty()) {
        diagnostics.note(Message.SNAPSHOTS_OFF, model.release());
      }
      new SnapshotDiff(diagnostics, model, read, snapshots, window.site()).run();
      new ConstraintCheck(diagnostics).against(model, read, snapshots);
      if (diagnostics.hasErrors()) {
        return false;
      }
      working = "the reviewed SQL fragments of the domain of " + current;
      Map<Version, Map<Dialect, List<SqlFragment>>> fragments = folder.map(f -> new SqlFragmentReader(diagnostics)
          .read(f.sqlFolder(), model.releases(), dialects)).orElse(Map.of());
      if (diagnostics.hasErrors()) {
        return false;
      }
      // The SQL, plans and schema.json depend only on the checked model: they are worked out on a second
      // thread while this one generates and writes the repositories. In a fresh javac most of their cost is
      // loading and warming up jOOQ and Jackson, so the two overlap instead of adding up. Every use of jOOQ
      // stays on that one thread (this one touched only Dialect's SQLDialect, before starting it): jOOQ's first
      // use from two threads at once can deadlock in class initialization (jOOQ/jOOQ#3777, #19529).
      Background<Map<String, String>> resources = new Background<>("crossfade-sql", () -> {
        beforeResources.accept(model);
        return Resources.of(model, dialects, fragments, converters.sqlEquivalents());
      });
      try {
        boolean wanted = repositoriesWanted(repositories);
        List<ReadRepository> interfaces = new ArrayList<>();
        if (wanted) {
          working = "the repositories of the domain of " + current;
          List<JavaFile> sources = repositories(diagnostics, model, read, repositories, interfaces);
          if (diagnostics.hasErrors()) {
            return false;
          }
          sources.forEach(this::writeSource);
        }
        working = "the SQL and plans of the domain of " + current;
        Map<String, String> files = resources.get();
        if (wanted) {
          // The registry embeds schema.json, which the second thread wrote; it is the last source of the domain.
          working = "the registry of the domain of " + current;
          Optional<JavaFile> registry = new RegistrySources(diagnostics, processingEnv.getElementUtils())
              .registry(model, files.get("META-INF/crossfade/schema.json"), read, interfaces);
          if (registry.isEmpty()) {
            return false;
          }
          writeSource(registry.get());
          files = new java.util.LinkedHashMap<>(files);
          files.put(RegistrySources.SERVICES, registry.get().packageName() + "." + registry.get().typeSpec().name() + "\n");
        }
        write(files, entities);
      } finally {
        resources.cancel();
      }
      if (folder.isPresent()) {
        working = "the snapshot of the domain of " + current;
        // Row estimates are the user's: keep those of this release's snapshot, else take the last release's.
        SortedMap<Version, Snapshot> earlier = snapshots.headMap(model.release());
        Snapshot snapshot = Snapshot.of(model).withRowsFrom(snapshots.get(model.release()))
            .withRowsFrom(earlier.isEmpty() ? null : earlier.get(earlier.lastKey()));
        folder.get().write(snapshot, diagnostics);
      }
    } catch (RuntimeException e) {
      diagnostics.error(current, Message.INTERNAL_ERROR, working, e);
    }
    return false;
  }

  /**
   * Whether to generate repositories: asked for with {@code -Acrossfade.repositories=true|false}, else when
   * the runtime (which the generated code calls) is on the class path. A build that only wants the SQL
   * (a schema module without the runtime) gets no repositories and no errors.
   */
  private boolean repositoriesWanted(List<TypeElement> repositories) {
    String option = processingEnv.getOptions().getOrDefault(OPTION_REPOSITORIES, "auto").trim();
    boolean runtime = processingEnv.getElementUtils().getTypeElement(RepositoryReader.CROSSFADE_REPOSITORY) != null;
    return switch (option) {
      case "true" -> true;
      case "false" -> false;
      default -> runtime || !repositories.isEmpty();
    };
  }

  /**
   * Reads the repository interfaces (into {@code interfaces}) and writes every entity's repository and property
   * constants and every interface's implementation; warns of finders that scan on some layout.
   */
  private List<JavaFile> repositories(Diagnostics diagnostics, SchemaModel model, List<ReadEntity> read,
      List<TypeElement> types, List<ReadRepository> interfaces) {
    java.util.Map<String, ReadEntity> byClass = new java.util.HashMap<>();
    read.forEach(e -> byClass.put(e.def().className(), e));
    RepositorySources sources = new RepositorySources(diagnostics, processingEnv.getTypeUtils());
    RegistrySources registry = new RegistrySources(diagnostics, processingEnv.getElementUtils());
    List<JavaFile> out = new ArrayList<>();
    for (ReadEntity e : read) {
      sources.entity(e).ifPresent(out::add);
      out.add(registry.properties(e));
    }
    RepositoryReader reader = new RepositoryReader(processingEnv, diagnostics);
    for (TypeElement type : types) {
      reader.read(type, byClass).ifPresent(r -> {
        interfaces.add(r);
        out.add(sources.implementation(r));
        warnOfScans(diagnostics, model, r);
      });
    }
    return out;
  }

  /** A finder that SQL cannot answer on some layout of the code's window scans there: say where, on the method. */
  private static void warnOfScans(Diagnostics diagnostics, SchemaModel model, ReadRepository repository) {
    for (ReadRepository.FinderMethod f : repository.finders()) {
      List<FinderScans.Window> windows = FinderScans.of(model, repository.entity().def(), f.finder());
      if (windows.isEmpty()) {
        continue;
      }
      java.util.Set<String> properties = new java.util.LinkedHashSet<>();
      List<String> when = new ArrayList<>();
      for (FinderScans.Window w : windows) {
        properties.addAll(w.properties());
        List<String> phases = w.phases().stream().map(Enum::name).toList();
        String listed = phases.size() == 1 ? phases.get(0) : String.join(", ", phases.subList(0, phases.size() - 1))
            + " or " + phases.get(phases.size() - 1);
        when.add("release " + w.release() + " is " + listed);
      }
      String names = String.join(" and ", properties);
      diagnostics.warning(f.method(), Message.FINDER_SCANS, f.method().getSimpleName(), names,
          repository.entity().element().getSimpleName(), String.join("; or ", when), names);
    }
  }

  private void writeSource(JavaFile source) {
    try {
      source.writeTo(processingEnv.getFiler());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + source.packageName() + "." + source.typeSpec().name(), e);
    }
  }

  /** The snapshot folder when {@code crossfade.snapshots} is set and usable. */
  private Optional<SnapshotFolder> snapshotFolder(Diagnostics diagnostics) {
    String option = processingEnv.getOptions().get(OPTION_SNAPSHOTS);
    return option == null ? Optional.empty() : SnapshotFolder.of(option, diagnostics);
  }

  /** The annotated types, deduplicated and sorted so output never depends on discovery order. */
  private static List<TypeElement> entities(Set<? extends TypeElement> annotations, RoundEnvironment round,
      boolean repositories) {
    Set<TypeElement> all = new LinkedHashSet<>();
    for (TypeElement annotation : annotations) {
      if (annotation.getQualifiedName().contentEquals(RepositoryReader.REPOSITORY) == repositories) {
        all.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(annotation)));
      }
    }
    List<TypeElement> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(t -> t.getQualifiedName().toString()));
    return sorted;
  }

  private List<Dialect> dialects(Diagnostics diagnostics) {
    String option = processingEnv.getOptions().getOrDefault(OPTION_DIALECTS, DEFAULT_DIALECTS);
    Set<Dialect> dialects = new LinkedHashSet<>();
    for (String name : option.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      Dialect.forName(name).ifPresentOrElse(dialects::add,
          () -> diagnostics.error(Message.DIALECT_UNKNOWN, name.trim()));
    }
    List<Dialect> sorted = new ArrayList<>(dialects);
    sorted.sort(Comparator.comparing(Dialect::folder));
    return sorted;
  }

  private void write(Map<String, String> resources, List<TypeElement> entities) {
    ResourceWriter out = new ResourceWriter(processingEnv.getFiler(), entities.toArray(new Element[0]));
    resources.forEach(out::write);
  }

  /**
   * Work on a second thread whose result the processor waits for. Only pure computation goes there: the Filer
   * and the Messager belong to the thread javac called the processor on. A failure is rethrown as it was
   * thrown, so it is reported as it would have been on the processor's own thread.
   */
  private static final class Background<T> {
    private final FutureTask<T> task;

    Background(String name, Callable<T> work) {
      task = new FutureTask<>(work);
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    }

    T get() {
      try {
        return task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while generating the SQL", e);
      }
    }

    void cancel() {
      task.cancel(true);
    }
  }
}
