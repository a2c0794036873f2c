package dev.crossfade.runtime.repository;

import dev.crossfade.Converter;
import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.ShardState;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.JooqSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * One entity of one server's domain: its model, its converters, and its compiled layouts, one per dialect
 * and combination of phases. Shared by the entity's repositories on every shard.
 */
final class EntityStore<E> {
  final Crossfade crossfade;
  final EntityMapping<E> mapping;
  final SchemaModel model;
  final EntityDef entity;
  private final Map<String, Converter<Object, Object>> converters = new ConcurrentHashMap<>();
  private final Map<Object, EntityLayout> layouts = new ConcurrentHashMap<>();

  private EntityStore(Crossfade crossfade, EntityMapping<E> mapping) {
    this.crossfade = crossfade;
    this.mapping = mapping;
    this.model = crossfade.model();
    String name = mapping.type().getName().replace('$', '.');
    this.entity = model.entity(name).orElseThrow(() -> new IllegalStateException(
        name + " is not in the generated schema of release " + model.release()
            + "; rebuild the application so that its repositories and META-INF/crossfade/schema.json agree"));
    List<String> declared = entity.fields().stream().map(FieldDef::name).toList();
    if (!declared.equals(mapping.fields())) {
      throw new IllegalStateException("the repository of " + name + " maps fields " + mapping.fields()
          + " but the generated schema has " + declared + "; rebuild the application");
    }
  }

  @SuppressWarnings("unchecked")
  static <E> EntityStore<E> of(Crossfade crossfade, EntityMapping<E> mapping) {
    return crossfade.store(mapping, () -> new EntityStore<>(crossfade, mapping));
  }

  /** The last state a layout was looked up for, and that layout: the phase cache hands out the same instance. */
  private record Last(Dialect dialect, ShardState state, EntityLayout layout) {}

  private volatile Last last;

  /** The layout for a shard's state; only the phases of the releases this code knows matter. */
  EntityLayout layout(Dialect dialect, ShardState state) {
    Last l = last;
    // Every operation asks; between refreshes the cached state is the same object, so skip building the key.
    if (l != null && l.state() == state && l.dialect() == dialect) {
      return l.layout();
    }
    EntityLayout layout = lookup(dialect, state);
    last = new Last(dialect, state, layout);
    return layout;
  }

  private EntityLayout lookup(Dialect dialect, ShardState state) {
    Map<Version, Phase> phases = new TreeMap<>();
    for (Version v : model.releases()) {
      phases.put(v, state.phase(v));
    }
    return layouts.computeIfAbsent(List.of(dialect, phases), k -> new EntityLayout(model, entity, dialect,
        dsl(dialect), phases, this::converter));
  }

  static DSLContext dsl(Dialect dialect) {
    return DSL.using(dialect.jooq(), JooqSettings.settings());
  }

  /** The converter, created once per entity by the generated registry (no reflection). */
  private Converter<Object, Object> converter(String className) {
    return converters.computeIfAbsent(className, n -> crossfade.plan().converter(n));
  }
}
