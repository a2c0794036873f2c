package dev.crossfade.schema.sql;

import dev.crossfade.schema.Identifiers;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reviewed SQL fragment of the escape hatch (docs/escape-hatch.md): SQL the user wrote for one release, dialect
 * and step, kept next to the release snapshots as {@code sql/<release>/<dialect>/<step>/<NN-name>.sql}. The processor
 * places it into that release's {@code expand.sql} (after the generated statements), {@code backfill.sql} (run once
 * the backfill is verified) or {@code contract.sql} (before the generated drops), with its comment above it, so
 * plan.md shows it and the migrator runs it in order with the rest.
 *
 * <pre>{@code
 * -- Case-insensitive search by name: the application's findByNameIgnoreCase filters on lower(name).
 * -- crossfade:creates index customer_name_lower_idx on customer
 * CREATE INDEX CONCURRENTLY IF NOT EXISTS customer_name_lower_idx ON customer (lower(name));
 * }</pre>
 *
 * @param release the release whose step runs it
 * @param dialect the database it is written for
 * @param step where it runs
 * @param name the file name without {@code .sql}, which orders the fragments of a step ({@code 01-name-lower})
 * @param comment why it exists, from its leading comment lines
 * @param sql the statement without a terminating semicolon, or null for a {@code -- crossfade:none} file
 * @param creates the structures it declares it creates, which the drift check then expects
 */
public record SqlFragment(Version release, Dialect dialect, Step step, String name, String comment, String sql,
    List<Creates> creates) {

  /** The header line of a fragment that says this dialect needs nothing where the others have SQL. */
  public static final String NONE = "crossfade:none";
  /** The start of a header line that declares a structure for the drift check. */
  public static final String CREATES = "crossfade:creates ";
  /** How a fragment's statement starts its reason in a script, so the runtime can tell it from generated SQL. */
  public static final String REASON = "reviewed SQL fragment ";

  private static final Pattern FILE = Pattern.compile("\\d{2}-[a-z0-9][a-z0-9-]*");
  private static final Pattern CREATES_LINE = Pattern.compile("(index|column) ([a-z][a-z0-9_]*) on ([a-z][a-z0-9_]*)");

  public SqlFragment {
    creates = List.copyOf(creates);
  }

  /** The steps a fragment can belong to, by their folder names. */
  public enum Step {
    EXPAND,
    BACKFILL,
    CONTRACT;

    public String folder() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A structure a fragment creates: an index or a column, on a table, named as the database stores it. */
  public record Creates(String kind, String name, String table) {
    @Override
    public String toString() {
      return kind + " " + name + " on " + table;
    }
  }

  /** {@code sql/2.0/postgres/expand/01-name-lower.sql}: where the fragment lives below the snapshots folder. */
  public String path() {
    return "sql/" + release + "/" + dialect.folder() + "/" + step.folder() + "/" + name + ".sql";
  }

  public boolean none() {
    return sql == null;
  }

  /** The fragment as a statement of a script: its path and comment, then its header lines, above its SQL. */
  public Statement statement() {
    StringBuilder reason = new StringBuilder(REASON).append(path()).append(": ").append(comment);
    for (Creates c : creates) {
      reason.append('\n').append(CREATES).append(c);
    }
    return new Statement(reason.toString(), sql);
  }

  /**
   * Reads one fragment file.
   *
   * @throws IllegalArgumentException with the reason (for the catalogue's message) when the file is not a fragment
   *     Crossfade can place; a {@code crossfade:creates} line it cannot read throws {@link CreatesUnreadable}
   */
  public static SqlFragment parse(Version release, Dialect dialect, Step step, String fileName, String text) {
    if (!fileName.endsWith(".sql") || !FILE.matcher(fileName.substring(0, fileName.length() - 4)).matches()) {
      throw new IllegalArgumentException("its name is not NN-name.sql in lower case, like 01-customer-name-lower.sql"
          + " (the number orders the fragments of a step)");
    }
    String name = fileName.substring(0, fileName.length() - 4);
    List<String> comment = new ArrayList<>();
    List<Creates> creates = new ArrayList<>();
    boolean none = false;
    StringBuilder sql = new StringBuilder();
    for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
      String t = line.strip();
      if (sql.length() == 0 && t.startsWith("--")) {
        String c = t.substring(2).strip();
        if (c.startsWith("crossfade:")) {
          if (c.equals(NONE)) {
            none = true;
          } else if (c.startsWith(CREATES)) {
            Matcher m = CREATES_LINE.matcher(c.substring(CREATES.length()).strip());
            if (!m.matches() || !Identifiers.isWellFormed(m.group(2)) || !Identifiers.isWellFormed(m.group(3))) {
              throw new CreatesUnreadable(c);
            }
            creates.add(new Creates(m.group(1), m.group(2), m.group(3)));
          } else {
            throw new CreatesUnreadable(c);
          }
        } else if (!c.isEmpty()) {
          comment.add(c);
        }
      } else if (sql.length() == 0 && t.isEmpty()) {
        continue;
      } else {
        if (t.isEmpty()) {
          sql.append('\n'); // a blank line: refused below unless it ends the file
        } else {
          sql.append(sql.length() == 0 ? "" : "\n").append(line.stripTrailing());
        }
      }
    }
    String statement = sql.toString().strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).stripTrailing();
    }
    if (none) {
      if (!statement.isEmpty() || !creates.isEmpty()) {
        throw new IllegalArgumentException("it says -- " + NONE + " but holds SQL or crossfade:creates lines too;"
            + " keep only the comment and the -- " + NONE + " line");
      }
      return new SqlFragment(release, dialect, step, name, comment.isEmpty() ? "nothing to do on "
          + dialect.displayName() : String.join(" ", comment), null, List.of());
    }
    if (statement.isEmpty()) {
      throw new IllegalArgumentException("it holds no SQL; write the statement, or the one line -- " + NONE
          + " when this database needs nothing");
    }
    if (comment.isEmpty()) {
      throw new IllegalArgumentException("it has no comment saying why it exists; start it with -- lines that a"
          + " reviewer reads in plan.md");
    }
    if (statement.contains("\n\n") || statement.lines().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("its SQL has a blank line inside; a fragment is one statement without"
          + " blank lines (the scripts separate statements by blank lines)");
    }
    return new SqlFragment(release, dialect, step, name, String.join(" ", comment), statement, creates);
  }

  /** A {@code -- crossfade:} header line that is neither {@code none} nor a {@code creates} line Crossfade reads. */
  public static final class CreatesUnreadable extends IllegalArgumentException {
    private final String line;

    CreatesUnreadable(String line) {
      super(line);
      this.line = line;
    }

    public String line() {
      return line;
    }
  }

  /**
   * The structures the reviewed fragments among a script's statements declare, read back from their reasons: what
   * the drift check expects once the script has run.
   */
  public static List<Creates> declared(List<Statement> statements) {
    List<Creates> out = new ArrayList<>();
    for (Statement s : statements) {
      if (!s.reason().startsWith(REASON)) {
        continue;
      }
      for (String line : s.reason().split("\n")) {
        if (line.startsWith(CREATES)) {
          Matcher m = CREATES_LINE.matcher(line.substring(CREATES.length()));
          if (m.matches()) {
            out.add(new Creates(m.group(1), m.group(2), m.group(3)));
          }
        }
      }
    }
    return out;
  }
}
