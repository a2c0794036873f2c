package dev.crossfade.runtime.repository;

import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.crossfade.Converter;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SchemaModel.Move;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.DialectTypes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Where one entity's fields live on a shard with given phases (DESIGN section 4), compiled into the
 * statements a repository runs there. Built once per entity, dialect and combination of phases, then
 * cached: a call only binds and executes.
 *
 * <ul>
 *   <li>reads: one statement; tables of a split are LEFT JOINed on the key; each field comes from its
 *       source of truth of the moment (the old place until its release is MIGRATED, the new one after),
 *       converted where a converter says so, or is the declared default where its column is absent;
 *   <li>save: an upsert of the entity's own row, then an upsert of each split-off table it keeps current
 *       and an update of each old table a moved field still feeds, all in the caller's transaction;
 *   <li>delete: the split-off rows, the old places a moved field fed, then the row itself.
 * </ul>
 */
final class EntityLayout {
  /** How one field is read: a column of the select list (maybe converted), or a constant. */
  record Read(JavaKind kind, int column, Object constant, Converter<Object, Object> converter, boolean toNew) {
    Object value(ResultSet rs, Dialect dialect) throws SQLException {
      if (column < 0) {
        return constant;
      }
      Object raw = JdbcValues.read(rs, column, kind, dialect);
      if (converter == null || raw == null) {
        return raw;
      }
      return toNew ? converter.toNew(raw) : converter.toOld(raw);
    }
  }

  /** A field moved within its own table and the field it moved to: one datum, two columns while both exist. */
  record Pair(int source, int target, Converter<Object, Object> converter) {}

  final EntityDef entity;
  final Dialect dialect;
  final DSLContext dsl;
  final Map<Version, Phase> phases;
  /** Why the entity's table is not on this shard, or null when it is. */
  final String absent;
  /** Why the entity may not be written on this shard, or null when it may. */
  final String unwritable;
  final List<Read> reads = new ArrayList<>();
  /** Per field, the SQL expression of its value when SQL can compare it exactly; null when only Java can. */
  final List<Field<Object>> exprs = new ArrayList<>();
  final List<SelectField<?>> selectList = new ArrayList<>();
  final Table<?> from;
  final Field<Object> key;
  final int keyIndex;
  /** Fields whose columns are not on this shard yet: index to the release that adds them. */
  final Map<Integer, Version> unexpanded = new LinkedHashMap<>();
  final List<Pair> pairs = new ArrayList<>();
  final List<Stmt> save = new ArrayList<>();
  final List<Stmt> delete = new ArrayList<>();
  /** Rendered finders, by method name and the sizes of their {@code In} lists. */
  final Map<Object, Stmt> finders = new java.util.concurrent.ConcurrentHashMap<>();
  final Stmt selectById;
  final Stmt selectAll;
  final Stmt selectPage;
  final Stmt count;
  final Stmt existsById;

  private final SchemaModel model;
  private final Function<String, Converter<Object, Object>> converters;
  private final Map<String, Table<?>> joins = new LinkedHashMap<>();
  private Table<?> joined;

  EntityLayout(SchemaModel model, EntityDef entity, Dialect dialect, DSLContext dsl, Map<Version, Phase> phases,
      Function<String, Converter<Object, Object>> converters) {
    this.model = model;
    this.entity = entity;
    this.dialect = dialect;
    this.dsl = dsl;
    this.phases = Map.copyOf(phases);
    this.converters = converters;
    this.keyIndex = entity.fields().indexOf(entity.id());
    Table<?> own = table(name(entity.table())).as("t0");
    this.from = own;
    this.joined = own;
    this.key = field(name("t0", entity.id().column()));

    Version since = model.sinceOf(entity);
    if (!phase(since).atLeast(Phase.EXPANDED)) {
      absent = entity.simpleName() + " is created by release " + since + ", which is " + phase(since) + " here";
    } else if (entity.deprecatedIn() != null && phase(entity.deprecatedIn()).atLeast(Phase.CONTRACTING)) {
      // From CONTRACTING on, contract may drop the table at any moment: the code no longer reads or writes it.
      absent = entity.simpleName() + " is deprecated in release " + entity.deprecatedIn() + ", which is "
          + phase(entity.deprecatedIn()) + " here, so its table is dropped (or about to be)";
    } else {
      absent = null;
    }
    unwritable = absent;

    if (absent == null) {
      for (FieldDef f : entity.fields()) {
        addRead(f);
      }
      planSave();
      planDelete();
    }
    List<Stmt.Bind> byKey = List.of(new Stmt.Bind(entity.id().javaKind(), (v, a) -> a[0]));
    selectById = absent != null ? null
        : Stmt.render(dsl, dsl.select(selectList).from(joined).where(key.eq(Stmt.param(0))), byKey);
    selectAll = absent != null ? null : Stmt.render(dsl, dsl.select(selectList).from(joined).orderBy(key), List.of());
    selectPage = absent != null ? null : Stmt.render(dsl, dsl.select(selectList).from(joined).orderBy(key)
        .limit(DSL.param("p0", Integer.class)).offset(DSL.param("p1", Long.class)),
        List.of(new Stmt.Bind(JavaKind.INT, (v, a) -> a[0]), new Stmt.Bind(JavaKind.LONG, (v, a) -> a[1])));
    count = absent != null ? null : Stmt.render(dsl, dsl.selectCount().from(own), List.of());
    existsById = absent != null ? null
        : Stmt.render(dsl, dsl.selectOne().from(own).where(key.eq(Stmt.param(0))), byKey);
  }

  Table<?> joined() {
    return joined;
  }

  private Phase phase(Version v) {
    return phases.getOrDefault(v, Phase.PENDING);
  }

  private boolean columnExists(EntityDef e, FieldDef f) {
    if (!phase(model.sinceOf(e, f)).atLeast(Phase.EXPANDED)) {
      return false;
    }
    Version dep = model.deprecatedInOf(e, f);
    return dep == null || phase(dep) != Phase.CONTRACTED;
  }

  /**
   * Whether reads select the column: it exists and, if deprecated, its release is not yet CONTRACTING. From
   * CONTRACTING on, contract may drop it at any moment, and the code that deprecated it does not depend on it:
   * it reads as its default.
   */
  private boolean readable(EntityDef e, FieldDef f) {
    Version dep = model.deprecatedInOf(e, f);
    return columnExists(e, f) && (dep == null || !phase(dep).atLeast(Phase.CONTRACTING));
  }

  private boolean tableExists(EntityDef e) {
    return phase(model.sinceOf(e)).atLeast(Phase.EXPANDED)
        && (e.deprecatedIn() == null || phase(e.deprecatedIn()) != Phase.CONTRACTED);
  }

  private Move moveOf(FieldDef f) {
    for (Move m : model.movesIn(f.deprecatedIn())) {
      if (m.source().table().equals(entity.table()) && m.field().name().equals(f.name())) {
        return m;
      }
    }
    throw new IllegalStateException("no move for " + entity.simpleName() + "." + f.name());
  }

  private Converter<Object, Object> converter(Move m) {
    return m.converter() == null ? null : converters.apply(m.converter());
  }

  private void addRead(FieldDef f) {
    if (f.move() != null) {
      Move m = moveOf(f);
      if (!phase(m.release()).atLeast(Phase.MIGRATED)) {
        own(f.column(), f.javaKind(), null, false);
      } else if (m.sameTable()) {
        own(m.targetField().column(), m.targetField().javaKind(), converter(m), false);
      } else {
        other(m.target(), m.targetField(), converter(m), false);
      }
      return;
    }
    Optional<Move> into = model.moveInto(entity, f);
    if (into.isPresent() && !phase(into.get().release()).atLeast(Phase.MIGRATED)) {
      Move m = into.get();
      if (m.sameTable()) {
        own(m.field().column(), m.field().javaKind(), converter(m), true);
      } else {
        other(m.source(), m.field(), converter(m), true);
      }
      return;
    }
    if (readable(entity, f)) {
      own(f.column(), f.javaKind(), null, false);
    } else {
      if (model.sinceOf(entity).isBefore(model.sinceOf(entity, f))
          && !phase(model.sinceOf(entity, f)).atLeast(Phase.EXPANDED)) {
        unexpanded.put(reads.size(), model.sinceOf(entity, f));
      }
      reads.add(new Read(f.javaKind(), -1, defaultValue(f), null, false));
      exprs.add(null);
    }
  }

  private void own(String column, JavaKind kind, Converter<Object, Object> converter, boolean toNew) {
    Field<Object> expr = field(name("t0", column));
    selectList.add(expr);
    reads.add(new Read(kind, selectList.size(), null, converter, toNew));
    exprs.add(converter == null ? expr : null);
  }

  private void other(EntityDef table, FieldDef column, Converter<Object, Object> converter, boolean toNew) {
    Table<?> alias = joins.get(table.table());
    String aliasName;
    if (alias == null) {
      aliasName = "t" + (joins.size() + 1);
      alias = table(name(table.table())).as(aliasName);
      joins.put(table.table(), alias);
      joined = joined.leftJoin(alias).on(field(name(aliasName, table.id().column())).eq(key));
    } else {
      aliasName = alias.getName();
    }
    Field<Object> expr = field(name(aliasName, column.column()));
    selectList.add(expr);
    reads.add(new Read(column.javaKind(), selectList.size(), null, converter, toNew));
    exprs.add(converter == null ? expr : null);
  }

  /** The declared default as a typed value, or null; enums are their constant names, as everywhere here. */
  static Object defaultValue(FieldDef f) {
    if (!f.hasDefault()) {
      return null;
    }
    if (f.javaKind() == JavaKind.ENUM || f.javaKind() == JavaKind.STRING) {
      return f.defaultValue();
    }
    return dev.crossfade.schema.DefaultValues.parse(f.javaKind(), f.defaultValue(), List.of()).orElse(null);
  }

  private void planSave() {
    Map<String, Field<Object>> ownColumns = new LinkedHashMap<>();
    List<Stmt.Bind> ownBinds = new ArrayList<>();
    // Per other table: columns and their binds, in declaration order.
    Map<String, List<Object[]>> upserts = new LinkedHashMap<>();
    Map<String, List<Object[]>> updates = new LinkedHashMap<>();
    Map<String, EntityDef> tables = new LinkedHashMap<>();
    for (int i = 0; i < entity.fields().size(); i++) {
      FieldDef f = entity.fields().get(i);
      int index = i;
      if (f.move() != null) {
        Move m = moveOf(f);
        if (!phase(m.release()).atLeast(Phase.CONTRACTING)) {
          ownColumns.put(f.column(), typed(entity.table(), f));
          ownBinds.add(new Stmt.Bind(f.javaKind(), (v, a) -> v[index]));
        }
        if (m.sameTable()) {
          int target = entity.fields().indexOf(m.targetField());
          pairs.add(new Pair(i, target, converter(m)));
        } else if (phase(m.release()).atLeast(Phase.EXPANDED) && tableExists(m.target())) {
          Converter<Object, Object> c = converter(m);
          tables.put(m.target().table(), m.target());
          upserts.computeIfAbsent(m.target().table(), t -> new ArrayList<>()).add(new Object[] {
              m.targetField(), new Stmt.Bind(m.targetField().javaKind(),
                  (v, a) -> c == null || v[index] == null ? v[index] : c.toNew(v[index]))});
        }
        continue;
      }
      Optional<Move> into = model.moveInto(entity, f);
      if (into.isPresent()) {
        Move m = into.get();
        if (phase(m.release()).atLeast(Phase.EXPANDED)) {
          ownColumns.put(f.column(), typed(entity.table(), f));
          ownBinds.add(new Stmt.Bind(f.javaKind(), (v, a) -> v[index]));
        }
        if (!m.sameTable() && !phase(m.release()).atLeast(Phase.CONTRACTING) && tableExists(m.source())) {
          Converter<Object, Object> c = converter(m);
          tables.put(m.source().table(), m.source());
          updates.computeIfAbsent(m.source().table(), t -> new ArrayList<>()).add(new Object[] {
              m.field(), new Stmt.Bind(m.field().javaKind(),
                  (v, a) -> c == null || v[index] == null ? v[index] : c.toOld(v[index]))});
        }
        continue;
      }
      Version dep = model.deprecatedInOf(entity, f);
      boolean written = columnExists(entity, f)
          && (dep == null || !phase(dep).atLeast(Phase.CONTRACTING));
      if (written) {
        ownColumns.put(f.column(), typed(entity.table(), f));
        ownBinds.add(new Stmt.Bind(f.javaKind(), (v, a) -> v[index]));
      }
    }
    if (unwritable != null) {
      return;
    }
    save.add(upsert(entity.table(), entity.id().column(), ownColumns, ownBinds));
    EntityDef self = entity;
    upserts.forEach((t, cols) -> {
      EntityDef target = tables.get(t);
      Map<String, Field<Object>> columns = new LinkedHashMap<>();
      List<Stmt.Bind> binds = new ArrayList<>();
      columns.put(target.id().column(), typed(t, target.id()));
      binds.add(new Stmt.Bind(self.id().javaKind(), (v, a) -> v[keyIndex]));
      for (Object[] c : cols) {
        FieldDef tf = (FieldDef) c[0];
        columns.put(tf.column(), typed(t, tf));
        binds.add((Stmt.Bind) c[1]);
      }
      save.add(upsert(t, target.id().column(), columns, binds));
    });
    updates.forEach((t, cols) -> {
      EntityDef source = tables.get(t);
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      List<Stmt.Bind> binds = new ArrayList<>();
      for (Object[] c : cols) {
        FieldDef sf = (FieldDef) c[0];
        set.put(field(name(sf.column())), Stmt.param(binds.size()));
        binds.add((Stmt.Bind) c[1]);
      }
      Field<Object> sourceKey = field(name(source.id().column()));
      int keyParam = binds.size();
      binds.add(new Stmt.Bind(self.id().javaKind(), (v, a) -> v[keyIndex]));
      save.add(Stmt.render(dsl, dsl.update(table(name(t))).set(set).where(sourceKey.eq(Stmt.param(keyParam))), binds));
    });
  }

  /** A column typed as the layout declares it, so that dialects which need casts (H2's MERGE) get them. */
  @SuppressWarnings("unchecked")
  private Field<Object> typed(String table, FieldDef f) {
    return (Field<Object>) field(name(table, f.column()), DialectTypes.of(dialect, f.sqlType()));
  }

  /** {@code INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c}, as each dialect spells it. */
  private Stmt upsert(String tableName, String keyColumn, Map<String, Field<Object>> columns, List<Stmt.Bind> binds) {
    List<Field<?>> cols = new ArrayList<>(columns.values());
    List<Field<?>> params = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      params.add(DSL.param("p" + i, cols.get(i).getDataType()));
    }
    Field<Object> keyField = columns.get(keyColumn);
    var insert = dsl.insertInto(table(name(tableName)), cols).values(params);
    Map<Field<?>, Object> set = new LinkedHashMap<>();
    for (Map.Entry<String, Field<Object>> c : columns.entrySet()) {
      if (!c.getKey().equals(keyColumn)) {
        set.put(c.getValue(), excluded(c.getValue()));
      }
    }
    if (set.isEmpty()) {
      return Stmt.render(dsl, insert.onConflict(keyField).doNothing(), binds);
    }
    return Stmt.render(dsl, insert.onConflict(keyField).doUpdate().set(set), binds);
  }

  private void planDelete() {
    if (unwritable != null) {
      return;
    }
    List<Stmt.Bind> byKey = List.of(new Stmt.Bind(entity.id().javaKind(), (v, a) -> a[0]));
    Map<String, EntityDef> children = new LinkedHashMap<>();
    Map<String, List<FieldDef>> feeders = new LinkedHashMap<>();
    Map<String, EntityDef> feederTables = new LinkedHashMap<>();
    for (FieldDef f : entity.fields()) {
      if (f.move() != null) {
        Move m = moveOf(f);
        if (!m.sameTable() && tableExists(m.target())) {
          children.put(m.target().table(), m.target());
        }
      }
      Optional<Move> into = model.moveInto(entity, f);
      if (into.isPresent() && !into.get().sameTable() && !phase(into.get().release()).atLeast(Phase.CONTRACTING)
          && tableExists(into.get().source()) && into.get().field().nullable()) {
        feeders.computeIfAbsent(into.get().source().table(), t -> new ArrayList<>()).add(into.get().field());
        feederTables.put(into.get().source().table(), into.get().source());
      }
    }
    children.forEach((t, child) -> delete.add(Stmt.render(dsl, dsl.deleteFrom(table(name(t)))
        .where(field(name(child.id().column())).eq(Stmt.param(0))), byKey)));
    // The old place a moved field fed must not keep the value: the backfill would bring the row back.
    feeders.forEach((t, fields) -> {
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      for (FieldDef f : fields) {
        set.put(field(name(f.column())), DSL.inline((Object) null));
      }
      delete.add(Stmt.render(dsl, dsl.update(table(name(t))).set(set)
          .where(field(name(feederTables.get(t).id().column())).eq(Stmt.param(0))), byKey));
    });
    delete.add(Stmt.render(dsl, dsl.deleteFrom(table(name(entity.table())))
        .where(field(name(entity.id().column())).eq(Stmt.param(0))), byKey));
  }

  /** Reads the current row of a result set into field values, in declaration order. */
  Object[] values(ResultSet rs) throws SQLException {
    Object[] out = new Object[reads.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = reads.get(i).value(rs, dialect);
    }
    return out;
  }
}
