package dev.crossfade.schema.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of {@code rollback.sql} and their reading back. Each statement's reason ends with a line that
 * says what it would destroy and, where it counts something first, the exact count query on one line; the
 * migrator reads the drops and the counts from the reviewed file instead of rendering them again at run time.
 * Both directions live here so the two cannot drift apart.
 *
 * <pre>{@code
 * List<RollbackSql> undo = RollbackScript.parse(rollbackSqlText);
 * }</pre>
 */
public final class RollbackScript {
  private RollbackScript() {}

  private static final String COUNTED = ", counted first by: ";
  private static final String BLOCKED = "restores the constraint; refused while ";
  private static final String LOSES = "would lose ";
  private static final String RESTORES = "loses nothing: it restores the constraint";
  private static final String COPY = "loses nothing: the data is a copy of the old place";
  private static final String STRUCTURE = "loses nothing: an index or a constraint holds no data of its own";

  /** The statements of {@code rollback.sql}, in order, each reason followed by its effect line. */
  public static List<Statement> statements(List<RollbackSql> rollback) {
    List<Statement> statements = new ArrayList<>();
    for (RollbackSql r : rollback) {
      String effect;
      if (r.blockerCount() != null) {
        effect = BLOCKED + r.blocks() + COUNTED + oneLine(r.blockerCount());
      } else if (r.loses() != null) {
        effect = LOSES + r.loses() + COUNTED + oneLine(r.lossCount());
      } else if (r.restores()) {
        effect = RESTORES;
      } else if (r.structure()) {
        effect = STRUCTURE;
      } else {
        effect = COPY;
      }
      statements.add(new Statement(r.drop().reason() + "\n" + effect, r.drop().sql()));
    }
    return statements;
  }

  /**
   * The rollback of a reviewed {@code rollback.sql}: each drop, and the count queries exactly as the file has them.
   *
   * @throws IllegalArgumentException when a statement lacks the effect line {@link #statements} writes
   */
  public static List<RollbackSql> parse(String text) {
    List<RollbackSql> out = new ArrayList<>();
    for (Statement s : ScriptText.parse(text)) {
      int cut = s.reason().lastIndexOf('\n');
      if (cut < 0) {
        throw new IllegalArgumentException("a statement of rollback.sql has no effect line: \"" + s.reason() + "\"");
      }
      Statement drop = new Statement(s.reason().substring(0, cut), s.sql());
      String effect = s.reason().substring(cut + 1);
      int counted = effect.indexOf(COUNTED);
      if (effect.startsWith(BLOCKED) && counted > 0) {
        out.add(RollbackSql.restoring(drop, effect.substring(counted + COUNTED.length()),
            effect.substring(BLOCKED.length(), counted)));
      } else if (effect.startsWith(LOSES) && counted > 0) {
        out.add(new RollbackSql(drop, effect.substring(counted + COUNTED.length()),
            effect.substring(LOSES.length(), counted)));
      } else if (effect.equals(RESTORES)) {
        out.add(RollbackSql.restoring(drop, null, null));
      } else if (effect.equals(STRUCTURE)) {
        out.add(RollbackSql.structure(drop));
      } else if (effect.equals(COPY)) {
        out.add(new RollbackSql(drop, null, null));
      } else {
        throw new IllegalArgumentException("a statement of rollback.sql has an unknown effect: \"" + effect + "\"");
      }
    }
    return out;
  }

  /** A count query on the one comment line the reviewer reads and the migrator runs. */
  private static String oneLine(String sql) {
    return sql.replace("\n", " ");
  }
}
