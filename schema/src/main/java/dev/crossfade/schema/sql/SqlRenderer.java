package dev.crossfade.schema.sql;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.crossfade.schema.DefaultValues;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.SchemaModel.Move;
import dev.crossfade.schema.plan.Change;
import dev.crossfade.schema.plan.Change.AddColumn;
import dev.crossfade.schema.plan.Change.CopyStep;
import dev.crossfade.schema.plan.Change.CreateIndex;
import dev.crossfade.schema.plan.Change.CreateTable;
import dev.crossfade.schema.plan.Change.DropColumn;
import dev.crossfade.schema.plan.Change.DropForeignKey;
import dev.crossfade.schema.plan.Change.DropNotNull;
import dev.crossfade.schema.plan.Change.DropTable;
import dev.crossfade.schema.plan.Change.SetNotNull;
import dev.crossfade.schema.plan.ReleasePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Constraint;
import org.jooq.CreateTableElementListStep;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.impl.DSL;
import org.jooq.conf.RenderNameCase;
import org.jooq.impl.DSL;

/**
 * Renders a {@link ReleasePlan} as SQL for one dialect with jOOQ, and adds the online idioms jOOQ does
 * not render: {@code CREATE INDEX CONCURRENTLY}, {@code NOT VALID} then {@code VALIDATE} and a
 * {@code lock_timeout} on PostgreSQL; {@code ALGORITHM=INPLACE, LOCK=NONE} on MariaDB and MySQL.
 *
 * <p>Identifiers are always quoted; they were validated as lower snake_case, so quoting never changes
 * their meaning and reserved words are safe. Values only ever appear as bind parameters; a column default
 * is the one literal, rendered by jOOQ from its typed value.
 */
public final class SqlRenderer {
  /** How long DDL waits for a table lock before giving up (the migrator then retries with backoff). */
  public static final int LOCK_TIMEOUT_SECONDS = 5;

  private final Dialect dialect;
  private final DSLContext dsl;
  private final ConstraintSql constraints;

  /** Converter class name to its {@code @SqlEquivalent} {@code toNew} expression; see {@link SqlEquivalents}. */
  private final Map<String, String> sqlEquivalents;

  public SqlRenderer(Dialect dialect) {
    this(dialect, Map.of());
  }

  /**
   * A renderer whose backfill converts inside the database the moves whose converter has an SQL equivalent.
   *
   * @param sqlEquivalents converter class name to its {@code @SqlEquivalent} {@code toNew} expression
   */
  public SqlRenderer(Dialect dialect, Map<String, String> sqlEquivalents) {
    this.sqlEquivalents = Map.copyOf(sqlEquivalents);
    this.dialect = dialect;
    this.dsl = DSL.using(dialect.jooq(), JooqSettings.settings()
        .withRenderNameCase(RenderNameCase.AS_IS)
        .withRenderKeywordCase(RenderKeywordCase.UPPER)
        .withRenderFormatted(true)
        .withRenderSchema(false));
    this.constraints = new ConstraintSql(dialect, dsl);
  }

  public Dialect dialect() {
    return dialect;
  }

  public ReleaseScripts render(ReleasePlan plan) {
    List<Statement> expand = new ArrayList<>();
    if (!plan.expand().isEmpty()) {
      expand.add(lockTimeout());
      plan.expand().forEach(c -> expand.addAll(statements(c)));
    }
    List<BackfillSql> backfill = plan.backfill().stream().map(this::backfill).toList();
    List<Statement> contract = new ArrayList<>();
    if (!plan.contract().isEmpty()) {
      contract.add(lockTimeout());
      plan.contract().forEach(c -> contract.addAll(statements(c)));
    }
    List<ValidationSql> validate = plan.validate().stream().map(constraints::validation).toList();
    return new ReleaseScripts(dialect, plan.release(), expand, backfill, contract, validate, List.of());
  }

  private Statement lockTimeout() {
    String why = "wait at most " + LOCK_TIMEOUT_SECONDS + "s for a table lock, so that a long transaction delays"
        + " this step instead of queueing the application's queries behind it (the migrator retries with backoff)";
    return new Statement(why, switch (dialect) {
      case POSTGRES -> "SET lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'";
      case MARIADB, MYSQL -> "SET SESSION lock_wait_timeout = " + LOCK_TIMEOUT_SECONDS;
      case H2 -> "SET LOCK_TIMEOUT " + LOCK_TIMEOUT_SECONDS * 1000;
    });
  }

  /** The statements of one expand or contract change. */
  public List<Statement> statements(Change change) {
    if (ConstraintSql.handles(change)) {
      return constraints.statements(change);
    } else if (change instanceof CreateTable c) {
      return List.of(new Statement(c.reason(), createTable(c)));
    } else if (change instanceof AddColumn c) {
      return List.of(new Statement(c.reason(), online(dsl.alterTable(tableOf(c.entity()))
          .addColumn(field(name(c.field().column()), columnType(c.field(), c.nullableUntilContract()))))));
    } else if (change instanceof CreateIndex c) {
      return List.of(new Statement(c.reason() + (c.online() ? onlineIndexNote() : ""), createIndex(c)));
    } else if (change instanceof SetNotNull c) {
      return setNotNull(c);
    } else if (change instanceof DropNotNull c) {
      return List.of(dropNotNull(c));
    } else if (change instanceof DropForeignKey c) {
      return List.of(new Statement(c.reason(),
          dsl.alterTable(tableOf(c.entity())).dropForeignKey(name(c.name())).getSQL()));
    } else if (change instanceof DropColumn c) {
      return List.of(new Statement(c.reason(),
          online(dsl.alterTable(tableOf(c.entity())).dropColumn(name(c.field().column())))));
    } else if (change instanceof DropTable c) {
      return List.of(new Statement(c.reason(), dsl.dropTable(tableOf(c.entity())).getSQL()));
    }
    throw new IllegalArgumentException("backfill steps render through render(), not as DDL: " + change);
  }

  private String onlineIndexNote() {
    return switch (dialect) {
      case POSTGRES -> "; CONCURRENTLY builds it without blocking writes (it cannot run inside a transaction)";
      case MARIADB, MYSQL -> "; built in place without blocking reads or writes";
      case H2 -> "";
    };
  }

  private String createTable(CreateTable c) {
    CreateTableElementListStep create = dsl.createTable(tableOf(c.entity()));
    for (FieldDef f : c.columns()) {
      create = create.column(field(name(f.column())), columnType(f, false));
    }
    List<Constraint> constraints = new ArrayList<>();
    constraints.add(constraint(name(c.entity().table() + "_pkey"))
        .primaryKey(c.entity().keyColumns().stream().map(DSL::name).toArray(Name[]::new)));
    if (c.parent() != null) {
      // A split's key is its parent's; a 1:N child's first key column is (the rest is a position or natural key).
      constraints.add(constraint(name(c.parent().name()))
          .foreignKey(name(c.entity().ids().get(0).column()))
          .references(name(c.parent().parentTable()), name(c.parent().parentColumn()))
          .onDeleteCascade());
    }
    return create.constraints(constraints).getSQL();
  }

  private String createIndex(CreateIndex c) {
    Name index = name(c.name());
    Field<?> column = field(name(c.field().column()));
    // MySQL has no CREATE INDEX IF NOT EXISTS and jOOQ emulates it with a procedural block that a plain
    // statement cannot run; there a rerun gets "duplicate key name", which the migrator treats as done.
    boolean ifNotExists = dialect != Dialect.MYSQL;
    String sql = (c.unique()
            ? ifNotExists ? dsl.createUniqueIndexIfNotExists(index) : dsl.createUniqueIndex(index)
            : ifNotExists ? dsl.createIndexIfNotExists(index) : dsl.createIndex(index))
        .on(tableOf(c.entity()), column).getSQL();
    if (!c.online()) {
      return sql;
    }
    return switch (dialect) {
      // jOOQ renders neither; both insertions are into SQL we just rendered from validated names.
      case POSTGRES -> sql.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
      case MARIADB, MYSQL -> sql + " ALGORITHM=INPLACE LOCK=NONE";
      case H2 -> sql;
    };
  }

  private List<Statement> setNotNull(SetNotNull c) {
    Table<?> t = tableOf(c.entity());
    Field<Object> column = field(name(c.field().column()));
    return switch (dialect) {
      case POSTGRES -> List.of(
          new Statement(c.reason() + ": first a CHECK that is NOT VALID, which takes only a brief lock",
              dsl.alterTable(t).add(constraint(name(c.checkName())).check(column.isNotNull())).getSQL() + " NOT VALID"),
          new Statement("validate it while reads and writes go on",
              "ALTER TABLE " + dsl.render(name(c.entity().table())) + " VALIDATE CONSTRAINT "
                  + dsl.render(name(c.checkName()))),
          new Statement("SET NOT NULL uses the validated CHECK instead of scanning the table",
              dsl.alterTable(t).alter(column).setNotNull().getSQL()),
          new Statement("the CHECK has done its work",
              dsl.alterTable(t).dropConstraint(name(c.checkName())).getSQL()));
      case MARIADB, MYSQL -> List.of(new Statement(c.reason() + "; rebuilt in place while reads and writes go on",
          online(dsl.alterTable(t).alter(column).set(columnType(c.field(), false)))));
      case H2 -> List.of(new Statement(c.reason(), dsl.alterTable(t).alter(column).setNotNull().getSQL()));
    };
  }

  private Statement dropNotNull(DropNotNull c) {
    Table<?> t = tableOf(c.entity());
    Field<Object> column = field(name(c.field().column()));
    return switch (dialect) {
      case POSTGRES -> new Statement(c.reason() + "; a change of the catalogue only, with a brief lock",
          dsl.alterTable(t).alter(column).dropNotNull().getSQL());
      case MARIADB, MYSQL -> new Statement(c.reason() + "; rebuilt in place while reads and writes go on",
          online(dsl.alterTable(t).alter(column).set(columnType(c.field(), true))));
      case H2 -> new Statement(c.reason(), dsl.alterTable(t).alter(column).dropNotNull().getSQL());
    };
  }

  /** MariaDB and MySQL accept a lock-free, in-place ALTER for these changes; say so, so they fail rather than copy. */
  private String online(Query alter) {
    String sql = alter.getSQL();
    return dialect.isMySqlFamily() ? sql + ",\nALGORITHM=INPLACE, LOCK=NONE" : sql;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private DataType<?> columnType(FieldDef f, boolean forceNullable) {
    DataType type = DialectTypes.of(dialect, f.sqlType());
    boolean nullable = forceNullable || f.nullable();
    type = type.nullable(nullable);
    if (f.hasDefault()) {
      Object value = DefaultValues.parse(f.javaKind(), f.defaultValue(), List.of(f.defaultValue()))
          .orElseThrow(() -> new IllegalStateException("invalid default for " + f.name()));
      type = type.defaultValue(inline(value, type));
    }
    return type;
  }

  private BackfillSql backfill(CopyStep step) {
    if (step.moves().get(0).keyed()) {
      return extraction(step);
    }
    EntityDef source = step.source();
    EntityDef target = step.target();
    Field<Object> key = field(name(source.table(), source.id().column()));
    Field<Object> targetKey = field(name(target.table(), target.id().column()));
    Table<?> src = tableOf(source);
    Table<?> tgt = tableOf(target);
    Condition range = key.ge(val(null, key)).and(key.le(val(null, key)));

    // The first key in key order, not min(key): PostgreSQL has no min(uuid), so a UUID-keyed table's backfill
    // could not even start there (found by the random domains of PlanIsWhatRunsTest).
    String first = dsl.select(key).from(src).orderBy(key).limit(inline(1)).getSQL();
    // Where the batch ends and the next one starts, read without a lock (an index-only walk): the batch's statement
    // locks its own rows, so they are held for one statement and its commit, not for a separate round trip more.
    String bounds = dsl.select(key).from(src).where(key.ge(val(null, key))).orderBy(key)
        .limit(inline(2)).offset(val(0)).getSQL();

    List<SelectField<?>> oldColumns = new ArrayList<>();
    oldColumns.add(key);
    for (Move m : step.moves()) {
      oldColumns.add(field(name(source.table(), m.field().column())));
    }

    String copy = null;
    String read = null;
    String write = null;
    if (!step.converted()) {
      copy = copyStatement(step, src, tgt, key, range);
    } else if (inDatabase(step)) {
      // Converted inside the database by the converters' SQL equivalents; the migrator first compares them with
      // the Java converters on a batch: the key, the old values, the SQL's new values.
      copy = copyStatement(step, src, tgt, key, range);
      List<SelectField<?>> check = new ArrayList<>(oldColumns);
      for (Move m : step.moves()) {
        check.add(newValue(step, m, field(name(source.table(), m.field().column()))));
      }
      read = dsl.select(check).from(src).where(range).orderBy(key).getSQL();
    } else {
      // FOR UPDATE: the values read are the latest committed ones, and no writer changes them before the write.
      read = dsl.select(oldColumns).from(src).where(range).orderBy(key).forUpdate().getSQL();
      write = writeStatement(step, tgt, targetKey);
    }
    String sweep = null;
    String verify = verifyQuery(step, src, tgt, key, targetKey).getSQL();
    if (step.tableRename()) {
      Condition orphan = DSL.notExists(DSL.selectOne().from(src).where(key.eq(targetKey)));
      sweep = dsl.deleteFrom(tgt).where(orphan).getSQL();
      // Rows that differ or are missing, plus new rows whose old row is gone.
      verify = dsl.select(DSL.field(verifyQuery(step, src, tgt, key, targetKey))
          .plus(DSL.field(dsl.select(count()).from(tgt).where(orphan)))).getSQL();
    }
    // H2 reads a MERGE's source before it waits for the source rows' locks, so a concurrent writer's new row makes
    // the copy insert a duplicate: there the batch's old rows are locked by a statement of their own first.
    String lock = dialect == Dialect.H2 && copy != null
        ? dsl.select(key).from(src).where(key.ge(val(null, key)).and(key.le(val(null, key)))).orderBy(key)
            .forUpdate().getSQL()
        : null;
    return new BackfillSql(step, source.id().column(), first, bounds, copy, read, write, verify, lock, null, sweep);
  }

  /**
   * A 1:N extraction step: one column of the parent becomes the child row whose second key is the move's literal.
   * The copy upserts that row for each parent of the batch whose column holds a value; the clear deletes it for each
   * whose column is NULL (no value is no row); verify counts the parents whose row disagrees with the column.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private BackfillSql extraction(CopyStep step) {
    Move m = step.moves().get(0);
    EntityDef source = step.source();
    EntityDef child = step.target();
    FieldDef parentKey = child.ids().get(0);
    FieldDef rowKey = child.ids().get(1);
    Field<Object> key = field(name(source.table(), source.id().column()));
    Field<Object> oldValue = field(name(source.table(), m.field().column()));
    Field<Object> childParent = field(name(child.table(), parentKey.column()));
    Field<Object> childRowKey = field(name(child.table(), rowKey.column()));
    Field<Object> newValue = field(name(child.table(), m.targetField().column()));
    Table<?> src = tableOf(source);
    Table<?> tgt = tableOf(child);
    Condition range = key.ge(val(null, key)).and(key.le(val(null, key)));
    DataType rowKeyType = DialectTypes.of(dialect, rowKey.sqlType());
    Object literal = DefaultValues.parse(rowKey.javaKind(), m.key(),
            rowKey.constants().stream().map(dev.crossfade.schema.EnumConstant::name).toList())
        .orElseThrow(() -> new IllegalStateException("invalid key " + m.key() + " for " + child.table()));
    Field<Object> rowKeyValue = (Field<Object>) inline(literal, rowKeyType);

    String first = dsl.select(key).from(src).orderBy(key).limit(inline(1)).getSQL();
    String bounds = dsl.select(key).from(src).where(key.ge(val(null, key))).orderBy(key)
        .limit(inline(2)).offset(val(0)).getSQL();
    // The batch's parent rows, those whose column is NULL too, and the next batch's first parent (MariaDB's range
    // reads of the copy and the clear lock the key after the range too), locked before the child rows are touched, in the
    // order the repositories' writers take them: a writer clearing or setting the column waits for the batch.
    String lock = dsl.select(key).from(src).where(range).orderBy(key).forUpdate().getSQL();
    String copy = dsl.insertInto(tgt, childParent, childRowKey, newValue)
        .select(select(key, rowKeyValue, oldValue).from(src).where(range).and(oldValue.isNotNull()))
        .onConflict(childParent, childRowKey).doUpdate()
        .set(newValue, (Object) excluded(newValue)).getSQL();
    // The child rows of the batch's parents only, by the child key's range (its first column): MariaDB locks every
    // child row the DELETE scans, so an unbounded scan would lock other batches' rows that writers hold.
    String clear = dsl.deleteFrom(tgt).where(childRowKey.eq(rowKeyValue))
        .and(childParent.ge(val(null, childParent))).and(childParent.le(val(null, childParent)))
        .and(childParent.in(select(key).from(src).where(range).and(oldValue.isNull()))).getSQL();
    String verify = dsl.select(count()).from(src).leftJoin(tgt)
        .on(childParent.eq(key)).and(childRowKey.eq(rowKeyValue))
        .where(oldValue.isNotNull().and(childParent.isNull().or(newValue.isDistinctFrom(oldValue))))
        .or(oldValue.isNull().and(childParent.isNotNull())).getSQL();
    return new BackfillSql(step, source.id().column(), first, bounds, copy, null, null, verify, lock, clear, null);
  }

  private String copyStatement(CopyStep step, Table<?> src, Table<?> tgt, Field<Object> key, Condition range) {
    if (step.sameTable()) {
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      for (Move m : step.moves()) {
        set.put(field(name(m.targetField().column())), newValue(step, m, field(name(m.field().column()))));
      }
      return dsl.update(src).set(set).where(range).getSQL();
    }
    List<Field<?>> targetColumns = new ArrayList<>();
    List<SelectField<?>> sourceColumns = new ArrayList<>();
    // Target columns are qualified: H2's MERGE emulation of the upsert is otherwise ambiguous.
    targetColumns.add(field(name(step.target().table(), step.target().id().column())));
    sourceColumns.add(key);
    for (Move m : step.moves()) {
      targetColumns.add(field(name(step.target().table(), m.targetField().column())));
      sourceColumns.add(newValue(step, m, field(name(step.source().table(), m.field().column()))));
    }
    // FOR UPDATE in the copy itself: it reads the latest committed old values and a concurrent writer of those rows
    // waits for this batch's commit (an UPDATE of the same table locks its rows by itself).
    return dsl.insertInto(tgt, targetColumns).select(select(sourceColumns).from(src).where(range).forUpdate())
        .onConflict(field(name(step.target().table(), step.target().id().column()))).doUpdate()
        .set(excludedValues(step)).getSQL();
  }

  private String writeStatement(CopyStep step, Table<?> tgt, Field<Object> targetKey) {
    if (step.sameTable()) {
      Map<Field<?>, Object> set = new LinkedHashMap<>();
      for (Move m : step.moves()) {
        Field<Object> to = field(name(m.targetField().column()));
        set.put(to, val(null, to));
      }
      return dsl.update(tgt).set(set).where(targetKey.eq(val(null, targetKey))).getSQL();
    }
    List<Field<?>> columns = new ArrayList<>();
    List<Field<?>> values = new ArrayList<>();
    for (Move m : step.moves()) {
      Field<Object> to = field(name(step.target().table(), m.targetField().column()));
      columns.add(to);
      values.add(val(null, to));
    }
    Field<Object> keyColumn = field(name(step.target().table(), step.target().id().column()));
    columns.add(keyColumn);
    values.add(val(null, keyColumn));
    return dsl.insertInto(tgt, columns).values(values).onConflict(keyColumn).doUpdate()
        .set(excludedValues(step)).getSQL();
  }

  /** {@code new_col = excluded.new_col} for each move: an upsert keeps the row and takes the copied values. */
  private static Map<Field<?>, Object> excludedValues(CopyStep step) {
    Map<Field<?>, Object> set = new LinkedHashMap<>();
    for (Move m : step.moves()) {
      Field<Object> to = field(name(step.target().table(), m.targetField().column()));
      set.put(to, excluded(to));
    }
    return set;
  }

  private org.jooq.Select<org.jooq.Record1<Integer>> verifyQuery(CopyStep step, Table<?> src, Table<?> tgt,
      Field<Object> key, Field<Object> targetKey) {
    Condition differs = noCondition();
    for (Move m : step.moves()) {
      Field<Object> oldValue = field(name(step.source().table(), m.field().column()));
      Field<Object> newValue = field(name(step.target().table(), m.targetField().column()));
      differs = differs.or(step.converted() && !inDatabase(step)
          ? newValue.isNull().and(oldValue.isNotNull())
          : newValue.isDistinctFrom(newValue(step, m, oldValue)));
    }
    if (step.sameTable()) {
      return dsl.select(count()).from(src).where(differs);
    }
    return dsl.select(count()).from(src).leftJoin(tgt).on(targetKey.eq(key))
        .where(targetKey.isNull().or(differs));
  }

  /** Whether every move of a converted step has a converter with an SQL equivalent. */
  private boolean inDatabase(CopyStep step) {
    return step.converted() && step.moves().stream().allMatch(m -> sqlEquivalents.containsKey(m.converter()));
  }

  /** What the backfill writes to a move's new place: the old value, or its converter's SQL equivalent of it. */
  @SuppressWarnings("unchecked")
  private Field<Object> newValue(CopyStep step, Move m, Field<Object> oldValue) {
    if (!inDatabase(step)) {
      return oldValue;
    }
    return (Field<Object>) SqlEquivalents.toNew(sqlEquivalents.get(m.converter()), oldValue);
  }

  private static Table<?> tableOf(EntityDef e) {
    return table(name(e.table()));
  }

  /**
   * The statements that undo a release's expand, newest change first: drop each added column and each new
   * table (their indexes go with them). Run only on EXPANDED -> PENDING, when no server reads them.
   */
  public List<RollbackSql> rollbackExpand(ReleasePlan plan, dev.crossfade.schema.SchemaModel model) {
    List<RollbackSql> out = new ArrayList<>();
    List<Change> changes = new ArrayList<>(plan.expand());
    java.util.Collections.reverse(changes);
    for (Change change : changes) {
      if (ConstraintSql.handles(change)) {
        out.addAll(constraints.rollback(change));
      } else if (change instanceof DropNotNull c) {
        Field<Object> column = field(name(c.field().column()));
        String nulls = dsl.selectCount().from(tableOf(c.entity())).where(column.isNull()).getSQL();
        List<Statement> restore = setNotNull(new SetNotNull(c.entity(), c.field(), c.checkName(),
            "undo: " + c.reason()));
        for (int i = 0; i < restore.size(); i++) {
          Statement st = restore.get(i);
          out.add(i == 0
              ? RollbackSql.restoring(st, nulls, "rows of " + c.entity().table() + "." + c.field().column()
                  + " are NULL (inserted while CONTRACTING)")
              : RollbackSql.restoring(new Statement("undo: " + st.reason(), st.sql()), null, null));
        }
      } else if (change instanceof AddColumn c) {
        Field<Object> column = field(name(c.field().column()));
        String loss = null;
        String loses = null;
        if (!c.nullableUntilContract()) {
          loss = dsl.selectCount().from(tableOf(c.entity())).where(ownData(c.field(), column)).getSQL();
          loses = "the values of " + c.entity().table() + "." + c.field().column()
              + (c.field().hasDefault() ? " that differ from its default" : "");
        }
        out.add(new RollbackSql(new Statement("undo: " + c.reason(),
            online(dsl.alterTable(tableOf(c.entity())).dropColumn(name(c.field().column())))), loss, loses));
      } else if (change instanceof CreateTable c) {
        Condition own = noCondition();
        List<String> ownColumns = new ArrayList<>();
        for (FieldDef f : c.columns()) {
          if (!f.id() && model.moveInto(c.entity(), f).isEmpty()) {
            own = own.or(ownData(f, field(name(f.column()))));
            ownColumns.add(f.column());
          }
        }
        boolean moveTarget = c.parent() != null || c.columns().stream()
            .anyMatch(f -> model.moveInto(c.entity(), f).isPresent());
        String loss;
        String loses;
        if (!moveTarget) {
          loss = dsl.selectCount().from(tableOf(c.entity())).getSQL();
          loses = "the rows of " + c.entity().table();
        } else if (!ownColumns.isEmpty()) {
          loss = dsl.selectCount().from(tableOf(c.entity())).where(own).getSQL();
          loses = "the values of " + c.entity().table() + "." + String.join(", ", ownColumns)
              + " (the moved columns are copies of the old ones)";
        } else {
          loss = null;
          loses = null;
        }
        out.add(new RollbackSql(new Statement("undo: " + c.reason(),
            dsl.dropTable(tableOf(c.entity())).getSQL()), loss, loses));
      }
    }
    return out;
  }

  /** Rows whose column holds something of its own: not NULL, and not its default. */
  @SuppressWarnings("unchecked")
  private Condition ownData(FieldDef f, Field<Object> column) {
    Condition c = column.isNotNull();
    if (f.hasDefault()) {
      Object value = DefaultValues.parse(f.javaKind(), f.defaultValue(), List.of(f.defaultValue())).orElseThrow();
      c = c.and(column.ne(inline(value, (DataType<Object>) (DataType<?>) DialectTypes.of(dialect, f.sqlType()))));
    }
    return c;
  }

  /** Renders a bare name for messages and hand-built statements. */
  public String quote(String identifier) {
    return dsl.render(name(identifier));
  }

}
