package dev.crossfade.processor.generate;

import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.plan.ReleasePlan;
import dev.crossfade.schema.sql.BackfillSql;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.ReleaseScripts;
import dev.crossfade.schema.sql.RollbackSql;
import dev.crossfade.schema.sql.ScriptText;
import dev.crossfade.schema.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code expand.sql}, {@code backfill.sql} and {@code contract.sql} for one release and dialect. */
public final class ScriptFiles {
  private ScriptFiles() {}

  public static String expand(SchemaModel model, ReleasePlan plan, ReleaseScripts scripts) {
    List<String> header = header("expand", model, scripts);
    header.add(plan.baseline()
        ? "Creates the baseline schema. Run it on a new, empty shard."
        : "Additive only: safe while servers of the previous release run. Run by `migrator expand`; the shard's");
    if (!plan.baseline()) {
      header.add("phase for " + plan.release() + " goes PENDING -> EXPANDED. Statements run one by one, outside a transaction.");
    }
    return ScriptText.write(header, scripts.expand());
  }

  public static String contract(SchemaModel model, ReleasePlan plan, ReleaseScripts scripts) {
    List<String> header = header("contract", model, scripts);
    header.add("Drops what release " + plan.release() + " deprecated. Run by `migrator contract` only when every live server");
    header.add("has acknowledged CONTRACTING; the phase then goes CONTRACTING -> CONTRACTED. It cannot be rolled back.");
    return ScriptText.write(header, scripts.contract());
  }

  public static String backfill(SchemaModel model, ReleasePlan plan, ReleaseScripts scripts) {
    List<String> header = header("backfill", model, scripts);
    header.add("Copies moved data from its old place to its new one while the shard is MIGRATING (only release");
    header.add(plan.release() + " writes then, and it writes both places). The migrator runs each step in keyset batches,");
    header.add("one transaction per batch: lock the batch's old rows, copy them, record where the next batch starts.");
    header.add("Parameters are bind values, in the order given above each statement.");
    List<Statement> statements = new ArrayList<>();
    int n = 1;
    for (BackfillSql b : scripts.backfill()) {
      String step = "step " + n++ + ": " + b.step().reason();
      statements.add(new Statement(step + "\n0. where the walk starts", b.firstKey()));
      statements.add(new Statement(step + "\n1. lock the batch's old rows so a concurrent writer waits for the copy;"
          + " the extra key returned is where the next batch starts"
          + "\n   parameters: first key of the batch, batch size + 1", b.lockNextBatch()));
      if (b.copy() != null) {
        statements.add(new Statement(step + "\n2. copy the batch inside the database"
            + "\n   parameters: first and last key of the batch (inclusive)", b.copy()));
      } else {
        statements.add(new Statement(step + "\n2. read the batch; the migrator converts each value with "
            + b.step().moves().get(0).converter() + ".toNew"
            + "\n   parameters: first and last key of the batch (inclusive)", b.read()));
        statements.add(new Statement(step + "\n3. write each converted row (a JDBC batch)"
            + "\n   parameters: the converted values in column order, then the key", b.write()));
      }
      statements.add(new Statement(step + "\nverify: rows whose new place "
          + (b.converted() ? "is still empty" : "differs from the old one") + "; 0 means the step is done (MIGRATED)",
          b.verify()));
    }
    return ScriptText.write(header, statements);
  }

  public static String rollback(SchemaModel model, ReleasePlan plan, List<RollbackSql> rollback,
      ReleaseScripts scripts) {
    List<String> header = header("rollback", model, scripts);
    header.add("Undoes expand: `migrator rollback` from EXPANDED to PENDING, once no server reads the new layout.");
    header.add("Before each drop the migrator counts the data it would lose; a non-zero count is refused unless forced.");
    if (rollback.stream().anyMatch(RollbackSql::restores)) {
      header.add("A restored NOT NULL is refused, forced or not, while some row is NULL there.");
    }
    List<Statement> statements = new ArrayList<>();
    for (RollbackSql r : rollback) {
      String effect;
      if (r.blockerCount() != null) {
        effect = "restores the constraint; refused while " + r.blocks() + ", counted first by: "
            + r.blockerCount().replace("\n", " ");
      } else if (r.loses() != null) {
        effect = "would lose " + r.loses() + ", counted first by: " + r.lossCount().replace("\n", " ");
      } else if (r.restores()) {
        effect = "loses nothing: it restores the constraint";
      } else {
        effect = "loses nothing: the data is a copy of the old place";
      }
      statements.add(new Statement(r.drop().reason() + "\n" + effect, r.drop().sql()));
    }
    return ScriptText.write(header, statements);
  }

  private static List<String> header(String kind, SchemaModel model, ReleaseScripts scripts) {
    List<String> h = new ArrayList<>();
    h.add("Crossfade " + kind + " for release " + scripts.release() + " on " + scripts.dialect().folder()
        + " (schema baseline " + model.baseline() + ", generated by code release " + model.release() + ").");
    h.add("Generated from the entities by the Crossfade processor; review it, do not edit it.");
    h.add("");
    return h;
  }

  /** The resource path of one generated file: {@code META-INF/crossfade/<dialect>/<release>/<file>}. */
  public static String folder(Dialect d, ReleasePlan plan, String file) {
    return "META-INF/crossfade/" + d.folder() + "/" + plan.release() + "/" + file;
  }
}
