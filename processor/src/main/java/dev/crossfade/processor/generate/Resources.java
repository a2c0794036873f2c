package dev.crossfade.processor.generate;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.SchemaJson;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.MigrationPlanner;
import dev.crossfade.schema.plan.ReleasePlan;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.ReleaseScripts;
import dev.crossfade.schema.sql.SqlFragment;
import dev.crossfade.schema.sql.SqlRenderer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of every generated resource of a domain, by path: {@code META-INF/crossfade/schema.json} first,
 * then per dialect and release the scripts and {@code plan.md}, and the index, sorted by path.
 *
 * <p>A pure function of the checked model: it touches neither the Filer nor the Messager, so the processor
 * works it out on a second thread while it writes the repositories (most of its cost in a fresh {@code javac}
 * is loading and warming up jOOQ and Jackson).
 */
public final class Resources {
  private Resources() {}

  public static Map<String, String> of(SchemaModel model, List<Dialect> dialects) {
    return of(model, dialects, Map.of(), Map.of());
  }

  /**
   * The resources with the reviewed SQL fragments (the escape hatch) placed into each release's scripts, and the
   * converters named in {@code sqlEquivalents} (converter class name to its {@code @SqlEquivalent} {@code toNew})
   * converting inside the database in the backfill.
   */
  public static Map<String, String> of(SchemaModel model, List<Dialect> dialects,
      Map<Version, Map<Dialect, List<SqlFragment>>> fragments, Map<String, String> sqlEquivalents) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("META-INF/crossfade/schema.json", SchemaJson.write(model));
    List<ReleasePlan> plans = new MigrationPlanner(model).plans();
    TreeMap<String, String> files = new TreeMap<>();
    for (Dialect dialect : dialects) {
      SqlRenderer renderer = new SqlRenderer(dialect, sqlEquivalents);
      for (ReleasePlan plan : plans) {
        ReleaseScripts scripts = renderer.render(plan).withFragments(
            fragments.getOrDefault(plan.release(), Map.of()).getOrDefault(dialect, List.of()));
        String expand = ScriptFiles.expand(model, plan, scripts);
        String backfill = ScriptFiles.backfill(model, plan, scripts);
        String contract = ScriptFiles.contract(model, plan, scripts);
        files.put(ScriptFiles.folder(dialect, plan, "expand.sql"), expand);
        files.put(ScriptFiles.folder(dialect, plan, "backfill.sql"), backfill);
        files.put(ScriptFiles.folder(dialect, plan, "contract.sql"), contract);
        if (!plan.baseline()) {
          files.put(ScriptFiles.folder(dialect, plan, "rollback.sql"),
              ScriptFiles.rollback(model, plan, renderer.rollbackExpand(plan, model), scripts));
        }
        files.put(ScriptFiles.folder(dialect, plan, "plan.md"),
            PlanMarkdown.render(model, plan, scripts, expand, backfill, contract));
      }
    }
    StringBuilder index = new StringBuilder();
    index.append("release=").append(model.release()).append('\n');
    index.append("baseline=").append(model.baseline()).append('\n');
    index.append("releases=").append(String.join(",", plans.stream().map(p -> p.release().toString()).toList()))
        .append('\n');
    index.append("dialects=").append(String.join(",", dialects.stream().map(Dialect::folder).toList())).append('\n');
    index.append("entities=").append(String.join(",", model.entities().stream().map(EntityDef::className).toList()))
        .append('\n');
    files.put("META-INF/crossfade/index.properties", index.toString());
    out.putAll(files);
    return out;
  }
}
