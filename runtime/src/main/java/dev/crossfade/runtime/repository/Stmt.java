package dev.crossfade.runtime.repository;

import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.sql.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * One rendered statement with its parameters: the SQL text with {@code ?} placeholders, and for each
 * placeholder where its value comes from. Rendered once per layout and cached; executed with plain JDBC,
 * so a call costs what the hand-written statement costs.
 */
record Stmt(String sql, List<Bind> binds) {
  /** Where a parameter's value comes from: the entity's values or the call's arguments. */
  interface Source {
    Object get(Object[] values, Object[] args);
  }

  /** One placeholder's kind and source. */
  record Bind(JavaKind kind, Source source) {}

  private static final Pattern NAMED = Pattern.compile(":p(\\d+)\\b");

  /** A typed placeholder for {@link #render}: {@code p<index>} into {@code binds}. */
  static Param<Object> param(int index) {
    return DSL.param("p" + index, Object.class);
  }

  /**
   * Renders the query with named parameters {@code :p0, :p1 …} (see {@link #param}) and turns them into
   * {@code ?}, so that a parameter jOOQ's dialect emulation repeats or reorders still binds the right value.
   */
  static Stmt render(DSLContext dsl, Query query, List<Bind> binds) {
    String named = dsl.renderNamedParams(query);
    Matcher m = NAMED.matcher(named);
    StringBuilder sql = new StringBuilder();
    List<Bind> ordered = new ArrayList<>();
    while (m.find()) {
      ordered.add(binds.get(Integer.parseInt(m.group(1))));
      m.appendReplacement(sql, "?");
    }
    m.appendTail(sql);
    return new Stmt(sql.toString(), List.copyOf(ordered));
  }

  void bind(PreparedStatement ps, Dialect dialect, Object[] values, Object[] args) throws SQLException {
    for (int i = 0; i < binds.size(); i++) {
      Bind b = binds.get(i);
      JdbcValues.bind(ps, i + 1, b.kind(), dialect, b.source().get(values, args));
    }
  }

  @Override
  public String toString() {
    return sql;
  }
}
