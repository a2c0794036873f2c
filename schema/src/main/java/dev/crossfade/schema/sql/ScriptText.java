package dev.crossfade.schema.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a generated script, and its parser. Each statement is a block: its reason as
 * {@code -- } comment lines, the SQL, a terminating {@code ;}, then a blank line. SQL never contains a
 * blank line (jOOQ's formatting has none and values are bind parameters), so the parser splits on blank
 * lines and the runtime executes exactly what a reviewer read.
 */
public final class ScriptText {
  private ScriptText() {}

  /** The file: header comment lines, then each statement with its reason. Ends with a newline. */
  public static String write(List<String> header, List<Statement> statements) {
    StringBuilder b = new StringBuilder();
    for (String h : header) {
      b.append(h.isEmpty() ? "--" : "-- " + h).append('\n');
    }
    if (statements.isEmpty()) {
      b.append("--\n-- Nothing to do in this step for this release.\n");
    }
    for (Statement s : statements) {
      b.append('\n');
      appendComment(b, s.reason());
      b.append(s.sql()).append(";\n");
    }
    return b.toString();
  }

  static void appendComment(StringBuilder b, String reason) {
    for (String line : reason.split("\n")) {
      b.append("-- ").append(line).append('\n');
    }
  }

  /** The statements of a script written by {@link #write}; a block with only comments (the header) is skipped. */
  public static List<Statement> parse(String text) {
    List<Statement> out = new ArrayList<>();
    for (String block : text.replace("\r\n", "\n").split("\n\\s*\n")) {
      StringBuilder reason = new StringBuilder();
      StringBuilder sql = new StringBuilder();
      for (String line : block.split("\n")) {
        if (sql.length() == 0 && line.startsWith("--")) {
          if (reason.length() > 0) {
            reason.append('\n');
          }
          reason.append(line.length() > 3 ? line.substring(3) : "");
        } else if (!line.isBlank() || sql.length() > 0) {
          if (sql.length() > 0) {
            sql.append('\n');
          }
          sql.append(line);
        }
      }
      String statement = sql.toString().strip();
      if (statement.endsWith(";")) {
        statement = statement.substring(0, statement.length() - 1);
      }
      if (!statement.isEmpty()) {
        out.add(new Statement(reason.toString(), statement));
      }
    }
    return out;
  }
}
