package dev.crossfade.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A domain's whole schema history as one release's code describes it: every entity and field with the
 * releases that created, deprecated and moved them. Plain data, built by the processor from annotated
 * elements and read back by the runtime from {@code META-INF/crossfade/schema.json}.
 *
 * @param release the code's release
 * @param baseline the schema's first release: what has no {@code @Since} belongs to it
 * @param entities sorted by table name
 */
public record SchemaModel(Version release, Version baseline, List<EntityDef> entities) {
  public SchemaModel {
    List<EntityDef> sorted = new ArrayList<>(entities);
    sorted.sort(Comparator.comparing(EntityDef::table));
    entities = List.copyOf(sorted);
  }

  public Optional<EntityDef> entity(String className) {
    return entities.stream().filter(e -> e.className().equals(className)).findFirst();
  }

  public Optional<EntityDef> table(String table) {
    return entities.stream().filter(e -> e.table().equals(table)).findFirst();
  }

  /** The release that created the entity's table. */
  public Version sinceOf(EntityDef entity) {
    return entity.since() != null ? entity.since() : baseline;
  }

  /** The release whose expand adds the foreign key: its own {@code since}, else its column's. */
  public Version sinceOf(EntityDef entity, ForeignKeyDef key) {
    Version column = entity.fields().stream().filter(f -> f.column().equals(key.column())).findFirst()
        .map(f -> sinceOf(entity, f)).orElse(sinceOf(entity));
    return key.since() == null || key.since().isBefore(column) ? column : key.since();
  }

  /** The release whose expand creates the index: its own {@code since}, else its table's. */
  public Version sinceOf(EntityDef entity, IndexDef index) {
    return index.since() == null || index.since().isBefore(sinceOf(entity)) ? sinceOf(entity) : index.since();
  }

  /** The release whose expand adds the CHECK: its own {@code since}, else its table's. */
  public Version sinceOf(EntityDef entity, CheckDef check) {
    return check.since() == null || check.since().isBefore(sinceOf(entity)) ? sinceOf(entity) : check.since();
  }

  /** The release that created the field's column: its own {@code @Since}, else its table's. */
  public Version sinceOf(EntityDef entity, FieldDef field) {
    if (field.since() == null) {
      return sinceOf(entity);
    }
    Version tableSince = sinceOf(entity);
    return field.since().isBefore(tableSince) ? tableSince : field.since();
  }

  /** The release whose contract drops the column: its own {@code @DeprecatedIn} or its table's, whichever is first. */
  public Version deprecatedInOf(EntityDef entity, FieldDef field) {
    if (field.deprecatedIn() == null) {
      return entity.deprecatedIn();
    }
    if (entity.deprecatedIn() == null) {
      return field.deprecatedIn();
    }
    return field.deprecatedIn().isBefore(entity.deprecatedIn()) ? field.deprecatedIn() : entity.deprecatedIn();
  }

  /** Every release that changes the schema, from the baseline up to the code's release, in order. */
  public SortedSet<Version> releases() {
    Lookups l = lookups();
    if (l.releases == null) {
      l.releases = java.util.Collections.unmodifiableSortedSet(releasesUncached());
    }
    return new TreeSet<>(l.releases);
  }

  private SortedSet<Version> releasesUncached() {
    SortedSet<Version> all = new TreeSet<>();
    all.add(baseline);
    for (EntityDef e : entities) {
      addIfInWindow(all, e.since());
      addIfInWindow(all, e.deprecatedIn());
      for (FieldDef f : e.fields()) {
        addIfInWindow(all, f.since());
        addIfInWindow(all, f.deprecatedIn());
        for (EnumConstant c : f.constants()) {
          // A release that only adds a constant changes no table, but shards still record its phases: the
          // constant is written once that release is CONTRACTED there (Placement).
          addIfInWindow(all, c.since());
        }
      }
      // A release that only adds or drops a constraint or an index changes the schema too.
      e.foreignKeys().forEach(k -> addIfInWindow(all, k.since()));
      e.checks().forEach(k -> addIfInWindow(all, k.since()));
      for (IndexDef i : e.indexes()) {
        addIfInWindow(all, i.since());
        addIfInWindow(all, i.deprecatedIn());
      }
    }
    return all;
  }

  private void addIfInWindow(SortedSet<Version> all, Version v) {
    if (v != null && !v.isBefore(baseline) && !v.isAfter(release)) {
      all.add(v);
    }
  }

  /**
   * The model as the code of an earlier release {@code r} declared it, as far as this model can tell: what later
   * releases add is gone, and what they deprecate or move is not deprecated or moved yet. The plan renders that
   * code's reads and writes from it through the same placement model as this code's.
   */
  public SchemaModel asOf(Version r) {
    List<EntityDef> out = new ArrayList<>();
    for (EntityDef e : entities) {
      if (sinceOf(e).isAfter(r)) {
        continue;
      }
      List<FieldDef> fields = new ArrayList<>();
      for (FieldDef f : e.fields()) {
        if (sinceOf(e, f).isAfter(r)) {
          continue;
        }
        boolean later = f.deprecatedIn() != null && f.deprecatedIn().isAfter(r);
        FieldDef then = later ? new FieldDef(f.name(), f.column(), f.javaKind(), f.javaType(), f.sqlType(), f.nullable(),
            f.defaultValue(), f.unique(), f.indexed(), f.id(), f.since(), null, null, f.constants(), f.version()) : f;
        if (then.constants().stream().anyMatch(c -> c.since() != null && c.since().isAfter(r))) {
          then = then.withConstants(then.constants().stream()
              .filter(c -> c.since() == null || !c.since().isAfter(r)).toList());
        }
        fields.add(then);
      }
      Version dep = e.deprecatedIn() != null && e.deprecatedIn().isAfter(r) ? null : e.deprecatedIn();
      List<ForeignKeyDef> keys = e.foreignKeys().stream()
          .filter(k -> (k.since() == null || !k.since().isAfter(r)) && fields.stream()
              .anyMatch(f -> f.column().equals(k.column())))
          .toList();
      List<IndexDef> indexes = e.indexes().stream()
          .filter(i -> i.since() == null || !i.since().isAfter(r))
          .map(i -> i.deprecatedIn() != null && i.deprecatedIn().isAfter(r)
              ? new IndexDef(i.name(), i.columns(), i.unique(), i.since(), null) : i)
          .toList();
      List<CheckDef> checks = e.checks().stream().filter(k -> k.since() == null || !k.since().isAfter(r)).toList();
      out.add(new EntityDef(e.className(), e.table(), e.since(), dep, fields, keys, indexes, checks));
    }
    return new SchemaModel(r, baseline, out);
  }

  /**
   * The entity a table rename moves {@code source} to: {@code source} is deprecated in a release that moves every
   * one of its fields but the key into that one other entity, a table of its own (a type-level
   * {@code @MovedTo(entity = X.class)}, or the same spelled field by field). Its rows then are that entity's rows:
   * the placement writes whole old rows while older servers read them, and deletes them with the new ones.
   */
  public Optional<EntityDef> renamedTo(EntityDef source) {
    Version r = source.deprecatedIn();
    if (r == null) {
      return Optional.empty();
    }
    String target = null;
    for (FieldDef f : source.fields()) {
      if (f.id()) {
        continue;
      }
      if (f.move() == null || !r.equals(f.deprecatedIn())
          || target != null && !target.equals(f.move().targetEntity())) {
        return Optional.empty();
      }
      target = f.move().targetEntity();
    }
    if (target == null) {
      return Optional.empty();
    }
    return entity(target).filter(t -> !t.table().equals(source.table()));
  }

  /** The entity whose table was renamed to {@code target}'s ({@link #renamedTo}), if any. */
  public Optional<EntityDef> renamedFrom(EntityDef target) {
    for (EntityDef e : entities) {
      if (e.deprecatedIn() != null && renamedTo(e).filter(t -> t.table().equals(target.table())).isPresent()) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * This model without the {@code @References} that merely restate the foreign key a move creates: a split-off or
   * extracted table's key column referencing the table its moved fields come from. The move's own key
   * ({@code ON DELETE CASCADE}, since servers of the older release delete the parent row alone) is the one
   * constraint there; declaring it with {@code @References} as well must not add a second one
   * (docs/constraints.md).
   */
  public SchemaModel withoutMoveKeyRestated() {
    Map<String, EntityDef> byClass = byClassName();
    Map<String, Set<String>> parentsOf = new HashMap<>();
    for (EntityDef e : entities) {
      for (FieldDef f : e.fields()) {
        EntityDef target = f.move() == null ? null : byClass.get(f.move().targetEntity());
        if (target != null && !target.table().equals(e.table())) {
          parentsOf.computeIfAbsent(target.table(), t -> new TreeSet<>()).add(e.table());
        }
      }
    }
    if (parentsOf.isEmpty()) {
      return this;
    }
    List<EntityDef> out = new ArrayList<>();
    boolean changed = false;
    for (EntityDef e : entities) {
      Set<String> parents = parentsOf.getOrDefault(e.table(), Set.of());
      String keyColumn = e.ids().isEmpty() ? null : e.ids().get(0).column();
      List<ForeignKeyDef> keys = e.foreignKeys().stream()
          .filter(k -> !(k.column().equals(keyColumn) && parents.contains(k.targetTable())))
          .toList();
      changed |= keys.size() != e.foreignKeys().size();
      out.add(keys.size() == e.foreignKeys().size() ? e : e.withConstraints(keys, e.indexes(), e.checks()));
    }
    return changed ? new SchemaModel(release, baseline, out) : this;
  }

  /** A resolved move: the source field, its target, and the release that moves it. */
  public record Move(EntityDef source, FieldDef field, EntityDef target, FieldDef targetField, Version release) {
    public boolean sameTable() {
      return source.table().equals(target.table());
    }

    public String converter() {
      return field.move().converter();
    }

    /** Whether the column becomes one row of the target, a child table (1:N extraction). */
    public boolean keyed() {
      return field.move().keyed();
    }

    /** For an extraction, the literal value of the child's second key field for this column's row; else null. */
    public String key() {
      return field.move().key();
    }
  }

  /**
   * What the placement model asks of a model for every field in every phase combination (the plan renders
   * thousands): computed once per model and kept for the few models in use. A model is immutable, so the answers
   * cannot go stale; the cache holds models by identity, not by their (deep) equality.
   */
  private static final class Lookups {
    final SchemaModel model;
    final Map<Version, List<Move>> movesIn = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, Optional<Move>> moveInto = new java.util.concurrent.ConcurrentHashMap<>();
    volatile SortedSet<Version> releases;
    /** Every chain move by its target ("table\0field"), the first in release order; null until built. */
    volatile Map<String, Move> moveIntoAll;
    volatile boolean unresolved;

    Lookups(SchemaModel model) {
      this.model = model;
    }
  }

  private static final Lookups[] RECENT = new Lookups[8];
  private static int nextSlot;

  private Lookups lookups() {
    synchronized (RECENT) {
      for (Lookups l : RECENT) {
        if (l != null && l.model == this) {
          return l;
        }
      }
      Lookups l = new Lookups(this);
      RECENT[nextSlot] = l;
      nextSlot = (nextSlot + 1) % RECENT.length;
      return l;
    }
  }

  /** The moves of one release, in the order of source table and declaration. */
  public List<Move> movesIn(Version release) {
    return new ArrayList<>(lookups().movesIn.computeIfAbsent(release, r -> List.copyOf(movesInUncached(r))));
  }

  private List<Move> movesInUncached(Version release) {
    List<Move> moves = new ArrayList<>();
    Map<String, EntityDef> byClass = null;
    for (EntityDef e : entities) {
      for (FieldDef f : e.fields()) {
        if (f.move() != null && release.equals(f.deprecatedIn())) {
          if (byClass == null) {
            byClass = byClassName();
          }
          moves.add(resolve(byClass, e, f, release));
        }
      }
    }
    return moves;
  }

  /**
   * Whether some field of this release moves into the given field (so it is added nullable and filled later):
   * the move of the earliest release from the baseline to the code's release, in the order of
   * {@link #movesIn}. One pass over the fields, not one per release: the processor asks for every column.
   */
  public Optional<Move> moveInto(EntityDef target, FieldDef targetField) {
    Lookups l = lookups();
    String key = target.table() + "\u0000" + targetField.name();
    if (l.moveIntoAll == null && !l.unresolved) {
      buildMoveInto(l);
    }
    if (l.unresolved) {
      // A move whose target is missing: the walk below says exactly where it fails.
      return l.moveInto.computeIfAbsent(key, k -> moveIntoUncached(target, targetField));
    }
    return Optional.ofNullable(l.moveIntoAll.get(key));
  }

  /** Every answer of {@link #moveInto} in one pass: the first move into each target in the walk's order. */
  private void buildMoveInto(Lookups l) {
    SortedSet<Version> releases = releases();
    List<FieldDef> moving = new ArrayList<>();
    List<EntityDef> owners = new ArrayList<>();
    for (EntityDef e : entities) {
      for (FieldDef f : e.fields()) {
        if (f.move() != null && !f.move().keyed() && f.deprecatedIn() != null && releases.contains(f.deprecatedIn())) {
          moving.add(f);
          owners.add(e);
        }
      }
    }
    Integer[] order = new Integer[moving.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparing(i -> moving.get(i).deprecatedIn()));
    Map<String, EntityDef> byClass = byClassName();
    Map<String, Move> all = new HashMap<>();
    try {
      for (int i : order) {
        FieldDef f = moving.get(i);
        Move m = resolve(byClass, owners.get(i), f, releases.tailSet(f.deprecatedIn()).first());
        all.putIfAbsent(m.target().table() + "\u0000" + m.targetField().name(), m);
      }
    } catch (IllegalStateException unresolvedTarget) {
      l.unresolved = true;
      return;
    }
    l.moveIntoAll = all;
  }

  private Optional<Move> moveIntoUncached(EntityDef target, FieldDef targetField) {
    // The moving fields whose release is one of releases(), in release order, then table and declaration order
    // (a stable sort keeps the latter), so the first match and the first unresolved target are those of a
    // release-by-release walk through movesIn.
    SortedSet<Version> releases = releases();
    List<FieldDef> moving = new ArrayList<>();
    List<EntityDef> owners = new ArrayList<>();
    for (EntityDef e : entities) {
      for (FieldDef f : e.fields()) {
        // An extraction's target field takes one row per source column, not one datum: no chain runs through it.
        if (f.move() != null && !f.move().keyed() && f.deprecatedIn() != null && releases.contains(f.deprecatedIn())) {
          moving.add(f);
          owners.add(e);
        }
      }
    }
    if (moving.isEmpty()) {
      return Optional.empty();
    }
    Integer[] order = new Integer[moving.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparing(i -> moving.get(i).deprecatedIn()));
    Map<String, EntityDef> byClass = byClassName();
    Move found = null;
    for (int i : order) {
      FieldDef f = moving.get(i);
      if (found != null && !f.deprecatedIn().equals(found.release())) {
        break;
      }
      // The release as releases() holds it, as movesIn(r) would have been called with it. The rest of the
      // matching release is still resolved: movesIn(r) resolves all of r's moves before any is compared.
      Move m = resolve(byClass, owners.get(i), f, releases.tailSet(f.deprecatedIn()).first());
      if (found == null && m.target().table().equals(target.table())
          && m.targetField().name().equals(targetField.name())) {
        found = m;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Entities by class name; the first wins, as in {@link #entity}. */
  private Map<String, EntityDef> byClassName() {
    Map<String, EntityDef> byClass = new HashMap<>();
    for (EntityDef e : entities) {
      byClass.putIfAbsent(e.className(), e);
    }
    return byClass;
  }

  private static Move resolve(Map<String, EntityDef> byClass, EntityDef e, FieldDef f, Version release) {
    EntityDef target = byClass.get(f.move().targetEntity());
    if (target == null) {
      throw new IllegalStateException("unresolved move target " + f.move().targetEntity());
    }
    FieldDef targetField = target.field(f.move().targetField()).orElseThrow(
        () -> new IllegalStateException("unresolved move target field " + f.move().targetField()));
    return new Move(e, f, target, targetField, release);
  }
}
