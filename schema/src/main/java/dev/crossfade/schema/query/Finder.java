package dev.crossfade.schema.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query derived from a repository method's name, in the Spring Data / Micronaut Data grammar:
 * {@code findByStatusAndCityOrderByNameDesc}, {@code countByStatus}, {@code existsByName},
 * {@code findFirst3ByMonitoredTrueOrderByLastSeenDesc}, {@code deleteByRack}.
 *
 * <p>The processor parses each declared method to reject one that names a missing property, on that
 * method; the generated repository parses the same name again at class initialisation, so compile time and
 * run time can never disagree about what a name means.
 *
 * @param method the method name
 * @param action what the query does with the rows it selects
 * @param limit the most rows it selects ({@code First}, {@code Top5}), or 0 for all
 * @param where alternatives joined by {@code Or}, each a list of predicates joined by {@code And}; empty
 *     selects every row
 * @param orderBy the sort order after the key, which always breaks ties so results are deterministic
 */
public record Finder(String method, Action action, int limit, List<List<Predicate>> where, List<Order> orderBy) {

  /** What a derived query does. */
  public enum Action {
    FIND,
    COUNT,
    EXISTS,
    DELETE
  }

  /** A comparison of a property; {@link #arity()} is how many method parameters it consumes. */
  public enum Operator {
    EQUALS(1, "", "Is", "Equals", "IsEqual"),
    NOT_EQUALS(1, "Not", "IsNot"),
    LESS_THAN(1, "LessThan", "IsLessThan", "Before", "IsBefore"),
    LESS_THAN_EQUAL(1, "LessThanEqual", "IsLessThanEqual"),
    GREATER_THAN(1, "GreaterThan", "IsGreaterThan", "After", "IsAfter"),
    GREATER_THAN_EQUAL(1, "GreaterThanEqual", "IsGreaterThanEqual"),
    BETWEEN(2, "Between", "IsBetween"),
    IN(1, "In", "IsIn"),
    NOT_IN(1, "NotIn", "IsNotIn"),
    IS_NULL(0, "IsNull", "Null"),
    IS_NOT_NULL(0, "IsNotNull", "NotNull"),
    TRUE(0, "True", "IsTrue"),
    FALSE(0, "False", "IsFalse"),
    LIKE(1, "Like", "IsLike"),
    NOT_LIKE(1, "NotLike", "IsNotLike"),
    STARTING_WITH(1, "StartingWith", "IsStartingWith", "StartsWith"),
    ENDING_WITH(1, "EndingWith", "IsEndingWith", "EndsWith"),
    CONTAINING(1, "Containing", "IsContaining", "Contains");

    private final int arity;
    private final List<String> suffixes;

    Operator(int arity, String... suffixes) {
      this.arity = arity;
      this.suffixes = List.of(suffixes);
    }

    public int arity() {
      return arity;
    }

    /** Whether the operator compares text ({@code LIKE} and its spellings). */
    public boolean textual() {
      return this == LIKE || this == NOT_LIKE || this == STARTING_WITH || this == ENDING_WITH || this == CONTAINING;
    }
  }

  /** One condition on a property. */
  public record Predicate(String property, Operator operator) {}

  /** One sort key. */
  public record Order(String property, boolean descending) {}

  /** Why a name is not a query, with the part at fault ({@code null} when the whole name is). */
  public static final class ParseException extends IllegalArgumentException {
    private final String unknownProperty;

    ParseException(String message, String unknownProperty) {
      super(message);
      this.unknownProperty = unknownProperty;
    }

    /** The property the name refers to that the entity does not have, or null when the name does not parse. */
    public String unknownProperty() {
      return unknownProperty;
    }
  }

  private static final Pattern SHAPE = Pattern.compile(
      "^(find|read|get|query|search|stream|count|exists|delete|remove)((?:First|Top)(\\d*))?\\p{Alnum}*?By(\\p{Alnum}*)$");
  private static final Pattern SPLIT_OR = Pattern.compile("Or(?=\\p{Lu})");
  private static final Pattern SPLIT_AND = Pattern.compile("And(?=\\p{Lu})");
  private static final Pattern ORDER_BY = Pattern.compile("OrderBy(?=\\p{Lu})");

  /** Whether the name has the shape of a derived query at all (a prefix and {@code By}). */
  public static boolean looksLikeQuery(String method) {
    return SHAPE.matcher(method).matches();
  }

  /**
   * Parses a method name against the entity's properties (Java field names).
   *
   * @throws ParseException when the name is not a query, or names a property the entity does not have
   */
  public static Finder parse(String method, Set<String> properties) {
    Matcher m = SHAPE.matcher(method);
    if (!m.matches()) {
      throw new ParseException("'" + method + "' does not start with find…By, count…By, exists…By or delete…By", null);
    }
    Action action = switch (m.group(1)) {
      case "count" -> Action.COUNT;
      case "exists" -> Action.EXISTS;
      case "delete", "remove" -> Action.DELETE;
      default -> Action.FIND;
    };
    int limit = 0;
    if (m.group(2) != null) {
      if (action != Action.FIND) {
        throw new ParseException("First and Top only apply to find…By queries", null);
      }
      limit = m.group(3).isEmpty() ? 1 : parseLimit(m.group(3));
    }
    String criteria = m.group(4);
    List<Order> orderBy = new ArrayList<>();
    String[] byAndOrder = ORDER_BY.split(criteria, -1);
    if (byAndOrder.length > 2) {
      throw new ParseException("'" + method + "' has OrderBy more than once", null);
    }
    if (byAndOrder.length == 2) {
      if (action != Action.FIND) {
        throw new ParseException("OrderBy only applies to find…By queries", null);
      }
      orderBy = orders(byAndOrder[1], properties);
      criteria = byAndOrder[0];
    }
    List<List<Predicate>> where = new ArrayList<>();
    if (!criteria.isEmpty()) {
      for (String alternative : SPLIT_OR.split(criteria, -1)) {
        List<Predicate> all = new ArrayList<>();
        for (String part : SPLIT_AND.split(alternative, -1)) {
          all.add(predicate(part, properties));
        }
        where.add(List.copyOf(all));
      }
    } else if (orderBy.isEmpty()) {
      throw new ParseException("'" + method + "' names no property after By", null);
    }
    return new Finder(method, action, limit, List.copyOf(where), List.copyOf(orderBy));
  }

  /** How many method parameters the query takes, in order. */
  public int parameterCount() {
    return where.stream().flatMap(List::stream).mapToInt(p -> p.operator().arity()).sum();
  }

  /** Every predicate in parameter order. */
  public List<Predicate> predicates() {
    return where.stream().flatMap(List::stream).toList();
  }

  private static int parseLimit(String digits) {
    try {
      int n = Integer.parseInt(digits);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException tooLarge) {
      // falls through to the error
    }
    throw new ParseException("Top" + digits + " is not a positive row count", null);
  }

  private static Predicate predicate(String part, Set<String> properties) {
    if (part.isEmpty()) {
      throw new ParseException("an And or Or has nothing on one side", null);
    }
    String whole = decapitalize(part);
    if (properties.contains(whole)) {
      return new Predicate(whole, Operator.EQUALS);
    }
    // Longest suffix first, so that "NotIn" wins over "In" and "LessThanEqual" over "LessThan".
    Operator best = null;
    String bestSuffix = "";
    for (Operator op : Operator.values()) {
      for (String suffix : op.suffixes) {
        if (!suffix.isEmpty() && part.endsWith(suffix) && part.length() > suffix.length()
            && suffix.length() > bestSuffix.length()
            && properties.contains(decapitalize(part.substring(0, part.length() - suffix.length())))) {
          best = op;
          bestSuffix = suffix;
        }
      }
    }
    if (best != null) {
      return new Predicate(decapitalize(part.substring(0, part.length() - bestSuffix.length())), best);
    }
    throw new ParseException("no property '" + guess(part) + "'", guess(part));
  }

  /** The property a user most likely meant: the part without the longest operator suffix it ends with. */
  private static String guess(String part) {
    String bestSuffix = "";
    for (Operator op : Operator.values()) {
      for (String suffix : op.suffixes) {
        if (part.endsWith(suffix) && part.length() > suffix.length() && suffix.length() > bestSuffix.length()) {
          bestSuffix = suffix;
        }
      }
    }
    return decapitalize(part.substring(0, part.length() - bestSuffix.length()));
  }

  private static List<Order> orders(String text, Set<String> properties) {
    List<Order> orders = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      // The longest property that starts here, then an optional direction.
      String found = null;
      for (String p : properties) {
        String cap = capitalize(p);
        if (text.startsWith(cap, at) && (found == null || p.length() > found.length())) {
          int end = at + cap.length();
          if (end == text.length() || Character.isUpperCase(text.charAt(end))) {
            found = p;
          }
        }
      }
      if (found == null) {
        String rest = text.substring(at);
        String name = rest.replaceFirst("(Asc|Desc).*$", "");
        throw new ParseException("no property '" + decapitalize(name) + "' to order by", decapitalize(name));
      }
      at += found.length();
      boolean desc = false;
      if (text.startsWith("Desc", at)) {
        desc = true;
        at += 4;
      } else if (text.startsWith("Asc", at)) {
        at += 3;
      }
      orders.add(new Order(found, desc));
    }
    if (orders.isEmpty()) {
      throw new ParseException("OrderBy names no property", null);
    }
    return orders;
  }

  static String decapitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
