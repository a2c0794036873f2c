package dev.crossfade.runtime;

import dev.crossfade.schema.SchemaJson;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import dev.crossfade.schema.sql.BackfillScript;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.RollbackScript;
import dev.crossfade.schema.sql.RollbackSql;
import dev.crossfade.schema.sql.ScriptText;
import dev.crossfade.schema.sql.SqlRenderer;
import dev.crossfade.schema.sql.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the processor generated for an application, read from its class path: the compilation's
 * {@link CrossfadeRegistry} (its schema model, converters and repositories, as code) and the reviewed scripts.
 * Expand, the backfill, contract and rollback run exactly the statements of the reviewed {@code .sql} files,
 * not SQL rendered again with whatever jOOQ the server has: the backfill's batch statements are parameterised
 * (the migrator binds each batch's keys), and rollback's count queries are the one-line queries its comments
 * show. The model says only what each backfill step copies and how its values are typed.
 *
 * <p>A build that generated no registry (a schema-only module compiled without the runtime) still has a plan,
 * read from {@code META-INF/crossfade/schema.json}: it can expand, contract and roll back, and it can run every
 * backfill but a converted one, which needs the converters' code.
 */
public final class GeneratedPlan {
  static final String ROOT = "META-INF/crossfade/";

  private final SchemaModel model;
  private final ClassLoader loader;
  private final CrossfadeRegistry registry;

  private GeneratedPlan(SchemaModel model, ClassLoader loader, CrossfadeRegistry registry) {
    this.model = model;
    this.loader = loader;
    this.registry = registry;
  }

  /** The plan on the given class loader (an application jar built with the Crossfade processor). */
  public static GeneratedPlan load(ClassLoader loader) {
    CrossfadeRegistry registry = CrossfadeRegistry.find(loader);
    if (registry != null) {
      return new GeneratedPlan(registry.model(), loader, registry);
    }
    String json = read(loader, ROOT + "schema.json");
    if (json == null) {
      throw new IllegalStateException(ROOT + "schema.json is not on the class path; build the application with"
          + " the Crossfade processor (crossfade-processor) and run the migrator with its jar");
    }
    return new GeneratedPlan(SchemaJson.read(json), loader, null);
  }

  /** The plan on the thread's context class loader (the application's class path). */
  public static GeneratedPlan load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /** The schema model of the application's release (its types are not API). */
  public SchemaModel model() {
    return model;
  }

  /** The class loader the plan came from; the reviewed scripts are read from it. */
  public ClassLoader classLoader() {
    return loader;
  }

  /** The compilation's generated registry, or empty for a build without the runtime's repositories. */
  public java.util.Optional<CrossfadeRegistry> registry() {
    return java.util.Optional.ofNullable(registry);
  }

  /**
   * A new instance of a converter the model names, created by the generated registry.
   *
   * @throws IllegalStateException when the build generated no registry, or the registry has no such converter
   */
  @SuppressWarnings("unchecked")
  public dev.crossfade.Converter<Object, Object> converter(String className) {
    if (registry == null) {
      throw new IllegalStateException("the converter " + className + " of release " + model.release() + " needs"
          + " the application's generated CrossfadeRegistry, and this class path has none; build the application"
          + " with crossfade-runtime on its compile class path and run it (or the migrator) with that jar");
    }
    dev.crossfade.Converter<?, ?> c = registry.converter(className);
    if (c == null) {
      throw new IllegalStateException("the generated " + registry.getClass().getName() + " has no converter "
          + className + "; rebuild the application so that its registry and its schema agree");
    }
    return (dev.crossfade.Converter<Object, Object>) c;
  }

  /** The release's plan, or a refusal naming the releases this plan knows. */
  public ReleasePlan plan(String shard, Version release) {
    if (!model.releases().contains(release)) {
      throw new MigrationRefusedException(shard, release, "this application's plan has no release " + release,
          "use one of " + model.releases().stream().map(Version::toString).collect(Collectors.joining(", ")));
    }
    return new MigrationPlanner(model).plan(release);
  }

  /** The statements of the reviewed {@code expand.sql} of a release for a dialect, as the migrator runs them. */
  public List<Statement> expand(Dialect dialect, Version release) {
    return script(dialect, release, "expand.sql");
  }

  /** The statements of the reviewed {@code contract.sql} of a release for a dialect, as the migrator runs them. */
  public List<Statement> contract(Dialect dialect, Version release) {
    return script(dialect, release, "contract.sql");
  }

  /**
   * The backfill steps of the release: the parameterised batch statements exactly as the reviewed
   * {@code backfill.sql} holds them, each with the plan's copy step (what it copies and how keys and values are
   * typed, from the model).
   */
  public List<BackfillSql> backfill(Dialect dialect, Version release) {
    String path = path(dialect, release, "backfill.sql");
    try {
      return BackfillScript.parse(text(dialect, path), new MigrationPlanner(model).plan(release).backfill());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(path + " does not match the application's schema (" + e.getMessage() + ");"
          + " rebuild the application and do not edit its generated scripts", e);
    }
  }

  /**
   * The migrate step's validations of the constraints the release's expand added without checking the rows
   * already there, exactly as the reviewed {@code backfill.sql} holds them.
   */
  public List<dev.crossfade.schema.sql.ValidationSql> validations(Dialect dialect, Version release) {
    List<dev.crossfade.schema.plan.Change.Validate> steps = new MigrationPlanner(model).plan(release).validate();
    if (steps.isEmpty()) {
      return List.of();
    }
    String path = path(dialect, release, "backfill.sql");
    try {
      return BackfillScript.parseValidations(text(dialect, path), steps);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(path + " does not match the application's schema (" + e.getMessage() + ");"
          + " rebuild the application and do not edit its generated scripts", e);
    }
  }

  /**
   * The reviewed SQL fragments (the escape hatch) of the release's backfill step, exactly as {@code backfill.sql}
   * holds them: the migrator runs them in order once the backfill is verified, before the shard becomes MIGRATED.
   */
  public List<Statement> afterBackfill(Dialect dialect, Version release) {
    return BackfillScript.afterBackfill(text(dialect, path(dialect, release, "backfill.sql")));
  }

  /**
   * The structures the release's reviewed fragments declare ({@code -- crossfade:creates}) for one step, read back
   * from the reviewed script that runs them: what the drift check expects once that step has run.
   */
  public List<dev.crossfade.schema.sql.SqlFragment.Creates> declared(Dialect dialect, Version release, String file) {
    String text = read(loader, path(dialect, release, file));
    return text == null ? List.of() : dev.crossfade.schema.sql.SqlFragment.declared(ScriptText.parse(text));
  }

  /**
   * What undoes the release's expand: the drops and the queries that count what they would destroy, exactly as
   * the reviewed {@code rollback.sql} holds them. The baseline has no such file (its expand creates the whole
   * schema on an empty shard, and a shard is not rolled back below it); undoing an interrupted baseline expand
   * renders the drops from the model, as before.
   */
  public List<RollbackSql> rollback(Dialect dialect, Version release) {
    ReleasePlan plan = new MigrationPlanner(model).plan(release);
    if (plan.baseline()) {
      return new SqlRenderer(dialect).rollbackExpand(plan, model);
    }
    String path = path(dialect, release, "rollback.sql");
    try {
      return RollbackScript.parse(text(dialect, path));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(path + " is not a rollback script the processor wrote (" + e.getMessage()
          + "); rebuild the application and do not edit its generated scripts", e);
    }
  }

  private List<Statement> script(Dialect dialect, Version release, String file) {
    return ScriptText.parse(text(dialect, path(dialect, release, file)));
  }

  private static String path(Dialect dialect, Version release, String file) {
    return ROOT + dialect.folder() + "/" + release + "/" + file;
  }

  private String text(Dialect dialect, String path) {
    String text = read(loader, path);
    if (text == null) {
      throw new IllegalStateException(path + " is not on the class path; compile the application with"
          + " -Acrossfade.dialects including " + dialect.folder());
    }
    return text;
  }

  private static String read(ClassLoader loader, String path) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
