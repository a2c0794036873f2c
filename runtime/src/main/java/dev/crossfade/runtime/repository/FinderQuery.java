package dev.crossfade.runtime.repository;

import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.query.Finder;
import dev.crossfade.schema.query.Finder.Operator;
import dev.crossfade.schema.query.Finder.Order;
import dev.crossfade.schema.query.Finder.Predicate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * A derived finder on one layout with its arguments: SQL when every property it touches has an exact SQL
 * expression there, else a scan filtered in Java. The second case arises only inside a release window, for
 * a property whose value is converted on read (a type change before MIGRATED) or absent from the shard (a
 * {@code @Since} field not yet expanded, a contracted deprecated field): SQL cannot compare those exactly.
 *
 * @param sql the statement, or null when Java filters
 * @param args the flattened arguments for {@code sql} ({@code In} collections expanded, patterns built)
 */
record FinderQuery(Stmt sql, Object[] args, EntityLayout layout, Finder finder, Object[] rawArgs) {

  static FinderQuery of(EntityLayout layout, Finder finder, Object[] args) {
    Object[] normalized = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      normalized[i] = normalize(args[i]);
    }
    if (!exact(layout, finder)) {
      return new FinderQuery(null, null, layout, finder, normalized);
    }
    List<Object> flat = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    int a = 0;
    for (Predicate p : finder.predicates()) {
      for (int k = 0; k < p.operator().arity(); k++) {
        Object arg = normalized[a++];
        if (p.operator() == Operator.IN || p.operator() == Operator.NOT_IN) {
          Collection<?> c = arg == null ? List.of() : (Collection<?>) arg;
          sizes.add(c.size());
          flat.addAll(c);
        } else {
          flat.add(pattern(p.operator(), arg));
        }
      }
    }
    Stmt stmt = layout.finders.computeIfAbsent(List.of(finder.method(), sizes), k -> render(layout, finder, sizes));
    return new FinderQuery(stmt, flat.toArray(), layout, finder, normalized);
  }

  private static boolean exact(EntityLayout layout, Finder finder) {
    for (Predicate p : finder.predicates()) {
      if (layout.exprs.get(index(layout, p.property())) == null) {
        return false;
      }
    }
    for (Order o : finder.orderBy()) {
      if (layout.exprs.get(index(layout, o.property())) == null) {
        return false;
      }
    }
    return true;
  }

  static int index(EntityLayout layout, String property) {
    List<FieldDef> fields = layout.entity.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(property)) {
        return i;
      }
    }
    throw new IllegalStateException(layout.entity.simpleName() + " has no property " + property
        + "; rebuild the application");
  }

  private static Stmt render(EntityLayout layout, Finder finder, List<Integer> sizes) {
    List<Stmt.Bind> binds = new ArrayList<>();
    Condition where = null;
    int sizeAt = 0;
    for (List<Predicate> all : finder.where()) {
      Condition and = DSL.noCondition();
      for (Predicate p : all) {
        int i = index(layout, p.property());
        Field<Object> e = layout.exprs.get(i);
        JavaKind kind = layout.reads.get(i).kind();
        Condition c = switch (p.operator()) {
          case EQUALS -> e.eq(next(binds, kind));
          case NOT_EQUALS -> e.ne(next(binds, kind));
          case LESS_THAN -> e.lt(next(binds, kind));
          case LESS_THAN_EQUAL -> e.le(next(binds, kind));
          case GREATER_THAN -> e.gt(next(binds, kind));
          case GREATER_THAN_EQUAL -> e.ge(next(binds, kind));
          case BETWEEN -> e.between(next(binds, kind), next(binds, kind));
          case IN, NOT_IN -> {
            int n = sizes.get(sizeAt++);
            if (n == 0) {
              yield p.operator() == Operator.IN ? DSL.falseCondition() : DSL.trueCondition();
            }
            List<Param<Object>> params = new ArrayList<>();
            for (int k = 0; k < n; k++) {
              params.add(next(binds, kind));
            }
            yield p.operator() == Operator.IN ? e.in(params) : e.notIn(params);
          }
          case IS_NULL -> e.isNull();
          case IS_NOT_NULL -> e.isNotNull();
          case TRUE -> e.eq(DSL.inline(true));
          case FALSE -> e.eq(DSL.inline(false));
          case LIKE, STARTING_WITH, ENDING_WITH, CONTAINING -> e.cast(String.class)
              .like(next(binds, JavaKind.STRING).cast(String.class), '\\');
          case NOT_LIKE -> e.cast(String.class).notLike(next(binds, JavaKind.STRING).cast(String.class), '\\');
        };
        and = and.and(c);
      }
      where = where == null ? and : where.or(and);
    }
    if (where == null) {
      where = DSL.noCondition();
    }
    var from = layout.dsl.select(layout.selectList).from(layout.joined()).where(where);
    return switch (finder.action()) {
      case COUNT -> Stmt.render(layout.dsl, layout.dsl.selectCount().from(layout.joined()).where(where), binds);
      case EXISTS -> Stmt.render(layout.dsl, layout.dsl.selectOne().from(layout.joined()).where(where)
          .limit(DSL.inline(1)), binds);
      case FIND, DELETE -> {
        List<SortField<?>> order = new ArrayList<>();
        for (Order o : finder.orderBy()) {
          Field<Object> e = layout.exprs.get(index(layout, o.property()));
          order.add(o.descending() ? e.desc() : e.asc());
        }
        layout.keys.forEach(k -> order.add(k.asc()));
        var ordered = from.orderBy(order);
        yield Stmt.render(layout.dsl, finder.limit() > 0 ? ordered.limit(DSL.inline(finder.limit())) : ordered, binds);
      }
    };
  }

  private static Param<Object> next(List<Stmt.Bind> binds, JavaKind kind) {
    int n = binds.size();
    binds.add(new Stmt.Bind(kind, (v, a) -> a[n]));
    return Stmt.param(n);
  }

  private static Object normalize(Object arg) {
    if (arg instanceof Enum<?> e) {
      return e.name();
    }
    if (arg instanceof Collection<?> c) {
      return c.stream().map(FinderQuery::normalize).toList();
    }
    return arg;
  }

  private static Object pattern(Operator op, Object arg) {
    if (arg == null) {
      return null;
    }
    return switch (op) {
      case STARTING_WITH -> escape(arg.toString()) + "%";
      case ENDING_WITH -> "%" + escape(arg.toString());
      case CONTAINING -> "%" + escape(arg.toString()) + "%";
      default -> arg;
    };
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  // ---- findAll(Sort) and findAll(PageRequest, Sort) ----

  /**
   * Every row in the order of {@code orders} then the key ({@code paged}: one page of it, binding the row count
   * and the offset), with {@code null} last ascending and first descending on every database, as
   * {@link #comparator} sorts; or null when some property has no exact SQL expression on this layout (then the
   * caller sorts in Java with {@link #comparator}).
   */
  static Stmt sorted(EntityLayout layout, List<Order> orders, boolean paged) {
    for (Order o : orders) {
      if (layout.exprs.get(index(layout, o.property())) == null) {
        return null;
      }
    }
    return layout.finders.computeIfAbsent(List.of("sort", orders, paged), k -> {
      List<SortField<?>> order = new ArrayList<>();
      for (Order o : orders) {
        Field<Object> e = layout.exprs.get(index(layout, o.property()));
        order.add(o.descending() ? e.desc().nullsFirst() : e.asc().nullsLast());
      }
      layout.keys.forEach(column -> order.add(column.asc()));
      var select = layout.dsl.select(layout.selectList).from(layout.joined()).orderBy(order);
      if (!paged) {
        return Stmt.render(layout.dsl, select, List.of());
      }
      return Stmt.render(layout.dsl, select.limit(DSL.param("p0", Integer.class)).offset(DSL.param("p1", Long.class)),
          List.of(new Stmt.Bind(JavaKind.INT, (v, a) -> a[0]), new Stmt.Bind(JavaKind.LONG, (v, a) -> a[1])));
    });
  }

  /** The order of {@code orders} then the key, in Java: {@code null} last ascending, first descending. */
  static Comparator<Object[]> comparator(EntityLayout layout, List<Order> orders) {
    Comparator<Object[]> order = (x, y) -> 0;
    for (Order o : orders) {
      int i = index(layout, o.property());
      Comparator<Object[]> c = (x, y) -> compareNullsLast(x[i], y[i]);
      order = order.thenComparing(o.descending() ? c.reversed() : c);
    }
    for (int key : layout.keyIndexes) {
      order = order.thenComparing((x, y) -> compareNullsLast(x[key], y[key]));
    }
    return order;
  }

  // ---- evaluation in Java, for layouts where SQL cannot compare exactly ----

  /** The properties SQL cannot compare exactly on this layout, for the scan's log line. */
  List<String> javaProperties() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (Predicate p : finder.predicates()) {
      if (layout.exprs.get(index(layout, p.property())) == null) {
        out.add(p.property());
      }
    }
    for (Order o : finder.orderBy()) {
      if (layout.exprs.get(index(layout, o.property())) == null) {
        out.add(o.property());
      }
    }
    return List.copyOf(out);
  }

  /** The matching rows of a scan, sorted and limited as the finder says. */
  List<Object[]> order(List<Object[]> matches) {
    List<Object[]> out = matches;
    out.sort(comparator(layout, finder.orderBy()));
    if (finder.action() == Finder.Action.FIND && finder.limit() > 0 && out.size() > finder.limit()) {
      return new ArrayList<>(out.subList(0, finder.limit()));
    }
    return out;
  }

  boolean matches(Object[] row) {
    if (finder.where().isEmpty()) {
      return true;
    }
    int[] at = {0};
    boolean any = false;
    for (List<Predicate> all : finder.where()) {
      boolean ok = true;
      for (Predicate p : all) {
        Object[] args = Arrays.copyOfRange(rawArgs, at[0], at[0] + p.operator().arity());
        at[0] += p.operator().arity();
        ok &= test(p.operator(), row[index(layout, p.property())], args);
      }
      any |= ok;
    }
    return any;
  }

  /** SQL's meaning of each operator, NULL included: a comparison with NULL is never true. */
  private static boolean test(Operator op, Object v, Object[] args) {
    return switch (op) {
      case IS_NULL -> v == null;
      case IS_NOT_NULL -> v != null;
      case TRUE -> Boolean.TRUE.equals(v);
      case FALSE -> Boolean.FALSE.equals(v);
      case EQUALS -> v != null && args[0] != null && same(v, args[0]);
      case NOT_EQUALS -> v != null && args[0] != null && !same(v, args[0]);
      case LESS_THAN -> comparable(v, args[0]) && compare(v, args[0]) < 0;
      case LESS_THAN_EQUAL -> comparable(v, args[0]) && compare(v, args[0]) <= 0;
      case GREATER_THAN -> comparable(v, args[0]) && compare(v, args[0]) > 0;
      case GREATER_THAN_EQUAL -> comparable(v, args[0]) && compare(v, args[0]) >= 0;
      case BETWEEN -> comparable(v, args[0]) && comparable(v, args[1]) && compare(v, args[0]) >= 0
          && compare(v, args[1]) <= 0;
      case IN -> v != null && args[0] != null && ((Collection<?>) args[0]).stream().anyMatch(x -> x != null && same(v, x));
      case NOT_IN -> v != null && args[0] != null && ((Collection<?>) args[0]).stream().noneMatch(x -> x != null && same(v, x));
      case LIKE -> v != null && args[0] != null && like(args[0].toString()).matcher(v.toString()).matches();
      case NOT_LIKE -> v != null && args[0] != null && !like(args[0].toString()).matcher(v.toString()).matches();
      case STARTING_WITH -> v != null && args[0] != null && v.toString().startsWith(args[0].toString());
      case ENDING_WITH -> v != null && args[0] != null && v.toString().endsWith(args[0].toString());
      case CONTAINING -> v != null && args[0] != null && v.toString().contains(args[0].toString());
    };
  }

  private static Pattern like(String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Equality as the database sees it: numbers by value, byte arrays by content. */
  static boolean same(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof Number && b instanceof Number) {
      return compare(a, b) == 0;
    }
    return Objects.equals(a, b);
  }

  private static boolean comparable(Object v, Object arg) {
    return v != null && arg != null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    return ((Comparable) a).compareTo(b);
  }

  private static int compareNullsLast(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return compare(a, b);
  }
}
