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
import dev.crossfade.schema.plan.Placement;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.DialectTypes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The statements a repository runs for one entity on a shard with given phases, compiled from the
 * {@link Placement} of the schema module (DESIGN section 4) — the same model {@code plan.md} is rendered
 * from, so what runs is what the reviewer read. Built once per entity, dialect and combination of phases,
 * then cached and never changed: a call only binds and executes.
 *
 * <ul>
 *   <li>reads: one statement from the driving table (the entity's own, or the parent of a split-off entity
 *       while the parent holds the truth), other tables LEFT JOINed on the key; each field comes from its
 *       source of truth of the moment, converted along its chain of moves, or is the declared default;
 *   <li>save: an upsert of the entity's own row (none while a renamed entity's table does not exist yet), an upsert of each split-off table a moved field feeds (and of
 *       the old table of a renamed one), an update of each parent table a moved-in field still feeds, all in one
 *       transaction; each place gets the datum converted to its column;
 *   <li>delete: the split-off rows, the old table's row, the parent places a moved-in field fed, then the row
 *       itself.
 * </ul>
 */
final class EntityLayout {
  /** How one field is read: a column of the select list (maybe converted), or a constant. */
  record Read(JavaKind kind, int column, Object constant, List<Conversion> steps) {
    Object value(ResultSet rs, Dialect dialect) throws SQLException {
      if (column < 0) {
        return constant;
      }
      return Conversion.apply(steps, JdbcValues.read(rs, column, kind, dialect));
    }
  }

  /** One converter in one direction. */
  record Conversion(Converter<Object, Object> converter, boolean toNew) {
    static Object apply(List<Conversion> steps, Object value) {
      Object v = value;
      for (Conversion c : steps) {
        if (v == null) {
          return null;
        }
        v = c.toNew() ? c.converter().toNew(v) : c.converter().toOld(v);
      }
      return v;
    }
  }

  /**
   * One datum's fields and the slots of the write values it fills: {@code members} by chain position, and
   * per slot the converters from the carrier (the last member) to that slot's column.
   */
  record DatumWrite(int[] members, int[] positions, List<List<Conversion>> toMember, int[] slots,
      List<List<Conversion>> toSlot) {}

  final EntityDef entity;
  final Dialect dialect;
  final DSLContext dsl;
  final Map<Version, Phase> phases;
  final Placement placement;
  /** Why the entity's table is not on this shard, or null when it is. */
  final String absent;
  /** Why the entity may not be written on this shard, or null when it may. */
  final String unwritable;
  final List<Read> reads = new ArrayList<>();
  /** Per field, the SQL expression of its value when SQL can compare it exactly; null when only Java can. */
  final List<Field<Object>> exprs = new ArrayList<>();
  final List<SelectField<?>> selectList = new ArrayList<>();
  /** The first key column on the driving table: the key, unless it is composite. */
  final Field<Object> key;
  /** Every key column on the driving table, in key order. */
  final List<Field<Object>> keys;
  /** The index of the first key field. */
  final int keyIndex;
  /** The indices of the key fields, in key order. */
  final int[] keyIndexes;
  /**
   * The writes a 1:N extraction adds to a save or delete, decided per row in Java (the row's key, or whether the
   * parent's field is NULL, picks the statement); empty for every other entity.
   */
  final List<ExtractedWrite> extractedWrites = new ArrayList<>();
  final List<DatumWrite> datums = new ArrayList<>();
  /** How many write values a save binds: one per placed column, then the key. */
  final int slotCount;
  /**
   * A save: the upsert of the entity's own row first (unless {@link Placement#ownRow()} says it has none yet), then
   * its other places. With a {@code @Version} field, a new
   * entity writes its own row with {@link #insertOwn} instead, and an existing one runs {@link #versionCheck}
   * before all of them.
   */
  final List<Stmt> save = new ArrayList<>();
  /** The index of the {@code @Version} field, or -1. */
  final int versionIndex;
  /** A plain {@code INSERT} of the own row (no upsert: a taken key fails), for a new versioned entity; or null. */
  Stmt insertOwn;
  /**
   * {@code UPDATE own SET version = version + 1 WHERE key = ? AND version = ?} (args: key, expected version) on the
   * entity's own table, which the processor makes sure is its driving table; or null without {@code @Version}.
   */
  Stmt versionCheck;
  /**
   * {@link #save} from statement 0 and from statement 1 (after a versioned insert of the own row) as one statement
   * where the dialect can run several writes in one round trip, or null: see {@link #inOneRoundTrip}.
   */
  private Stmt saveInOne;
  private Stmt saveInOneAfterOwn;
  final List<Stmt> delete = new ArrayList<>();
  /** Finders that scanned on this layout and said so in the log: each says it once. */
  final java.util.Set<String> scanWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Rendered finders, by method name and the sizes of their {@code In} lists. */
  final Map<Object, Stmt> finders = new java.util.concurrent.ConcurrentHashMap<>();
  final Stmt selectById;
  final Stmt selectAll;
  final Stmt selectPage;
  final Stmt count;
  final Stmt existsById;

  private final Function<String, Converter<Object, Object>> converters;
  private final Map<String, Table<?>> aliases = new LinkedHashMap<>();
  /** The extractions whose columns {@link #merged} reads rows from, in placement order; empty when none. */
  final List<Placement.Extracted> mergedFrom = new ArrayList<>();
  /** The merged rows of a 1:N child whose extracted columns are still the truth (see {@link #merged}), or null. */
  private final Table<?> merged;
  private final Table<?> driver;
  private Table<?> joined;

  /**
   * One extracted column's extra writes. On the child ({@code child} true): a save of the row whose second key
   * field is {@code rowKey} also runs {@code set} (args: the value, the parent key), a delete of it runs
   * {@code clear} (args: the parent key). On the parent: a save runs {@code set} (args: the parent key, the field's
   * value) to upsert the child row when the field holds a value, {@code clear} (args: the parent key) to delete it
   * when it is NULL.
   */
  record ExtractedWrite(boolean child, Object rowKey, int rowKeyIndex, int valueIndex, int parentKeyIndex, Stmt set,
      Stmt clear, String label) {}

  EntityLayout(SchemaModel model, EntityDef entity, Dialect dialect, DSLContext dsl, Map<Version, Phase> phases,
      Function<String, Converter<Object, Object>> converters) {
    this.entity = entity;
    this.dialect = dialect;
    this.dsl = dsl;
    this.phases = Map.copyOf(phases);
    this.converters = converters;
    this.placement = Placement.of(model, entity, v -> phases.getOrDefault(v, Phase.PENDING));
    this.absent = placement.absent();
    this.unwritable = placement.unwritable();
    this.keyIndexes = entity.ids().stream().mapToInt(f -> entity.fields().indexOf(f)).toArray();
    this.keyIndex = keyIndexes[0];
    this.versionIndex = entity.version().map(f -> entity.fields().indexOf(f)).orElse(-1);
    EntityDef driverEntity = placement.driver() != null ? placement.driver() : entity;
    this.merged = absent == null ? merged(entity) : null;
    this.driver = alias(driverEntity.table());
    this.joined = driver;
    List<Field<Object>> keyFields = new ArrayList<>();
    if (driverEntity == entity) {
      for (FieldDef f : entity.ids()) {
        keyFields.add(field(name(driver.getName(), f.column())));
      }
    } else {
      keyFields.add(field(name(driver.getName(), driverEntity.id().column())));
    }
    this.keys = List.copyOf(keyFields);
    this.key = keys.get(0);

    int slots = 0;
    if (absent == null) {
      for (Placement.FieldPlacement f : placement.fields()) {
        addRead(f);
      }
      for (Placement.Datum d : placement.datums()) {
        int[] members = d.members().stream().mapToInt(Integer::intValue).toArray();
        int[] positions = d.positions().stream().mapToInt(Integer::intValue).toArray();
        int carrier = positions[positions.length - 1];
        List<List<Conversion>> toMember = new ArrayList<>();
        for (int p : positions) {
          toMember.add(conversions(d.steps(carrier, p)));
        }
        int[] at = new int[d.writes().size()];
        List<List<Conversion>> toSlot = new ArrayList<>();
        for (int w = 0; w < at.length; w++) {
          at[w] = slots++;
          toSlot.add(conversions(d.writes().get(w).steps()));
        }
        datums.add(new DatumWrite(members, positions, toMember, at, toSlot));
      }
    }
    this.slotCount = slots + 1;
    if (unwritable == null) {
      planSave();
      saveInOne = inOneRoundTrip(dialect, save, 0);
      saveInOneAfterOwn = inOneRoundTrip(dialect, save, 1);
      planDelete();
    }
    List<Stmt.Bind> byKey = keyBinds((v, a) -> a[0]);
    selectById = absent != null ? null
        : Stmt.render(dsl, dsl.select(selectList).from(joined).where(keyEquals(keys, 0)), byKey);
    selectAll = absent != null ? null : Stmt.render(dsl, dsl.select(selectList).from(joined).orderBy(keys), List.of());
    selectPage = absent != null ? null : Stmt.render(dsl, dsl.select(selectList).from(joined).orderBy(keys)
        .limit(DSL.param("p0", Integer.class)).offset(DSL.param("p1", Long.class)),
        List.of(new Stmt.Bind(JavaKind.INT, (v, a) -> a[0]), new Stmt.Bind(JavaKind.LONG, (v, a) -> a[1])));
    count = absent != null ? null : Stmt.render(dsl, dsl.selectCount().from(driver), List.of());
    existsById = absent != null ? null
        : Stmt.render(dsl, dsl.selectOne().from(driver).where(keyEquals(keys, 0)), byKey);
    if (unwritable == null) {
      planExtracted();
    }
  }

  /**
   * The binds of a key whose value {@code source} gives: itself for a single-column key; for a composite key (a
   * list of component values, see {@link EntityMapping#key}) one bind per component, in key order.
   */
  List<Stmt.Bind> keyBinds(Stmt.Source source) {
    List<Stmt.Bind> out = new ArrayList<>();
    List<FieldDef> ids = entity.ids();
    if (ids.size() == 1) {
      out.add(new Stmt.Bind(ids.get(0).javaKind(), source));
      return out;
    }
    for (int i = 0; i < ids.size(); i++) {
      int component = i;
      out.add(new Stmt.Bind(ids.get(i).javaKind(), (v, a) -> ((List<?>) source.get(v, a)).get(component)));
    }
    return out;
  }

  /** {@code k1 = :p<first> AND k2 = :p<first+1> …}: the key columns compared with consecutive parameters. */
  static org.jooq.Condition keyEquals(List<Field<Object>> columns, int firstParam) {
    org.jooq.Condition c = DSL.noCondition();
    for (int i = 0; i < columns.size(); i++) {
      c = c.and(columns.get(i).eq(Stmt.param(firstParam + i)));
    }
    return c;
  }

  /** The key of a row's field values, as {@link EntityMapping#key} makes it from an id. */
  Object keyOf(Object[] values) {
    if (keyIndexes.length == 1) {
      return values[keyIndex];
    }
    Object[] key = new Object[keyIndexes.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = values[keyIndexes[i]];
    }
    return List.of(key);
  }

  /**
   * The rows of a 1:N child while some extracted column is still the truth: the child table's rows of every other
   * key, and for each such column a row per parent whose column holds a value (the child's other columns LEFT
   * JOINed from the child row of that key, if a newer server wrote one). Null when the entity reads its own table.
   */
  private Table<?> merged(EntityDef child) {
    List<Placement.Extracted> truth = placement.extracted().stream()
        .filter(x -> x.truthInColumn() && x.move().target().table().equals(child.table())).toList();
    mergedFrom.addAll(truth);
    if (truth.isEmpty()) {
      return null;
    }
    FieldDef rowKey = truth.get(0).rowKey();
    FieldDef parentKey = truth.get(0).parentKey();
    Table<?> own = table(name(child.table()));
    List<Field<?>> ownColumns = new ArrayList<>();
    for (FieldDef f : child.fields()) {
      ownColumns.add(field(name(child.table(), f.column())).as(f.column()));
    }
    List<Field<?>> literals = new ArrayList<>();
    for (Placement.Extracted x : truth) {
      literals.add(rowKeyLiteral(x));
    }
    org.jooq.Select<?> union = dsl.select(ownColumns).from(own)
        .where(field(name(child.table(), rowKey.column())).notIn(literals.toArray(new Field<?>[0])));
    for (int i = 0; i < truth.size(); i++) {
      Placement.Extracted x = truth.get(i);
      EntityDef parent = x.move().source();
      Table<?> p = table(name(parent.table())).as("p");
      Table<?> c = table(name(child.table())).as("c");
      List<Field<?>> columns = new ArrayList<>();
      for (FieldDef f : child.fields()) {
        Field<?> value;
        if (f == parentKey) {
          value = field(name("p", parent.id().column()), DialectTypes.of(dialect, f.sqlType()));
        } else if (f == rowKey) {
          value = literals.get(i);
        } else if (f.name().equals(x.move().targetField().name())) {
          value = field(name("p", x.move().field().column()), DialectTypes.of(dialect, f.sqlType()));
        } else {
          value = field(name("c", f.column()), DialectTypes.of(dialect, f.sqlType()));
        }
        columns.add(value.as(f.column()));
      }
      union = ((org.jooq.Select<org.jooq.Record>) union).unionAll((org.jooq.Select<org.jooq.Record>) dsl.select(columns)
          .from(p.leftJoin(c).on(field(name("c", parentKey.column())).eq(field(name("p", parent.id().column()))))
              .and(field(name("c", rowKey.column())).eq(literals.get(i))))
          .where(field(name("p", x.move().field().column())).isNotNull()));
    }
    return union.asTable(name(child.table()));
  }

  /** The row key of an extraction as a typed SQL literal. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Field<Object> rowKeyLiteral(Placement.Extracted x) {
    org.jooq.DataType type = DialectTypes.of(dialect, x.rowKey().sqlType());
    return (Field<Object>) DSL.inline(rowKeyValue(x), type);
  }

  /** The row key of an extraction as the value a field holds (an enum as its name). */
  private static Object rowKeyValue(Placement.Extracted x) {
    FieldDef rowKey = x.rowKey();
    Object v = dev.crossfade.schema.DefaultValues.parse(rowKey.javaKind(), x.move().key(),
        rowKey.constants().stream().map(dev.crossfade.schema.EnumConstant::name).toList()).orElseThrow();
    return v instanceof Enum<?> e ? e.name() : v;
  }

  /** The statements of {@link #extractedWrites}, from the placement's extractions. */
  @SuppressWarnings("unchecked")
  private void planExtracted() {
    for (Placement.Extracted x : placement.extracted()) {
      EntityDef parent = x.move().source();
      EntityDef child = x.move().target();
      FieldDef parentKey = parent.id();
      Field<Object> parentKeyColumn = field(name(parentKey.column()));
      Field<Object> column = field(name(x.move().field().column()));
      String label = parent.simpleName() + "." + x.move().field().name() + " (" + child.table() + " row "
          + x.rowKey().column() + " = " + x.move().key() + ")";
      if (child.table().equals(entity.table())) {
        if (!x.columnWritten()) {
          continue;
        }
        Stmt set = Stmt.render(dsl, dsl.update(table(name(parent.table()))).set(Map.<Field<?>, Object>of(column, Stmt.param(0)))
                .where(parentKeyColumn.eq(Stmt.param(1))),
            List.of(new Stmt.Bind(x.move().field().javaKind(), (v, a) -> a[0]),
                new Stmt.Bind(parentKey.javaKind(), (v, a) -> a[1])));
        Stmt clear = Stmt.render(dsl, dsl.update(table(name(parent.table()))).set(Map.<Field<?>, Object>of(column, DSL.inline((Object) null)))
                .where(parentKeyColumn.eq(Stmt.param(0))),
            List.of(new Stmt.Bind(parentKey.javaKind(), (v, a) -> a[0])));
        extractedWrites.add(new ExtractedWrite(true, rowKeyValue(x), entity.fields().indexOf(x.rowKey()),
            entity.fields().indexOf(x.move().targetField()), entity.fields().indexOf(x.parentKey()), set, clear,
            label));
      } else if (x.rowWritten()) {
        Map<String, Field<Object>> cols = new LinkedHashMap<>();
        cols.put(x.parentKey().column(), typed(child.table(), x.parentKey()));
        cols.put(x.rowKey().column(), typed(child.table(), x.rowKey()));
        cols.put(x.move().targetField().column(), typed(child.table(), x.move().targetField()));
        Object rowKey = rowKeyValue(x);
        List<Stmt.Bind> binds = List.of(new Stmt.Bind(parentKey.javaKind(), (v, a) -> a[0]),
            new Stmt.Bind(x.rowKey().javaKind(), (v, a) -> rowKey),
            new Stmt.Bind(x.move().targetField().javaKind(), (v, a) -> a[1]));
        Stmt set = upsert(child.table(), List.of(x.parentKey().column(), x.rowKey().column()), cols, binds);
        Stmt clear = Stmt.render(dsl, dsl.deleteFrom(table(name(child.table())))
                .where(field(name(x.parentKey().column())).eq(Stmt.param(0)))
                .and(field(name(x.rowKey().column())).eq(rowKeyLiteral(x))),
            List.of(new Stmt.Bind(parentKey.javaKind(), (v, a) -> a[0])));
        extractedWrites.add(new ExtractedWrite(false, rowKey, -1, entity.fields().indexOf(x.move().field()),
            keyIndex, set, clear, label));
      }
    }
  }

  Table<?> joined() {
    return joined;
  }

  /** The alias of a table in the read statements: the driving table first ({@code t0}), then each join. */
  private Table<?> alias(String table) {
    Table<?> alias = aliases.get(table);
    if (alias == null) {
      alias = merged != null && table.equals(entity.table()) ? merged.as("t" + aliases.size())
          : table(name(table)).as("t" + aliases.size());
      if (!aliases.isEmpty()) {
        EntityDef joinedEntity = placement.entity().table().equals(table) ? placement.entity() : null;
        String keyColumn = joinedEntity != null ? joinedEntity.id().column() : keyColumnOf(table);
        joined = joined.leftJoin(alias).on(field(name(alias.getName(), keyColumn)).eq(key));
      }
      aliases.put(table, alias);
    }
    return alias;
  }

  private String keyColumnOf(String table) {
    for (Placement.Datum d : placement.datums()) {
      for (Placement.Column c : d.chain()) {
        if (c.table().equals(table)) {
          return c.entity().id().column();
        }
      }
    }
    throw new IllegalStateException("no entity of table " + table);
  }

  private List<Conversion> conversions(List<Placement.Step> steps) {
    List<Conversion> out = new ArrayList<>();
    for (Placement.Step s : steps) {
      out.add(new Conversion(converters.apply(s.converter()), s.toNew()));
    }
    return List.copyOf(out);
  }

  private void addRead(Placement.FieldPlacement f) {
    Placement.Read r = f.read();
    if (r.isDefault()) {
      reads.add(new Read(f.field().javaKind(), -1, defaultValue(f.field()), List.of()));
      exprs.add(null);
      return;
    }
    Field<Object> expr = field(name(alias(r.column().table()).getName(), r.column().column()));
    selectList.add(expr);
    reads.add(new Read(r.column().field().javaKind(), selectList.size(), null, conversions(r.steps())));
    exprs.add(r.comparableInSql() ? expr : null); // else finders scan: FinderScans warns of it at compile time
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

  /**
   * The values a save binds, from the entity's field values: each datum's value taken from the newest field
   * that holds one (the others must agree), converted to each of its places; the key last.
   *
   * @throws IllegalArgumentException when two fields of one datum hold different values
   */
  Object[] writeValues(Object[] values) {
    Object[] out = new Object[slotCount];
    List<FieldDef> fields = entity.fields();
    for (DatumWrite d : datums) {
      int chosen = -1;
      for (int m = d.members().length - 1; m >= 0; m--) {
        if (values[d.members()[m]] != null) {
          chosen = m;
          break;
        }
      }
      Object carrierValue = null;
      if (chosen >= 0) {
        Object v = values[d.members()[chosen]];
        // From the chosen member up to the carrier: invert the carrier-to-member steps.
        carrierValue = chosen == d.members().length - 1 ? v : towardCarrier(d, chosen, v);
        for (int m = 0; m < d.members().length; m++) {
          Object other = values[d.members()[m]];
          if (m == chosen || other == null || unset(fields.get(d.members()[m]).javaKind(), other)) {
            continue;
          }
          Object expected = Conversion.apply(d.toMember().get(m), carrierValue);
          if (!FinderQuery.same(other, expected)) {
            FieldDef older = fields.get(d.members()[Math.min(m, chosen)]);
            FieldDef newer = fields.get(d.members()[Math.max(m, chosen)]);
            throw new IllegalArgumentException(entity.simpleName() + "." + older.name() + " is deprecated and moved to "
                + entity.simpleName() + "." + newer.name() + ", but the two hold different values ("
                + values[d.members()[Math.min(m, chosen)]] + " and " + values[d.members()[Math.max(m, chosen)]]
                + "); set only " + newer.name() + " (leave " + older.name() + " null)");
          }
        }
      }
      for (int w = 0; w < d.slots().length; w++) {
        out[d.slots()[w]] = Conversion.apply(d.toSlot().get(w), carrierValue);
      }
    }
    out[slotCount - 1] = keyOf(values);
    return out;
  }

  /** A member's value converted up the chain to the carrier: the inverse of each carrier-to-member step. */
  private static Object towardCarrier(DatumWrite d, int member, Object value) {
    List<Conversion> down = d.toMember().get(member);
    Object v = value;
    for (int i = down.size() - 1; i >= 0 && v != null; i--) {
      Conversion c = down.get(i);
      v = c.toNew() ? c.converter().toOld(v) : c.converter().toNew(v);
    }
    return v;
  }

  /** A primitive's zero: what a record holds for a field the caller did not set. */
  static boolean unset(JavaKind kind, Object value) {
    return switch (kind) {
      case INT, LONG_PRIMITIVE, DOUBLE_PRIMITIVE -> ((Number) value).doubleValue() == 0.0;
      case BOOLEAN_PRIMITIVE -> !((Boolean) value);
      default -> false;
    };
  }

  private void planSave() {
    int keySlot = slotCount - 1;
    Map<String, Field<Object>> ownColumns = new LinkedHashMap<>();
    List<Stmt.Bind> ownBinds = new ArrayList<>();
    for (FieldDef id : entity.ids()) {
      ownColumns.put(id.column(), typed(entity.table(), id));
    }
    ownBinds.addAll(keyBinds((v, a) -> v[keySlot]));
    Map<String, Map<String, Field<Object>>> childColumns = new LinkedHashMap<>();
    Map<String, List<Stmt.Bind>> childBinds = new LinkedHashMap<>();
    Map<String, EntityDef> tables = new LinkedHashMap<>();
    Map<String, List<Object[]>> parentSets = new LinkedHashMap<>();
    for (int di = 0; di < placement.datums().size(); di++) {
      Placement.Datum d = placement.datums().get(di);
      DatumWrite dw = datums.get(di);
      for (int w = 0; w < d.writes().size(); w++) {
        Placement.Write write = d.writes().get(w);
        int slot = dw.slots()[w];
        Placement.Column c = write.column();
        Stmt.Bind bind = new Stmt.Bind(c.field().javaKind(), (v, a) -> v[slot]);
        switch (write.role()) {
          case OWN -> {
            ownColumns.put(c.column(), typed(c.table(), c.field()));
            ownBinds.add(bind);
          }
          // The old table of a renamed one takes whole rows, keyed like a split-off child's.
          case CHILD, OLD_TABLE -> {
            tables.put(c.table(), c.entity());
            childColumns.computeIfAbsent(c.table(), t -> {
              Map<String, Field<Object>> cols = new LinkedHashMap<>();
              cols.put(c.entity().id().column(), typed(t, c.entity().id()));
              childBinds.put(t, new ArrayList<>(List.of(new Stmt.Bind(entity.id().javaKind(), (v, a) -> v[keySlot]))));
              return cols;
            }).put(c.column(), typed(c.table(), c.field()));
            childBinds.get(c.table()).add(bind);
          }
          case PARENT -> {
            tables.put(c.table(), c.entity());
            parentSets.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(new Object[] {c, bind});
          }
        }
      }
    }
    if (placement.ownRow()) {
      save.add(upsert(entity.table(), entity.keyColumns(), ownColumns, ownBinds));
      entity.version().ifPresent(v -> planVersion(v, ownColumns, ownBinds));
    } else if (entity.version().isPresent()) {
      throw new IllegalStateException(entity.simpleName() + " is versioned but its rows are in table "
          + placement.driver().table() + " here; the processor refuses this (version-not-on-driving-table)");
    }
    childColumns.forEach((t, cols) -> save.add(upsert(t, List.of(tables.get(t).id().column()), cols,
        childBinds.get(t))));
    parentSets.forEach((t, sets) -> {
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      List<Stmt.Bind> binds = new ArrayList<>();
      for (Object[] s : sets) {
        set.put(field(name(((Placement.Column) s[0]).column())), Stmt.param(binds.size()));
        binds.add((Stmt.Bind) s[1]);
      }
      int keyParam = binds.size();
      binds.add(new Stmt.Bind(entity.id().javaKind(), (v, a) -> v[keySlot]));
      save.add(Stmt.render(dsl, dsl.update(table(name(t))).set(set)
          .where(field(name(tables.get(t).id().column())).eq(Stmt.param(keyParam))), binds));
    });
  }

  /**
   * The statements of a save from {@code first} on, as one statement where that is one round trip instead of
   * several, or null to run them one by one. On PostgreSQL: data-modifying {@code WITH} clauses around the first
   * statement ({@code WITH cf_write0 AS (last), …, cf_writeN AS (second) first}). PostgreSQL runs the main
   * statement first and then the {@code WITH} clauses that nothing reads from the last one to the first, so the
   * statements run in their order, and take their row locks in it, as when sent one by one (the lock order is
   * what keeps a save and a backfill batch from deadlocking; {@code SaveInOneRoundTripTest} pins this order on the
   * server, since PostgreSQL documents it as unspecified). Same text, same parameters, same transaction, before
   * the fencing check; the statements share one snapshot, which is harmless because each writes a different table
   * (checked here; otherwise two could touch one row), and a foreign key is checked at the end of the statement.
   * MariaDB and H2 have no data-modifying {@code WITH}; MariaDB's multi-statement text needs
   * {@code allowMultiQueries=true} on the application's {@code DataSource}, which this layer does not ask for
   * (docs/repositories.md).
   */
  static Stmt inOneRoundTrip(Dialect dialect, List<Stmt> statements, int first) {
    if (dialect != Dialect.POSTGRES || statements.size() - first < 2) {
      return null;
    }
    java.util.Set<String> tables = new java.util.HashSet<>();
    for (int i = first; i < statements.size(); i++) {
      String table = writtenTable(statements.get(i).sql());
      if (table == null || !tables.add(table)) {
        return null;
      }
    }
    StringBuilder sql = new StringBuilder("with ");
    List<Stmt.Bind> binds = new ArrayList<>();
    int clause = 0;
    for (int i = statements.size() - 1; i > first; i--, clause++) {
      Stmt s = statements.get(i);
      sql.append(clause > 0 ? ", " : "").append("\"cf_write").append(clause).append("\" as (").append(s.sql())
          .append(')');
      binds.addAll(s.binds());
    }
    sql.append(' ').append(statements.get(first).sql());
    binds.addAll(statements.get(first).binds());
    return new Stmt(sql.toString(), List.copyOf(binds));
  }

  /** The table an {@code insert into "t"} or {@code update "t"} of this class writes, as rendered; else null. */
  private static String writtenTable(String sql) {
    Matcher m = WRITTEN.matcher(sql);
    return m.lookingAt() ? m.group(1) : null;
  }

  private static final Pattern WRITTEN = Pattern.compile("(?:insert into|update) (\"(?:[^\"]|\"\")+\")");

  /** A save's statements from {@code first} on, as few round trips as the dialect allows. */
  List<Stmt> saveStatements(int first) {
    Stmt one = first == 0 ? saveInOne : first == 1 ? saveInOneAfterOwn : null;
    return one != null ? List.of(one) : save.subList(first, save.size());
  }

  /**
   * The statements of optimistic locking: the version column is an own column that lives as long as the table
   * (the processor's {@code version-*} rules), and the own table drives the entity's rows, so checking it there
   * holds in both layouts of a window.
   */
  private void planVersion(FieldDef version, Map<String, Field<Object>> ownColumns, List<Stmt.Bind> ownBinds) {
    if (placement.driver() != null && !placement.driver().table().equals(entity.table())) {
      throw new IllegalStateException(entity.simpleName() + "." + version.name() + " is not on the driving table "
          + placement.driver().table() + "; the processor refuses this (version-not-on-driving-table)");
    }
    List<Field<?>> cols = new ArrayList<>(ownColumns.values());
    List<Field<?>> params = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      params.add(DSL.param("p" + i, cols.get(i).getDataType()));
    }
    insertOwn = Stmt.render(dsl, dsl.insertInto(table(name(entity.table())), cols).values(params), ownBinds);
    Field<Long> counter = field(name(version.column()), Long.class);
    versionCheck = Stmt.render(dsl, dsl.update(table(name(entity.table()))).set(counter, counter.plus(DSL.inline(1L)))
        .where(keyEquals(entity.keyColumns().stream().map(c -> field(name(c))).toList(), 0))
        .and(field(name(version.column())).eq(Stmt.param(entity.ids().size()))),
        java.util.stream.Stream.concat(keyBinds((v, a) -> a[0]).stream(),
            java.util.stream.Stream.of(new Stmt.Bind(version.javaKind(), (v, a) -> a[1]))).toList());
  }

  /** A column typed as the layout declares it, so that dialects which need casts (H2's MERGE) get them. */
  @SuppressWarnings("unchecked")
  private Field<Object> typed(String table, FieldDef f) {
    return (Field<Object>) field(name(table, f.column()), DialectTypes.of(dialect, f.sqlType()));
  }

  /** {@code INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c}, as each dialect spells it. */
  private Stmt upsert(String tableName, List<String> keyColumns, Map<String, Field<Object>> columns,
      List<Stmt.Bind> binds) {
    List<Field<?>> cols = new ArrayList<>(columns.values());
    List<Field<?>> params = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      params.add(DSL.param("p" + i, cols.get(i).getDataType()));
    }
    Field<?>[] keyFields = keyColumns.stream().map(columns::get).toArray(Field<?>[]::new);
    var insert = dsl.insertInto(table(name(tableName)), cols).values(params);
    Map<Field<?>, Object> set = new LinkedHashMap<>();
    for (Map.Entry<String, Field<Object>> c : columns.entrySet()) {
      if (!keyColumns.contains(c.getKey())) {
        set.put(c.getValue(), excluded(c.getValue()));
      }
    }
    if (set.isEmpty()) {
      return Stmt.render(dsl, insert.onConflict(keyFields).doNothing(), binds);
    }
    return Stmt.render(dsl, insert.onConflict(keyFields).doUpdate().set(set), binds);
  }

  private void planDelete() {
    for (Placement.Delete d : placement.deletes()) {
      Field<Object> where = field(name(d.keyColumn()));
      List<Stmt.Bind> byKey = d.keyColumns().size() > 1 ? keyBinds((v, a) -> a[0])
          : List.of(new Stmt.Bind(entity.ids().get(0).javaKind(), (v, a) -> a[0]));
      if (d.clear() == null) {
        delete.add(Stmt.render(dsl, dsl.deleteFrom(table(name(d.table().table())))
            .where(keyEquals(d.keyColumns().stream().map(c -> field(name(c))).toList(), 0)), byKey));
      } else {
        Map<Field<?>, Object> set = new LinkedHashMap<>();
        for (Placement.Column c : d.clear()) {
          set.put(field(name(c.column())), DSL.inline((Object) null));
        }
        delete.add(Stmt.render(dsl, dsl.update(table(name(d.table().table()))).set(set)
            .where(where.eq(Stmt.param(0))), byKey));
      }
    }
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
