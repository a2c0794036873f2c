package dev.crossfade.schema.sql;

import java.util.Arrays;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.ParserException;

/**
 * A converter's {@code @SqlEquivalent(toNew = …)}: one SQL expression over the old column, written {@code ?},
 * read by jOOQ's parser and rendered per dialect like every other statement.
 *
 * <pre>{@code
 * Field<?> bytes = SqlEquivalents.toNew("CAST(? AS BIGINT) * 1048576", field(name("memory_mb")));
 * }</pre>
 */
public final class SqlEquivalents {
  private SqlEquivalents() {}

  private static DSLContext parser;

  /**
   * The expression with every {@code ?} replaced by {@code column}.
   *
   * @throws IllegalArgumentException why the expression cannot be used: it is not one SQL expression, or it
   *     does not use the old column
   */
  public static synchronized Field<?> toNew(String expression, Field<?> column) {
    int placeholders = placeholders(expression);
    if (placeholders == 0) {
      throw new IllegalArgumentException("it does not use the old column (written ?)");
    }
    if (parser == null) {
      parser = DSL.using(SQLDialect.DEFAULT, JooqSettings.settings());
    }
    Object[] bindings = new Object[placeholders];
    Arrays.fill(bindings, column);
    try {
      return parser.parser().parseField(expression, bindings);
    } catch (ParserException e) {
      throw new IllegalArgumentException("jOOQ cannot parse it as one SQL expression (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Checks that the expression can be used, as {@link #toNew} would.
   *
   * @throws IllegalArgumentException why it cannot
   */
  public static void check(String expression) {
    toNew(expression, DSL.field(DSL.name("old_value")));
  }

  /** How many {@code ?} the expression has outside its string literals. */
  static int placeholders(String expression) {
    int n = 0;
    boolean quoted = false;
    for (int i = 0; i < expression.length(); i++) {
      char ch = expression.charAt(i);
      if (ch == '\'') {
        quoted = !quoted;
      } else if (ch == '?' && !quoted) {
        n++;
      }
    }
    return n;
  }
}
