package dev.crossfade.schema.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.conf.ParseNameCase;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderNameCase;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The expression of a {@code @Check}: parsed with jOOQ's parser at compile time (so a typo is a compile error,
 * not a failed expand on a customer's shard), checked to name only the table's columns, and rendered for each
 * dialect. Names are rendered quoted and lower case, like every identifier Crossfade writes.
 */
public final class CheckExpressions {
  private CheckExpressions() {}

  /**
   * The parsed condition.
   *
   * @throws IllegalArgumentException with jOOQ's reason (and position) when the text is not one boolean expression
   */
  public static Condition parse(String expression) {
    try {
      // Names as written: the default dialect's parser would upper-case unquoted ones.
      return DSL.using(SQLDialect.DEFAULT, JooqSettings.settings().withParseNameCase(ParseNameCase.AS_IS)).parser()
          .parseCondition(expression);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(reason.replace('\n', ' '), e);
    }
  }

  /** The column names the expression reads, as written, sorted. */
  public static SortedSet<String> columns(String expression) {
    Condition c = parse(expression);
    List<String> names = new ArrayList<>();
    DSLContext dsl = DSL.using(new DefaultConfiguration().set(SQLDialect.POSTGRES)
        .set(JooqSettings.settings()).set(new VisitListener() {
          @Override
          public void visitStart(VisitContext ctx) {
            QueryPart q = ctx.queryPart();
            // The parser gives every column reference as a TableField of no table (functions and values are not).
            if (q instanceof TableField<?, ?> f) {
              names.add(f.getName());
            } else if (q instanceof Field<?> f && q.getClass().getSimpleName().equals("QualifiedField")) {
              names.add(f.getName());
            }
          }
        }));
    dsl.render(c);
    return new TreeSet<>(names);
  }

  /** The expression in the dialect's SQL, identifiers quoted and lower case. */
  public static String render(Dialect dialect, String expression) {
    DSLContext dsl = DSL.using(dialect.jooq(), JooqSettings.settings()
        .withRenderNameCase(RenderNameCase.LOWER)
        .withRenderKeywordCase(RenderKeywordCase.UPPER));
    return dsl.renderInlined(parse(expression));
  }
}
