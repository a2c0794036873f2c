package dev.crossfade.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Random annotated domains for {@link RandomDomainsTest}: random names, types, versions, columns, moves and enum
 * constants, valid and invalid, always valid Java. A domain is a list of entity specs; {@link #evolve} derives the next
 * release's code from a shipped one with a few random edits (the changes people make between releases,
 * safe and unsafe), so the snapshot diff gets exercised too.
 */
final class RandomDomain {
  static final String PACKAGE = "fuzz";
  private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "tu", "ven", "dor", "sel", "qu", "zor", "bin",
      "te", "nax", "pi", "gor", "ul"};
  private static final String[] VERSIONS = {"1.0", "1.0", "1.5", "2.0", "2.0", "2.1", "3.0"};
  private static final String[] BAD_VERSIONS = {"2.x", "", "v2", "1..0", "-1", "1.2.3.4.5"};
  private static final String[] GOOD_TYPES = {"long", "int", "boolean", "double", "Integer", "Long", "Boolean",
      "Double", "String", "String", "String", "BigDecimal", "LocalDate", "LocalDateTime", "Instant", "UUID", "byte[]",
      "Status", "Mode"};
  /** Constant names an edit may add to {@code Status}; the last is longer than many a column. */
  private static final String[] CONSTANTS = {"ARCHIVED", "PAUSED", "LOST", "SPARE", "DECOMMISSIONED_FOR_GOOD"};
  private static final String[] BOXED_TYPES = {"Integer", "Long", "String", "LocalDate", "UUID", "Status"};
  private static final String[] BAD_TYPES = {"float", "char", "List<String>", "Object", "short"};
  private static final String[] ID_TYPES = {"long", "long", "Long", "String", "UUID", "int"};
  private static final String[] RESERVED = {"order", "select", "value", "user", "key", "group"};
  private static final String[] DEFAULTS = {"0", "1", "true", "abc", "ACTIVE", "2024-01-31", "2024-01-31T00:00:00",
      "2024-01-31T00:00:00Z", "0.5", "00000000-0000-0000-0000-000000000000", "x y", "-7"};
  private static final Set<String> RECORD_FORBIDDEN = Set.of("clone", "finalize", "getClass", "hashCode", "notify",
      "notifyAll", "toString", "wait");

  /** One field as declared; null means "not written". */
  record Field(String name, String type, boolean id, String column, Integer length, String nullable,
      String defaultValue, boolean unique, boolean indexed, String since, String deprecatedIn, String moveEntity,
      String moveField, boolean converter) {
    Field withType(String t) {
      return new Field(name, t, id, column, length, nullable, defaultValue, unique, indexed, since, deprecatedIn,
          moveEntity, moveField, converter);
    }

    Field withColumn(String c) {
      return new Field(name, type, id, c, length, nullable, defaultValue, unique, indexed, since, deprecatedIn,
          moveEntity, moveField, converter);
    }

    Field withId(boolean i) {
      return new Field(name, type, i, column, length, nullable, defaultValue, unique, indexed, since, deprecatedIn,
          moveEntity, moveField, converter);
    }

    Field withNullable(String n) {
      return new Field(name, type, id, column, length, n, defaultValue, unique, indexed, since, deprecatedIn,
          moveEntity, moveField, converter);
    }

    Field withIndex(boolean u, boolean i) {
      return new Field(name, type, id, column, length, nullable, defaultValue, u, i, since, deprecatedIn, moveEntity,
          moveField, converter);
    }

    Field withSince(String s) {
      return new Field(name, type, id, column, length, nullable, defaultValue, unique, indexed, s, deprecatedIn,
          moveEntity, moveField, converter);
    }

    Field withMove(String deprecated, String entity, String field, boolean conv) {
      return new Field(name, type, id, column, length, nullable, defaultValue, unique, indexed, since, deprecated,
          entity, field, conv);
    }
  }

  record Entity(String name, String table, boolean record, String since, String deprecatedIn, List<Field> fields,
      String suppress) {
    Entity withFields(List<Field> f) {
      return new Entity(name, table, record, since, deprecatedIn, f, suppress);
    }

    Entity withTable(String t) {
      return new Entity(name, t, record, since, deprecatedIn, fields, suppress);
    }

    Entity withDeprecatedIn(String d) {
      return new Entity(name, table, record, since, d, fields, suppress);
    }
  }

  private final Random random;
  private final Set<String> usedNames = new HashSet<>();
  /** Makes every kind of mistake; a careful domain is plausible and its edits are the safe ones. */
  private boolean sloppy;
  /**
   * The constants of the domain's {@code Status} enum as the code being generated declares them, each a name or
   * {@code @Since("R") NAME}: {@link #render} writes them, {@link #evolve} edits them (so render a release before
   * evolving the next one from it).
   */
  private List<String> status = new ArrayList<>(List.of("ACTIVE", "RETIRED"));

  RandomDomain(Random random) {
    this.random = random;
    this.sloppy = random.nextInt(100) < 55;
  }

  /** Switches between making mistakes and being careful, for what is generated next. */
  void sloppy(boolean makeMistakes) {
    this.sloppy = makeMistakes;
  }

  /** A mistake happens with this chance in a sloppy domain, never in a careful one. */
  private boolean mistake(int percent) {
    return sloppy && chance(percent);
  }

  /** A first domain: mostly plausible, with a sprinkling of every kind of mistake. */
  List<Entity> generate() {
    int count = 1 + random.nextInt(4);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(className());
    }
    List<Entity> entities = new ArrayList<>();
    for (String name : names) {
      List<Field> fields = new ArrayList<>();
      Set<String> fieldNames = new HashSet<>();
      int idCount = mistake(5) ? 0 : mistake(5) ? 2 : 1;
      for (int i = 0; i < idCount; i++) {
        fields.add(new Field(fieldName(fieldNames), pick(ID_TYPES), true, mistake(10) ? columnName() : null, null,
            null, null, false, false, mistake(10) ? version() : null, null, null, null, false));
      }
      int plain = random.nextInt(6);
      for (int i = 0; i < plain; i++) {
        fields.add(field(fieldNames, names));
      }
      if (chance(35)) {
        // An enum column, so that the next release's edits of the enum meet a shipped column.
        fields.add(new Field(fieldName(fieldNames), "Status", false, null, mistake(30) ? 1 + random.nextInt(12) : null,
            null, null, false, false, null, null, null, null, false));
      }
      String table = mistake(8) ? columnName() : snake(name);
      entities.add(new Entity(name, table, random.nextBoolean(), mistake(20) ? version() : null,
          mistake(12) ? version() : null, fields, chance(10) ? "crossfade:identifier-reserved" : null));
    }
    return entities;
  }

  private Field field(Set<String> fieldNames, List<String> entities) {
    String type = mistake(12) ? pick(BAD_TYPES) : pick(GOOD_TYPES);
    boolean move = mistake(20);
    String moveEntity = null;
    String moveField = null;
    if (move) {
      moveEntity = chance(10) ? "Plain" : pick(entities.toArray(String[]::new));
      moveField = chance(15) ? "nowhere" : fieldName(new HashSet<>(fieldNames));
    }
    boolean enumType = type.equals("Status") || type.equals("Mode");
    return new Field(fieldName(fieldNames), type, false, mistake(15) ? columnName() : null,
        chance(15) && (sloppy || !enumType) ? 1 + random.nextInt(enumType ? 30 : 300) : null,
        mistake(20) ? pick(new String[] {"DEFAULT", "NULLABLE", "NOT_NULL"}) : null,
        mistake(15) ? pick(DEFAULTS) : null, chance(8), chance(10),
        mistake(30) ? version() : null, move || mistake(15) ? version() : null, moveEntity, moveField,
        move && chance(30));
  }

  /** The next release's code: the shipped domain with one to three edits. */
  List<Entity> evolve(List<Entity> shipped, String release) {
    List<Entity> next = new ArrayList<>(shipped);
    int edits = 1 + random.nextInt(3);
    for (int n = 0; n < edits && !next.isEmpty(); n++) {
      int e = random.nextInt(next.size());
      Entity entity = next.get(e);
      List<Field> fields = new ArrayList<>(entity.fields());
      int f = fields.isEmpty() ? -1 : random.nextInt(fields.size());
      Set<String> fieldNames = new HashSet<>();
      fields.forEach(x -> fieldNames.add(x.name()));
      int[] safe = {2, 6, 7, 12, 13};
      int roll = sloppy ? random.nextInt(21) : safe[random.nextInt(safe.length)];
      // Issue 15's edits (13 to 16) come twice as often in a sloppy domain.
      switch (roll >= 17 ? roll - 4 : roll) {
        case 0 -> {
          // A compile without any @Table never reaches the processor (javac calls it for its annotations only).
          if (next.size() > 1) {
            next.remove(e);
          }
        }
        case 1 -> next.set(e, entity.withTable(columnName()));
        case 2 -> next.set(e, entity.withDeprecatedIn(release));
        case 3 -> {
          if (f >= 0) {
            fields.remove(f);
          }
        }
        case 4 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withColumn(columnName()));
          }
        }
        case 5 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withType(pick(GOOD_TYPES)));
          }
        }
        case 6 -> fields.add(field(fieldNames, next.stream().map(Entity::name).toList())
            .withSince(sloppy && chance(30) ? null : release).withMove(null, null, null, false)
            .withNullable(sloppy ? null : "NULLABLE").withType(sloppy ? pick(GOOD_TYPES) : pick(BOXED_TYPES)));
        case 7 -> {
          if (f >= 0 && !fields.get(f).id()) {
            String target = fieldName(fieldNames);
            fields.set(f, fields.get(f).withMove(release, entity.name(), target, mistake(30)));
            fields.add(new Field(target, sloppy ? pick(GOOD_TYPES) : fields.get(f).type(), false, null, null, null,
                null, false, false, release, null, null, null, false));
          }
        }
        case 8 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withNullable("NOT_NULL"));
          }
        }
        case 9 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withIndex(random.nextBoolean(), true));
          }
        }
        case 10 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withId(!fields.get(f).id()));
          }
        }
        case 11 -> {
          if (f >= 0) {
            fields.set(f, fields.get(f).withSince(version()));
          }
        }
        case 13 -> enumEdit(release, fields);
        case 14 -> {
          // A move into an entity that already exists: its rows are not this entity's rows.
          String key = entity.fields().stream().filter(Field::id).map(Field::type).findFirst().orElse("");
          List<Entity> others = next.stream().filter(o -> !o.name().equals(entity.name())
              && o.fields().stream().anyMatch(x -> x.id() && x.type().equals(key))).toList();
          if (f >= 0 && !fields.get(f).id() && !others.isEmpty()) {
            Entity other = others.get(random.nextInt(others.size()));
            Set<String> otherNames = new HashSet<>();
            other.fields().forEach(x -> otherNames.add(x.name()));
            String target = fieldName(otherNames);
            List<Field> otherFields = new ArrayList<>(other.fields());
            otherFields.add(new Field(target, fields.get(f).type(), false, null, null, null, null, false, false,
                release, null, null, null, false));
            next.set(next.indexOf(other), other.withFields(otherFields));
            fields.set(f, fields.get(f).withMove(release, other.name(), target, false));
          }
        }
        case 15 -> {
          // A move of a string into a shorter one.
          List<Integer> strings = new ArrayList<>();
          for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).id() && fields.get(i).type().equals("String") && fields.get(i).deprecatedIn() == null) {
              strings.add(i);
            }
          }
          f = strings.isEmpty() ? -1 : strings.get(random.nextInt(strings.size()));
          if (f >= 0) {
            String target = fieldName(fieldNames);
            fields.set(f, fields.get(f).withMove(release, entity.name(), target, false));
            fields.add(new Field(target, fields.get(f).type(), false, null, 1 + random.nextInt(12), null, null, false,
                false, release, null, null, null, false));
          }
        }
        case 16 -> {
          // A move through a converter whose types may not be the fields' (Conv is Integer -> Long).
          if (f >= 0 && !fields.get(f).id()) {
            String target = fieldName(fieldNames);
            fields.set(f, fields.get(f).withMove(release, entity.name(), target, true));
            fields.add(new Field(target, chance(50) ? "Long" : pick(BOXED_TYPES), false, null, null, null, null, false,
                false, release, null, null, null, false));
          }
        }
        default -> {
          if (f >= 0 && (sloppy || !fields.get(f).id())) {
            fields.set(f, fields.get(f).withMove(!sloppy || chance(50) ? release : null, null, null, false));
          }
        }
      }
      if (next.contains(entity)) {
        next.set(next.indexOf(entity), entity.withFields(fields));
      }
    }
    if (chance(sloppy ? 75 : 25)) {
      // An edit of the enum, on an entity with a Status column if there is one.
      List<Entity> withStatus = next.stream()
          .filter(x -> x.fields().stream().anyMatch(y -> y.type().equals("Status"))).toList();
      Entity target = withStatus.isEmpty() ? next.get(random.nextInt(next.size()))
          : withStatus.get(random.nextInt(withStatus.size()));
      List<Field> fields = new ArrayList<>(target.fields());
      enumEdit(release, fields);
      next.set(next.indexOf(target), target.withFields(fields));
    }
    if (chance(15)) {
      String name = className();
      next.add(new Entity(name, sloppy ? columnName() : snake(name), true, !sloppy || chance(60) ? release : null,
          null,
          List.of(new Field("id", "long", true, null, null, null, null, false, false, null, null, null, null, false)),
          null));
    }
    return next;
  }

  /**
   * An edit of the {@code Status} enum: a careful one adds a constant with {@code @Since} of the release; a sloppy
   * one may also add it without (or with a shipped release's), remove or rename one, put another enum type on a
   * {@code Status} field, or add a constant longer than a shortened column.
   */
  private void enumEdit(String release, List<Field> fields) {
    List<String> names = status.stream().map(c -> c.substring(c.lastIndexOf(' ') + 1)).toList();
    String added = pick(CONSTANTS);
    boolean fresh = !names.contains(added);
    List<Integer> statusFields = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).type().equals("Status")) {
        statusFields.add(i);
      }
    }
    int g = statusFields.isEmpty() ? -1 : statusFields.get(random.nextInt(statusFields.size()));
    switch (sloppy ? random.nextInt(7) : 0) {
      case 0 -> {
        if (fresh) {
          status.add("@Since(\"" + release + "\") " + added);
        }
      }
      case 1 -> {
        if (fresh) {
          status.add(added);
        }
      }
      case 2 -> {
        if (fresh) {
          status.add("@Since(\"1.0\") " + added);
        }
      }
      case 3 -> {
        if (status.size() > 1) {
          status.remove(random.nextInt(status.size()));
        }
      }
      case 4 -> {
        if (fresh) {
          status.set(random.nextInt(status.size()), added);
        }
      }
      case 5 -> {
        if (g >= 0) {
          fields.set(g, fields.get(g).withType("Mode"));
        }
      }
      default -> {
        if (g >= 0 && chance(50)) {
          fields.set(g, new Field(fields.get(g).name(), "Status", false, fields.get(g).column(), 1 + random.nextInt(6),
              fields.get(g).nullable(), null, false, false, fields.get(g).since(), fields.get(g).deprecatedIn(),
              fields.get(g).moveEntity(), fields.get(g).moveField(), fields.get(g).converter()));
        } else if (!names.contains("DECOMMISSIONED_FOR_GOOD")) {
          status.add("@Since(\"" + release + "\") DECOMMISSIONED_FOR_GOOD");
        }
      }
    }
  }

  /**
   * A shipped, careful domain with a nullable {@code Integer} field added to one entity, so that a later
   * release can change its type through the test converter ({@code Conv}: Integer to Long).
   */
  List<Entity> withConvertible(List<Entity> careful) {
    List<Entity> out = new ArrayList<>(careful);
    int e = random.nextInt(out.size());
    List<Field> fields = new ArrayList<>(out.get(e).fields());
    Set<String> names = new HashSet<>();
    fields.forEach(f -> names.add(f.name()));
    fields.add(new Field(fieldName(names), "Integer", false, null, null, null, null, false, false, null, null, null,
        null, false));
    out.set(e, out.get(e).withFields(fields));
    return out;
  }

  /**
   * The next release's code made only of refactorings that compile: two to four of renaming a field, changing
   * an {@code Integer} field to a {@code Long} one through {@code Conv}, splitting fields off into a new table
   * keyed by the entity's key, adding a nullable field, deprecating a field, deprecating a table.
   */
  List<Entity> refactor(List<Entity> shipped, String release) {
    List<Entity> next = new ArrayList<>(shipped);
    int edits = 2 + random.nextInt(3);
    Set<String> split = new HashSet<>();
    for (int n = 0; n < edits; n++) {
      int e = random.nextInt(next.size());
      Entity entity = next.get(e);
      if (entity.deprecatedIn() != null) {
        continue;
      }
      List<Field> fields = new ArrayList<>(entity.fields());
      Set<String> names = new HashSet<>();
      fields.forEach(x -> names.add(x.name()));
      List<Integer> movable = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        Field f = fields.get(i);
        if (!f.id() && f.deprecatedIn() == null && f.since() == null && !Character.isLowerCase(f.type().charAt(0))) {
          movable.add(i);
        }
      }
      int kind = random.nextInt(6);
      if (kind <= 2 && movable.isEmpty()) {
        kind = 3;
      }
      switch (kind) {
        case 0 -> {
          // A rename, or a type change through the converter when the field is an Integer.
          int f = movable.get(random.nextInt(movable.size()));
          Field old = fields.get(f);
          boolean convert = old.type().equals("Integer") && chance(70);
          String target = fieldName(names);
          fields.set(f, old.withMove(release, entity.name(), target, convert));
          fields.add(new Field(target, convert ? "Long" : old.type(), false, null, null, null, null, false, false,
              release, null, null, null, false));
        }
        case 1, 2 -> {
          if (split.contains(entity.name())) {
            continue;
          }
          Field id = fields.stream().filter(Field::id).findFirst().orElse(null);
          if (id == null) {
            continue;
          }
          String name = className();
          List<Field> child = new ArrayList<>();
          Set<String> childNames = new HashSet<>();
          child.add(new Field(fieldName(childNames), id.type(), true, null, null, null, null, false, false, null,
              null, null, null, false));
          for (int f : movable) {
            if (child.size() == 1 || chance(40)) {
              Field old = fields.get(f);
              String target = fieldName(childNames);
              fields.set(f, old.withMove(release, name, target, false));
              child.add(new Field(target, old.type(), false, null, null, null, null, false, chance(20), null, null,
                  null, null, false));
            }
          }
          split.add(entity.name());
          next.add(new Entity(name, snake(name), random.nextBoolean(), release, null, child, null));
        }
        case 3 -> fields.add(new Field(fieldName(names), pick(BOXED_TYPES), false, null, null, "NULLABLE", null,
            false, false, release, null, null, null, false));
        case 4 -> {
          if (!movable.isEmpty()) {
            int f = movable.get(random.nextInt(movable.size()));
            fields.set(f, fields.get(f).withMove(release, null, null, false));
          }
        }
        default -> {
          if (!split.contains(entity.name()) && next.size() > 1) {
            if (renamable(next, entity) && chance(50)) {
              // A table rename: the entity stays deprecated for the window, every field moving to the same-named
              // field of a new entity of this release (spelled field by field; the model recognises the shape).
              String name = className();
              List<Field> copy = fields.stream().map(f -> new Field(f.name(), f.type(), f.id(), f.column(), f.length(),
                  f.nullable(), f.defaultValue(), f.unique(), f.indexed(), null, null, null, null, false)).toList();
              fields.replaceAll(f -> f.id() ? f : f.withMove(release, name, f.name(), false));
              split.add(entity.name());
              next.set(e, entity.withFields(fields).withDeprecatedIn(release));
              next.add(new Entity(name, snake(name), entity.record(), release, null, copy, entity.suppress()));
              continue;
            }
            next.set(e, entity.withDeprecatedIn(release));
            continue;
          }
        }
      }
      next.set(next.indexOf(entity), entity.withFields(fields));
    }
    return next;
  }

  /**
   * Whether a table rename can move every field of the entity: it has a key and other fields, none of them added,
   * deprecated or moved already, and no other entity moves data into it (a chain of moves into a renamed table is
   * a shape of its own).
   */
  private static boolean renamable(List<Entity> entities, Entity entity) {
    boolean plain = entity.fields().stream().anyMatch(Field::id) && entity.fields().stream().anyMatch(f -> !f.id())
        && entity.fields().stream().allMatch(f -> f.since() == null && f.deprecatedIn() == null
            && f.moveEntity() == null);
    return plain && entities.stream().flatMap(x -> x.fields().stream())
        .noneMatch(f -> entity.name().equals(f.moveEntity()));
  }

  /** The domain as compilable sources, with its release declaration. */
  ErrorCatalogueDomain render(List<Entity> entities, String release, String baseline) {
    ErrorCatalogueDomain domain = ErrorCatalogueDomain.empty()
        .packageInfo(PACKAGE, baseline == null ? "@Release(\"" + release + "\")"
            : "@Release(value = \"" + release + "\", baseline = \"" + baseline + "\")")
        .type(PACKAGE + ".Status", "public enum Status { " + String.join(", ", status) + " }\n")
        .type(PACKAGE + ".Mode", "public enum Mode { ON, OFF }\n")
        .type(PACKAGE + ".Plain", "public record Plain(long id) {}\n")
        .type(PACKAGE + ".Conv", """
            public final class Conv implements Converter<Integer, Long> {
              @Override
              public Long toNew(Integer v) {
                return v == null ? null : v.longValue();
              }

              @Override
              public Integer toOld(Long v) {
                return v == null ? null : v.intValue();
              }
            }
            """);
    Set<String> names = new HashSet<>();
    entities.forEach(e -> names.add(e.name()));
    for (Entity e : entities) {
      // An edit may delete an entity that another still moves to; javac would then fail before Crossfade runs.
      List<Field> fields = e.fields().stream()
          .map(f -> f.moveEntity() == null || names.contains(f.moveEntity()) ? f
              : f.withMove(f.deprecatedIn(), "Plain", f.moveField(), f.converter()))
          .toList();
      domain = domain.type(PACKAGE + "." + e.name(), source(e.withFields(fields)));
    }
    return domain;
  }

  private static String source(Entity e) {
    StringBuilder b = new StringBuilder();
    b.append("import java.math.BigDecimal;\nimport java.time.*;\nimport java.util.List;\nimport java.util.UUID;\n\n");
    b.append("@Table(\"").append(e.table()).append("\")\n");
    if (e.since() != null) {
      b.append("@Since(\"").append(e.since()).append("\")\n");
    }
    if (e.deprecatedIn() != null) {
      b.append("@DeprecatedIn(\"").append(e.deprecatedIn()).append("\")\n");
    }
    if (e.suppress() != null) {
      b.append("@SuppressWarnings(\"").append(e.suppress()).append("\")\n");
    }
    List<String> declarations = e.fields().stream().map(RandomDomain::declaration).toList();
    if (e.record()) {
      b.append("public record ").append(e.name()).append("(\n    ")
          .append(String.join(",\n    ", declarations)).append(") {}\n");
    } else {
      b.append("public class ").append(e.name()).append(" {\n");
      declarations.forEach(d -> b.append("  ").append(d).append(";\n"));
      b.append("}\n");
    }
    return b.toString();
  }

  private static String declaration(Field f) {
    StringBuilder b = new StringBuilder();
    if (f.id()) {
      b.append("@Id ");
    }
    if (f.since() != null) {
      b.append("@Since(\"").append(f.since()).append("\") ");
    }
    if (f.deprecatedIn() != null) {
      b.append("@DeprecatedIn(\"").append(f.deprecatedIn()).append("\") ");
    }
    if (f.moveEntity() != null) {
      b.append("@MovedTo(entity = ").append(f.moveEntity()).append(".class, field = \"").append(f.moveField())
          .append('"').append(f.converter() ? ", converter = Conv.class" : "").append(") ");
    }
    List<String> column = new ArrayList<>();
    if (f.column() != null) {
      column.add("name = \"" + f.column() + "\"");
    }
    if (f.length() != null) {
      column.add("length = " + f.length());
    }
    if (f.nullable() != null) {
      column.add("nullable = Column.Nullability." + f.nullable());
    }
    if (f.defaultValue() != null) {
      column.add("defaultValue = \"" + f.defaultValue() + "\"");
    }
    if (f.unique()) {
      column.add("unique = true");
    }
    if (f.indexed()) {
      column.add("indexed = true");
    }
    if (!column.isEmpty()) {
      b.append("@Column(").append(String.join(", ", column)).append(") ");
    }
    return b.append(f.type()).append(' ').append(f.name()).toString();
  }

  String version() {
    return chance(8) ? pick(BAD_VERSIONS) : pick(VERSIONS);
  }

  String pickRelease() {
    return pick(new String[] {"1.0", "2.0", "2.0", "2.1", "3.0"});
  }

  private String className() {
    while (true) {
      String s = syllables(2 + random.nextInt(2));
      String name = Character.toUpperCase(s.charAt(0)) + s.substring(1);
      if (usedNames.add(name) && SourceVersion.isName(name) && !Set.of("Status", "Mode", "Plain", "Conv").contains(name)) {
        return name;
      }
    }
  }

  private String fieldName(Set<String> taken) {
    while (true) {
      String s = syllables(1 + random.nextInt(2));
      if (chance(40)) {
        String more = syllables(1);
        s = s + Character.toUpperCase(more.charAt(0)) + more.substring(1);
      }
      if (!SourceVersion.isKeyword(s) && !RECORD_FORBIDDEN.contains(s) && !s.equals("id") && taken.add(s)) {
        return s;
      }
    }
  }

  /** A column or table name: mostly fine, sometimes invalid, reserved, or too long for some database. */
  private String columnName() {
    int roll = random.nextInt(100);
    if (roll < 6) {
      return "Bad-Name";
    } else if (roll < 14) {
      return pick(RESERVED);
    } else if (roll < 20) {
      return "c_" + "x".repeat(60 + random.nextInt(8));
    }
    return syllables(1 + random.nextInt(2)) + "_" + syllables(1);
  }

  private String syllables(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(pick(SYLLABLES));
    }
    return b.toString();
  }

  private static String snake(String className) {
    return dev.crossfade.schema.Identifiers.snakeCase(className);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }
}
