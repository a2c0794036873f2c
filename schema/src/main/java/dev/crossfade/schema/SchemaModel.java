package dev.crossfade.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
    SortedSet<Version> all = new TreeSet<>();
    all.add(baseline);
    for (EntityDef e : entities) {
      addIfInWindow(all, e.since());
      addIfInWindow(all, e.deprecatedIn());
      for (FieldDef f : e.fields()) {
        addIfInWindow(all, f.since());
        addIfInWindow(all, f.deprecatedIn());
      }
    }
    return all;
  }

  private void addIfInWindow(SortedSet<Version> all, Version v) {
    if (v != null && !v.isBefore(baseline) && !v.isAfter(release)) {
      all.add(v);
    }
  }

  /** A resolved move: the source field, its target, and the release that moves it. */
  public record Move(EntityDef source, FieldDef field, EntityDef target, FieldDef targetField, Version release) {
    public boolean sameTable() {
      return source.table().equals(target.table());
    }

    public String converter() {
      return field.move().converter();
    }
  }

  /** The moves of one release, in the order of source table and declaration. */
  public List<Move> movesIn(Version release) {
    List<Move> moves = new ArrayList<>();
    for (EntityDef e : entities) {
      for (FieldDef f : e.fields()) {
        if (f.move() != null && release.equals(f.deprecatedIn())) {
          EntityDef target = entity(f.move().targetEntity()).orElseThrow(
              () -> new IllegalStateException("unresolved move target " + f.move().targetEntity()));
          FieldDef targetField = target.field(f.move().targetField()).orElseThrow(
              () -> new IllegalStateException("unresolved move target field " + f.move().targetField()));
          moves.add(new Move(e, f, target, targetField, release));
        }
      }
    }
    return moves;
  }

  /** Whether some field of this release moves into the given field (so it is added nullable and filled later). */
  public Optional<Move> moveInto(EntityDef target, FieldDef targetField) {
    for (Version r : releases()) {
      for (Move m : movesIn(r)) {
        if (m.target().table().equals(target.table()) && m.targetField().name().equals(targetField.name())) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }
}
