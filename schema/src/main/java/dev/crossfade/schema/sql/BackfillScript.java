package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.Change.CopyStep;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of {@code backfill.sql} and their reading back: the processor writes each step's parameterised
 * batch statements with a reason that names the step and the statement's part, and the migrator runs exactly
 * those statements, read from the reviewed file, instead of rendering them again with the jOOQ the server
 * happens to have. Both directions live here so the two cannot drift apart.
 *
 * <pre>{@code
 * List<BackfillSql> steps = BackfillScript.parse(backfillSqlText, planner.plan(release).backfill());
 * }</pre>
 */
public final class BackfillScript {
  private BackfillScript() {}

  private static final Pattern STEP = Pattern.compile("^step (\\d+): (.*)$");
  static final String FIRST_KEY = "0. where the walk starts";
  static final String BOUNDS = "1. find where the batch ends";
  static final String COPY = "2. copy the batch";
  static final String READ = "2. read the batch";
  static final String WRITE = "3. write each converted row";
  static final String CLEAR = "3. delete the child rows whose column is NULL";
  static final String VERIFY = "verify: ";
  private static final Pattern VALIDATION = Pattern.compile("^validate (\\d+): (.*)$");
  static final String VIOLATION = "1. find the first row, in key order, that violates it";
  static final String MARK = "2. ";

  /**
   * The migrate step's validations, after the copy steps in {@code backfill.sql}: for each, the query for a
   * violating row and (PostgreSQL) the statement that marks the constraint validated.
   */
  public static List<Statement> validations(List<ValidationSql> validations) {
    List<Statement> statements = new ArrayList<>();
    int n = 1;
    for (ValidationSql v : validations) {
      String head = "validate " + n++ + ": " + v.step().reason();
      statements.add(new Statement(head + "\n" + VIOLATION + (v.step().key() != null
          ? " (its key, and the value no referenced row has)" : " (its key)")
          + "; none means it holds, one makes the migrator refuse naming it", v.violation()));
      if (v.validate() != null) {
        statements.add(new Statement(head + "\n" + MARK + v.validate().reason(), v.validate().sql()));
      }
    }
    return statements;
  }

  /**
   * The validations of a reviewed {@code backfill.sql}, with the SQL exactly as the file has it.
   *
   * @throws IllegalArgumentException when the file does not hold exactly the plan's validations
   */
  public static List<ValidationSql> parseValidations(String text, List<dev.crossfade.schema.plan.Change.Validate> steps) {
    String[][] parts = new String[steps.size()][2];
    String[] reasons = new String[steps.size()];
    for (Statement s : ScriptText.parse(text)) {
      String[] lines = s.reason().split("\n");
      Matcher m = VALIDATION.matcher(lines[0]);
      if (!m.matches()) {
        continue;
      }
      int index = Integer.parseInt(m.group(1)) - 1;
      if (index < 0 || index >= steps.size() || !steps.get(index).reason().equals(m.group(2)) || lines.length < 2) {
        throw new IllegalArgumentException("backfill.sql has \"" + lines[0] + "\" but the model's validation "
            + (index + 1) + " is " + (index >= 0 && index < steps.size() ? "\"" + steps.get(index).reason() + "\""
                : "missing"));
      }
      int part = lines[1].startsWith(VIOLATION) ? 0 : 1;
      parts[index][part] = s.sql();
      reasons[index] = part == 1 ? lines[1].substring(MARK.length()) : reasons[index];
    }
    List<ValidationSql> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (parts[i][0] == null) {
        throw new IllegalArgumentException("backfill.sql has no query for \"" + steps.get(i).reason() + "\"");
      }
      out.add(new ValidationSql(steps.get(i), parts[i][0],
          parts[i][1] == null ? null : new Statement(reasons[i], parts[i][1])));
    }
    return out;
  }
  static final String SWEEP = "4. once the walk is done, delete the new rows whose old row is gone";
  static final String CHECK = "check: ";
  static final String PARENTS = "1b. lock the batch's";

  /** The statements of {@code backfill.sql}, each step's parts in order, each with its reason. */
  public static List<Statement> statements(List<BackfillSql> backfill) {
    List<Statement> statements = new ArrayList<>();
    int n = 1;
    for (BackfillSql b : backfill) {
      String step = "step " + n++ + ": " + b.step().reason();
      statements.add(new Statement(step + "\n" + FIRST_KEY, b.firstKey()));
      statements.add(new Statement(step + "\n" + BOUNDS + " (no lock): its last key, then the key where the next"
          + " batch starts (none: this is the last batch)"
          + "\n   parameters: first key of the batch, batch size - 1", b.bounds()));
      if (b.lock() != null) {
        statements.add(new Statement(step + "\n" + PARENTS + (b.clear() != null
            ? " parent rows, those whose column is NULL too, before any child row (the order the repositories'"
                + " writers take them), so a writer of the column waits for the batch"
            : " old rows before the copy (H2 reads a MERGE's source before it waits for their locks)")
            + "\n   parameters: first key of the batch, then the key where the next batch starts (the batch's last"
            + " key for the last batch): that key is locked too, as MariaDB's range reads of the batch would lock it",
            b.lock()));
      }
      if (b.copy() != null && b.converted()) {
        String converters = String.join(", ", b.step().moves().stream().map(m -> m.converter()).distinct().toList());
        statements.add(new Statement(step + "\n" + CHECK + "the SQL equivalent (@SqlEquivalent) against " + converters
            + ".toNew; the migrator compares them on the first batch of every run and refuses to copy if a row differs"
            + "\n   parameters: first and last key of the batch (inclusive); returns the key, the old values, the"
            + " SQL's new values", b.read()));
      }
      if (b.copy() != null) {
        statements.add(new Statement(step + "\n" + COPY + " inside the database"
            + (b.converted() ? ", converted by the SQL equivalent," : "")
            + (b.lock() != null ? " (its old rows are locked by 1b)" : " locking its old rows so a"
                + " concurrent writer waits for the copy")
            + "\n   parameters: first and last key of the batch (inclusive)", b.copy()));
        if (b.clear() != null) {
          statements.add(new Statement(step + "\n" + CLEAR + " (an older server cleared it after a newer one wrote"
              + " the row)\n   parameters: first and last key of the batch (inclusive), twice: the child rows' range,"
              + " then the parents'", b.clear()));
        }
      } else {
        statements.add(new Statement(step + "\n" + READ + "; the migrator converts each value with "
            + b.step().moves().get(0).converter() + ".toNew; FOR UPDATE, so a concurrent"
            + " writer waits for the batch"
            + "\n   parameters: first and last key of the batch (inclusive)", b.read()));
        statements.add(new Statement(step + "\n" + WRITE + " (a JDBC batch)"
            + "\n   parameters: the converted values in column order, then the key", b.write()));
      }
      if (b.sweep() != null) {
        statements.add(new Statement(step + "\n" + SWEEP + " (an older server deleted it from the old table"
            + " alone); in the transaction that records the step as done", b.sweep()));
      }
      statements.add(new Statement(step + "\n" + VERIFY + "rows whose new place "
          + (b.converted() && !b.inDatabase() ? "is still empty"
              : b.converted() ? "differs from the SQL equivalent of the old one" : "differs from the old one")
          + (b.sweep() != null ? ", and new rows without an old one" : "") + "; 0 means the step is done (MIGRATED)",
          b.verify()));
    }
    return statements;
  }

  /**
   * The statements of {@code backfill.sql}: each step's parts, then the reviewed fragments that run once the backfill
   * is verified ({@link ReleaseScripts#afterBackfill}).
   */
  public static List<Statement> statements(List<BackfillSql> backfill, List<Statement> afterBackfill) {
    List<Statement> out = new ArrayList<>(statements(backfill));
    for (Statement s : afterBackfill) {
      out.add(new Statement(s.reason() + "\nruns once the backfill is verified, before the shard becomes MIGRATED",
          s.sql()));
    }
    return out;
  }

  /** The reviewed fragments of a {@code backfill.sql}, in order, as the migrator runs them after the backfill. */
  public static List<Statement> afterBackfill(String text) {
    return ScriptText.parse(text).stream().filter(s -> s.reason().startsWith(SqlFragment.REASON)).toList();
  }

  /**
   * The steps of a reviewed {@code backfill.sql}, with the SQL exactly as the file has it; {@code steps} (the
   * release plan's copy steps, from the model) say what each step copies and how its keys and values are typed.
   *
   * @throws IllegalArgumentException when the file does not hold exactly those steps, each complete: it was
   *     generated from another model, or edited
   */
  public static List<BackfillSql> parse(String text, List<CopyStep> steps) {
    String[][] parts = new String[steps.size()][10];
    for (Statement s : ScriptText.parse(text)) {
      if (s.reason().startsWith(SqlFragment.REASON)) {
        continue; // a reviewed fragment run after the backfill: afterBackfill(text)
      }
      String[] lines = s.reason().split("\n");
      if (VALIDATION.matcher(lines[0]).matches()) {
        continue; // the migrate step's validations, read by parseValidations
      }
      Matcher m = lines.length < 2 ? null : STEP.matcher(lines[0]);
      if (m == null || !m.matches()) {
        throw new IllegalArgumentException("a statement of backfill.sql names no step (\"" + lines[0] + "\")");
      }
      int index = Integer.parseInt(m.group(1)) - 1;
      if (index < 0 || index >= steps.size() || !steps.get(index).reason().equals(m.group(2))) {
        throw new IllegalArgumentException("backfill.sql has \"" + lines[0] + "\" but the model's step " + (index + 1)
            + " is " + (index >= 0 && index < steps.size() ? "\"" + steps.get(index).reason() + "\"" : "missing"));
      }
      int part = lines[1].startsWith(FIRST_KEY) ? 0 : lines[1].startsWith(BOUNDS) ? 1
          : lines[1].startsWith(COPY) ? 2 : lines[1].startsWith(WRITE) ? 3 : lines[1].startsWith(VERIFY) ? 4
              : lines[1].startsWith(CHECK) ? 5 : lines[1].startsWith(READ) ? 6 : lines[1].startsWith(CLEAR) ? 7
                  : lines[1].startsWith(SWEEP) ? 8 : lines[1].startsWith(PARENTS) ? 9 : -1;
      if (part < 0 || parts[index][part] != null) {
        throw new IllegalArgumentException("backfill.sql step " + (index + 1) + " has an unexpected statement: \""
            + lines[1] + "\"");
      }
      parts[index][part] = s.sql();
    }
    List<BackfillSql> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      CopyStep step = steps.get(i);
      String[] p = parts[i];
      // A copy inside the database (converted ones with their check), or a converted step's read and write.
      boolean inDatabase = p[2] != null && p[3] == null && p[6] == null && step.converted() == (p[5] != null);
      boolean inJava = step.converted() && p[2] == null && p[5] == null && p[6] != null && p[3] != null;
      boolean keyed = step.moves().get(0).keyed();
      if (p[0] == null || p[1] == null || p[4] == null || !(inDatabase || inJava) || keyed != (p[7] != null)
          || keyed && p[9] == null || step.tableRename() != (p[8] != null)) {
        throw new IllegalArgumentException("backfill.sql step " + (i + 1) + " (" + step.reason() + ") is incomplete");
      }
      out.add(inJava
          ? new BackfillSql(step, step.source().id().column(), p[0], p[1], null, p[6], p[3], p[4], p[9], p[7], p[8])
          : new BackfillSql(step, step.source().id().column(), p[0], p[1], p[2], p[5], null, p[4], p[9], p[7], p[8]));
    }
    return out;
  }
}
