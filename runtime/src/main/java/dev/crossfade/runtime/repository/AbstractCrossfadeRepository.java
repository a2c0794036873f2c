package dev.crossfade.runtime.repository;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardState;
import dev.crossfade.runtime.TransactionBinding;
import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.JavaKind;
import dev.crossfade.schema.query.Finder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

/**
 * What every generated repository does; the generated subclass adds only the entity's mapping and the
 * derived finders. Each call reads the cached phases (no round trip), picks the compiled layout for them,
 * and runs its statements in one transaction. When the cache was stale — a statement names a column or
 * table the shard no longer has, or the cached phases refuse the call — the phases are read again and the
 * call is tried once more.
 *
 * <p>Inside a caller's transaction (the {@link TransactionBinding} of {@link Crossfade#transactions()} returns
 * a connection for the shard's {@code DataSource}) every statement runs on that connection, which the
 * repository never commits, rolls back, closes or switches to auto-commit; a write's fencing check runs right
 * after its statements, and a stale layout is not retried: it throws {@link StalePhaseException}.
 *
 * @param <E> the entity
 * @param <ID> its key type, boxed
 */
public abstract class AbstractCrossfadeRepository<E, ID> implements CrossfadeRepository<E, ID> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AbstractCrossfadeRepository.class);
  private final Crossfade crossfade;
  private final Shard shard;
  private final EntityStore<E> store;
  /** {@code findAllById}: the key {@code In} a list, through the finder machinery (SQL, or a scan if need be). */
  private final Finder byIds;

  protected AbstractCrossfadeRepository(Crossfade crossfade, Shard shard, EntityMapping<E> mapping) {
    this.crossfade = crossfade;
    this.shard = shard;
    this.store = EntityStore.of(crossfade, mapping);
    this.byIds = new Finder("findAllById", Finder.Action.FIND, 0, List.of(List.of(new Finder.Predicate(
        store.entity.ids().get(0).name(), Finder.Operator.IN))), List.of()); // composite: see findAllById
  }

  /** One database interaction on a layout, planned under the shard's state version {@code planned}. */
  private interface Work<T> {
    T run(EntityLayout layout, long planned, Call call) throws SQLException;
  }

  /**
   * One repository call: the connection of the caller's transaction it runs on ({@code bound}, null when the
   * call makes its own transactions), given back to the binding when the call ends, or when the stream it
   * returned is closed ({@code kept}).
   */
  private static final class Call {
    final TransactionBinding binding;
    final DataSource dataSource;
    final Connection bound;
    boolean kept;

    Call(TransactionBinding binding, DataSource dataSource, Connection bound) {
      this.binding = binding;
      this.dataSource = dataSource;
      this.bound = bound;
    }

    void release() {
      if (bound != null) {
        binding.release(bound, dataSource);
      }
    }
  }

  /** The write's fencing check refused its commit; it was rolled back. */
  private static final class Fenced extends SQLException {
    private static final long serialVersionUID = 1L;

    Fenced(String reason) {
      super(reason);
    }
  }

  @Override
  public Shard shard() {
    return shard;
  }

  @Override
  public E save(E entity) {
    Object[] values = store.mapping.toValues(entity);
    Object[] saved = run(true, (layout, planned, call) -> {
      Object[] next = bumped(values);
      Object[] v = prepareWrite(layout, next);
      transaction(call, planned, c -> saveRow(c, layout, values, v));
      return next;
    });
    return store.entity.version().isPresent() ? store.mapping.fromValues(saved) : entity;
  }

  // ---- @Version (optimistic locking) ----

  /** Whether a version value means "new entity": null (boxed) or 0 (primitive, or a row written by hand). */
  private static boolean unsaved(Object version) {
    return version == null || ((Number) version).longValue() == 0L;
  }

  /** The values with the version the save writes: 1 for a new entity, else one more; the values as they are without {@code @Version}. */
  private Object[] bumped(Object[] values) {
    Optional<FieldDef> version = store.entity.version();
    if (version.isEmpty()) {
      return values;
    }
    int i = store.entity.fields().indexOf(version.get());
    Object[] next = values.clone();
    long n = unsaved(values[i]) ? 1L : ((Number) values[i]).longValue() + 1;
    JavaKind kind = version.get().javaKind();
    next[i] = kind == JavaKind.INT || kind == JavaKind.INTEGER ? (Object) Math.toIntExact(n) : (Object) n;
    return next;
  }

  /**
   * The statements of one save on the write's connection. With {@code @Version}: a new entity's own row is a plain
   * insert (a taken key fails it); an existing one's version is checked and bumped on the driving table first,
   * so nothing else is written when it does not match, and a concurrent save of the row waits on its lock.
   */
  private void saveRow(Connection c, EntityLayout layout, Object[] values, Object[] v) throws SQLException {
    saveExtracted(c, layout, values, true);
    int first = 0;
    if (layout.versionIndex >= 0) {
      Object expected = values[layout.versionIndex];
      Object key = layout.keyOf(values);
      if (unsaved(expected)) {
        try {
          execute(c, layout.insertOwn, v, null);
        } catch (SQLException e) {
          if (SqlErrors.duplicateKey(shard.dialect(), e)) {
            throw optimisticLock(key, null, "save", e);
          }
          throw e;
        }
        first = 1;
      } else {
        checkVersion(c, layout, key, expected, "save");
      }
    }
    for (Stmt s : layout.saveStatements(first)) {
      execute(c, s, v, null);
    }
    saveExtracted(c, layout, values, false);
  }

  /**
   * The writes of a 1:N extraction for one saved row: on the child, the parent's column of the row's key (while
   * older servers may read it); on the parent, the child row of each extracted field (upserted, or deleted when the
   * field is NULL: a NULL column is no row). Every writer takes the parent row first and the child row second (the
   * backfill too: it locks the batch's parent rows), so a child's column writes run before its own row's
   * ({@code child} true) and a parent's child-row writes after its own ({@code child} false): no two writers wait
   * on each other's rows in opposite orders.
   */
  private void saveExtracted(Connection c, EntityLayout layout, Object[] values, boolean child) throws SQLException {
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      if (x.child() != child) {
        continue;
      }
      if (x.child()) {
        if (!FinderQuery.same(values[x.rowKeyIndex()], x.rowKey())) {
          continue;
        }
        Object value = values[x.valueIndex()];
        if (value == null) {
          throw new IllegalArgumentException(store.entity.simpleName() + " " + layout.keyOf(values) + " has no "
              + store.entity.fields().get(x.valueIndex()).name() + ", but its row is " + x.label()
              + ", where NULL means no row while older servers may read that column; delete the row instead");
        }
        execute(c, x.set(), null, new Object[] {value, values[x.parentKeyIndex()]});
      } else {
        Object value = values[x.valueIndex()];
        if (value == null) {
          execute(c, x.clear(), null, new Object[] {values[x.parentKeyIndex()]});
        } else {
          execute(c, x.set(), null, new Object[] {values[x.parentKeyIndex()], value});
        }
      }
    }
  }

  /** The extraction writes of deleting the child row with this key: its parent's column becomes NULL. */
  private void deleteExtracted(Connection c, EntityLayout layout, Object key) throws SQLException {
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      if (!x.child() || !(key instanceof List<?> parts)) {
        continue;
      }
      int rowKeyAt = java.util.Arrays.binarySearch(layout.keyIndexes, x.rowKeyIndex());
      int parentAt = java.util.Arrays.binarySearch(layout.keyIndexes, x.parentKeyIndex());
      if (rowKeyAt >= 0 && parentAt >= 0 && FinderQuery.same(parts.get(rowKeyAt), x.rowKey())) {
        execute(c, x.clear(), null, new Object[] {parts.get(parentAt)});
      }
    }
  }

  /** Bumps the row's version if it still is {@code expected}; else throws {@link OptimisticLockException}. */
  private void checkVersion(Connection c, EntityLayout layout, Object key, Object expected, String action)
      throws SQLException {
    int rows;
    try (PreparedStatement ps = c.prepareStatement(layout.versionCheck.sql())) {
      layout.versionCheck.bind(ps, shard.dialect(), null, new Object[] {key, expected});
      rows = ps.executeUpdate();
    }
    if (rows == 0) {
      throw optimisticLock(key, ((Number) expected).longValue(), action, null);
    }
  }

  private OptimisticLockException optimisticLock(Object key, Long expected, String action, Throwable cause) {
    return new OptimisticLockException(shard.name(), crossfade.release(), store.entity.simpleName(), key, expected,
        action, cause);
  }

  @Override
  public List<E> saveAll(Iterable<? extends E> entities) {
    List<E> all = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    for (E e : entities) {
      all.add(e);
      rows.add(store.mapping.toValues(e));
    }
    if (rows.isEmpty()) {
      return all;
    }
    if (store.entity.version().isPresent()) {
      // Each row is checked on its own (and fails the whole call, which writes nothing, when one does not match).
      List<Object[]> saved = run(true, (layout, planned, call) -> {
        List<Object[]> next = new ArrayList<>();
        List<Object[]> prepared = new ArrayList<>();
        for (Object[] r : rows) {
          Object[] n = bumped(r);
          next.add(n);
          prepared.add(prepareWrite(layout, n));
        }
        transaction(call, planned, c -> {
          for (int i = 0; i < rows.size(); i++) {
            saveRow(c, layout, rows.get(i), prepared.get(i));
          }
        });
        return next;
      });
      List<E> out = new ArrayList<>();
      for (Object[] n : saved) {
        out.add(store.mapping.fromValues(n));
      }
      return out;
    }
    run(true, (layout, planned, call) -> {
      List<Object[]> prepared = new ArrayList<>();
      for (Object[] r : rows) {
        prepared.add(prepareWrite(layout, r));
      }
      transaction(call, planned, c -> {
        for (Object[] r : rows) {
          saveExtracted(c, layout, r, true);
        }
        for (Stmt s : layout.save) {
          try (PreparedStatement ps = c.prepareStatement(s.sql())) {
            for (Object[] v : prepared) {
              s.bind(ps, shard.dialect(), v, null);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
        for (Object[] r : rows) {
          saveExtracted(c, layout, r, false);
        }
      });
      return null;
    });
    return all;
  }

  @Override
  public Optional<E> findById(ID id) {
    requireKey(id);
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return Optional.empty();
      }
      List<E> found = query(call, layout, layout.selectById, new Object[] {store.mapping.key(id)});
      return found.isEmpty() ? Optional.<E>empty() : Optional.of(found.get(0));
    });
  }

  @Override
  public boolean existsById(ID id) {
    requireKey(id);
    return run(false, (layout, planned, call) ->
        layout.absent == null && scalar(call, layout.existsById, new Object[] {store.mapping.key(id)}) != null);
  }

  @Override
  public List<E> findAll() {
    return run(false, (layout, planned, call) ->
        layout.absent != null ? List.<E>of() : query(call, layout, layout.selectAll, null));
  }

  @Override
  public Page<E> findAll(PageRequest page) {
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return new Page<E>(List.of(), page, false);
      }
      List<E> rows = query(call, layout, layout.selectPage, new Object[] {page.size() + 1, page.offset()});
      boolean more = rows.size() > page.size();
      return new Page<E>(more ? rows.subList(0, page.size()) : rows, page, more);
    });
  }

  @Override
  public Stream<E> streamAll() {
    return run(false, (layout, planned, call) ->
        layout.absent != null ? Stream.<E>empty() : stream(call, layout, layout.selectAll, null));
  }

  @Override
  public long count() {
    return run(false, (layout, planned, call) ->
        layout.absent != null ? 0L : ((Number) scalar(call, layout.count, null)).longValue());
  }

  @Override
  public void deleteById(ID id) {
    requireKey(id);
    deleteByKey(store.mapping.key(id));
  }

  private void deleteByKey(Object key) {
    run(true, (layout, planned, call) -> {
      if (layout.absent != null) {
        return null;
      }
      requireWritable(layout);
      transaction(call, planned, c -> {
        deleteExtracted(c, layout, key); // the parent's row first, as every writer takes them
        for (Stmt s : layout.delete) {
          execute(c, s, null, new Object[] {key});
        }
      });
      return null;
    });
  }

  /** The key of an entity's field values (a list of the components for a composite key). */
  private Object keyOf(Object[] values) {
    List<FieldDef> ids = store.entity.ids();
    if (ids.size() == 1) {
      return values[store.entity.fields().indexOf(ids.get(0))];
    }
    Object[] key = new Object[ids.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = values[store.entity.fields().indexOf(ids.get(i))];
    }
    return List.of(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void delete(E entity) {
    Object[] values = store.mapping.toValues(entity);
    Object key = keyOf(values);
    Optional<FieldDef> version = store.entity.version();
    if (version.isEmpty() || unsaved(values[store.entity.fields().indexOf(version.get())])) {
      deleteByKey(key);
      return;
    }
    List<Object[]> one = new ArrayList<>();
    one.add(values);
    deleteChecked(one);
  }

  /**
   * Deletes entities whose {@code @Version} was read: each row's version is checked (and bumped, so a concurrent
   * save waits on it) before any of its places is deleted; one mismatch writes nothing.
   */
  private void deleteChecked(List<Object[]> entities) {
    int versionIndex = store.entity.fields().indexOf(store.entity.version().orElseThrow());
    run(true, (layout, planned, call) -> {
      if (layout.absent != null) {
        // No table, no row: the version the caller read cannot be there.
        Object[] first = entities.get(0);
        throw optimisticLock(keyOf(first), ((Number) first[versionIndex]).longValue(), "delete", null);
      }
      requireWritable(layout);
      transaction(call, planned, c -> {
        List<Object> keys = new ArrayList<>();
        for (Object[] v : entities) {
          if (!unsaved(v[versionIndex])) {
            checkVersion(c, layout, keyOf(v), v[versionIndex], "delete");
          }
          keys.add(keyOf(v));
        }
        deleteKeys(c, layout, keys);
      });
      return null;
    });
  }

  /** At most this many keys in one {@code IN} list; more are read (or deleted) in several statements. */
  private static final int KEYS_PER_STATEMENT = 1000;

  @Override
  public List<E> findAllById(Iterable<? extends ID> ids) {
    if (store.entity.composite()) {
      // No IN over a composite key: one lookup per distinct key, in the order given.
      List<E> out = new ArrayList<>();
      java.util.Set<Object> seen = new java.util.HashSet<>();
      for (ID id : ids) {
        requireKey(id);
        if (seen.add(store.mapping.key(id))) {
          findById(id).ifPresent(out::add);
        }
      }
      return out;
    }
    List<Object> keys = keys(ids);
    List<E> out = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
      List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT));
      out.addAll(finderList(byIds, chunk));
    }
    return out;
  }

  @Override
  public List<E> findAll(Sort<E> sort) {
    List<Finder.Order> orders = orders(sort);
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return List.<E>of();
      }
      Stmt s = FinderQuery.sorted(layout, orders, false);
      List<Object[]> rows = s != null ? rows(call, layout, s, null) : sortedInJava(call, layout, sort, orders);
      List<E> out = new ArrayList<>();
      for (Object[] v : rows) {
        out.add(store.mapping.fromValues(v));
      }
      return out;
    });
  }

  @Override
  public Slice<E> findAll(PageRequest page, Sort<E> sort) {
    List<Finder.Order> orders = orders(sort);
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return new Page<E>(List.of(), page, false);
      }
      Stmt s = FinderQuery.sorted(layout, orders, true);
      List<Object[]> rows;
      if (s != null) {
        rows = rows(call, layout, s, new Object[] {page.size() + 1, page.offset()});
      } else {
        List<Object[]> all = sortedInJava(call, layout, sort, orders);
        int from = (int) Math.min(all.size(), page.offset());
        rows = all.subList(from, (int) Math.min(all.size(), from + (long) page.size() + 1));
      }
      boolean more = rows.size() > page.size();
      List<E> out = new ArrayList<>();
      for (Object[] v : more ? rows.subList(0, page.size()) : rows) {
        out.add(store.mapping.fromValues(v));
      }
      return new Page<E>(out, page, more);
    });
  }

  @Override
  public void deleteAll() {
    run(true, (layout, planned, call) -> {
      if (layout.absent != null) {
        return null;
      }
      requireWritable(layout);
      // The keys are read in the deleting transaction, so a row committed before it started is deleted too.
      transaction(call, planned, c -> {
        List<Object> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(layout.selectAll.sql())) {
          ps.setFetchSize(500);
          layout.selectAll.bind(ps, shard.dialect(), null, null);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              keys.add(layout.keyOf(layout.values(rs)));
            }
          }
        }
        deleteKeys(c, layout, keys);
      });
      return null;
    });
  }

  @Override
  public void deleteAllById(Iterable<? extends ID> ids) {
    deleteAllKeys(keys(ids));
  }

  private void deleteAllKeys(List<Object> keys) {
    if (keys.isEmpty()) {
      return;
    }
    run(true, (layout, planned, call) -> {
      if (layout.absent != null) {
        return null;
      }
      requireWritable(layout);
      transaction(call, planned, c -> deleteKeys(c, layout, keys));
      return null;
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public void deleteAll(Iterable<? extends E> entities) {
    if (store.entity.version().isPresent()) {
      List<Object[]> all = new ArrayList<>();
      for (E e : entities) {
        all.add(store.mapping.toValues(e));
      }
      if (!all.isEmpty()) {
        deleteChecked(all);
      }
      return;
    }
    java.util.Set<Object> keys = new java.util.LinkedHashSet<>();
    for (E e : entities) {
      keys.add(keyOf(store.mapping.toValues(e)));
    }
    deleteAllKeys(new ArrayList<>(keys));
  }

  /** Every statement of a delete for every key, batched statement by statement (split-off rows first). */
  private void deleteKeys(Connection c, EntityLayout layout, List<Object> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    for (Object key : keys) {
      deleteExtracted(c, layout, key); // the parents' rows first, as every writer takes them
    }
    for (Stmt s : layout.delete) {
      try (PreparedStatement ps = c.prepareStatement(s.sql())) {
        for (int i = 0; i < keys.size(); i++) {
          s.bind(ps, shard.dialect(), null, new Object[] {keys.get(i)});
          ps.addBatch();
          if (i % KEYS_PER_STATEMENT == KEYS_PER_STATEMENT - 1) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
    }
  }

  /** The distinct keys, in the order given; a null key is refused. */
  private List<Object> keys(Iterable<? extends ID> ids) {
    java.util.Set<Object> keys = new java.util.LinkedHashSet<>();
    for (ID id : ids) {
      requireKey(id);
      keys.add(store.mapping.key(id));
    }
    return new ArrayList<>(keys);
  }

  /** The sort's keys as the finder machinery takes them; refuses a property of no field, or a byte array. */
  private List<Finder.Order> orders(Sort<E> sort) {
    List<Finder.Order> out = new ArrayList<>();
    for (Sort.Order<E> o : sort.orders()) {
      String name = o.property().name();
      int index = store.mapping.fields().indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException(store.entity.simpleName() + " has no field '" + name + "' to sort by; its"
            + " fields are " + store.mapping.fields());
      }
      if (store.entity.fields().get(index).javaKind() == dev.crossfade.schema.JavaKind.BYTES) {
        throw new IllegalArgumentException("cannot sort " + store.entity.simpleName() + " by " + name + ": it is a"
            + " byte[], which each database and Java order differently; sort by another property");
      }
      out.add(new Finder.Order(name, o.descending()));
    }
    return out;
  }

  /**
   * Every row sorted in Java, where SQL cannot compare a sort property exactly on this layout (inside a release
   * window: a field read through a converter, or not on the shard yet). Logged once per sort and layout.
   */
  private List<Object[]> sortedInJava(Call call, EntityLayout layout, Sort<E> sort, List<Finder.Order> orders)
      throws SQLException {
    if (layout.scanWarned.add("findAll sorted by " + sort)) {
      LOG.warn("findAll sorted by {} on shard {} (release {}) sorts {} in Java on this shard's layout (phases {}):"
          + " it reads every row until the releases that convert or add those fields are MIGRATED", sort,
          shard.name(), crossfade.release(), store.entity.simpleName(), new java.util.TreeMap<>(layout.phases));
    }
    List<Object[]> all = scanRows(call, layout, row -> true);
    all.sort(FinderQuery.comparator(layout, orders));
    return all;
  }

  @Override
  public boolean supports(String field) {
    int index = store.mapping.fields().indexOf(field);
    if (index < 0) {
      throw new IllegalArgumentException(store.entity.simpleName() + " has no field '" + field + "'; its fields are "
          + store.mapping.fields());
    }
    EntityLayout layout = store.layout(shard.dialect(), crossfade.phases().state(shard));
    return layout.unwritable == null && layout.placement.fields().get(index).supported();
  }

  // ---- derived finders, called by generated code ----

  /** {@code List<E> findBy…} (also {@code Collection} and {@code Iterable}). */
  protected final List<E> finderList(Finder finder, Object... args) {
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return List.<E>of();
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return query(call, layout, q.sql(), q.args());
      }
      List<E> out = new ArrayList<>();
      for (Object[] v : scan(call, layout, q)) {
        out.add(store.mapping.fromValues(v));
      }
      return out;
    });
  }

  /** {@code Optional<E> findBy…} and {@code E findBy…}: at most one row, or an exception naming the finder. */
  protected final Optional<E> finderOne(Finder finder, Object... args) {
    List<E> rows = finderList(finder, args);
    if (rows.size() > 1 && finder.limit() != 1) {
      throw new IllegalStateException(finder.method() + " on shard " + shard.name() + " found " + rows.size()
          + " rows but returns one; return a List, or add First to the name (" + finder.method().replaceFirst("By",
              "FirstBy") + ")");
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** {@code Stream<E> findBy…}: read as consumed; close it. */
  protected final Stream<E> finderStream(Finder finder, Object... args) {
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return Stream.<E>empty();
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return stream(call, layout, q.sql(), q.args());
      }
      return scan(call, layout, q).stream().map(store.mapping::fromValues);
    });
  }

  protected final long finderCount(Finder finder, Object... args) {
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return 0L;
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return ((Number) scalar(call, q.sql(), q.args())).longValue();
      }
      return (long) scan(call, layout, q).size();
    });
  }

  protected final boolean finderExists(Finder finder, Object... args) {
    return run(false, (layout, planned, call) -> {
      if (layout.absent != null) {
        return false;
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return scalar(call, q.sql(), q.args()) != null;
      }
      return !scan(call, layout, q).isEmpty();
    });
  }

  /** {@code deleteBy…}: every matching row, from every layout, in one transaction; returns how many. */
  protected final long finderDelete(Finder finder, Object... args) {
    return run(true, (layout, planned, call) -> {
      if (layout.absent != null) {
        return 0L;
      }
      requireWritable(layout);
      FinderQuery q = FinderQuery.of(layout, finder, args);
      List<Object> keys = new ArrayList<>();
      if (q.sql() != null) {
        for (Object[] v : rows(call, layout, q.sql(), q.args())) {
          keys.add(layout.keyOf(v));
        }
      } else {
        for (Object[] v : scan(call, layout, q)) {
          keys.add(layout.keyOf(v));
        }
      }
      transaction(call, planned, c -> {
        for (Object key : keys) {
          deleteExtracted(c, layout, key);
          for (Stmt s : layout.delete) {
            execute(c, s, null, new Object[] {key});
          }
        }
      });
      return (long) keys.size();
    });
  }

  // ---- machinery ----

  private <T> T run(boolean write, Work<T> work) {
    dev.crossfade.runtime.CrossfadeEvents events = crossfade.events();
    dev.crossfade.runtime.CrossfadeEvents.Outcome outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.ERROR;
    try {
      T result = joined(write, work);
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.SUCCESS;
      return result;
    } catch (ShardRefusedException e) {
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.REFUSED;
      throw e;
    } catch (FieldNotSupportedException e) {
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.UNSUPPORTED;
      throw e;
    } catch (StalePhaseException e) {
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.STALE;
      throw e;
    } finally {
      events.operation(shard.name(), store.entity.simpleName(), write, outcome);
    }
  }

  /** The call on the caller's transaction's connection, if it has one for this shard, else on its own. */
  private <T> T joined(boolean write, Work<T> work) {
    TransactionBinding binding = crossfade.transactions();
    DataSource ds = dataSource();
    Connection bound;
    try {
      bound = binding.current(ds);
    } catch (SQLException e) {
      throw new RepositoryException(shard.name(), store.entity.simpleName() + " on shard " + shard.name()
          + " (release " + crossfade.release() + "): could not get the connection of the caller's transaction: "
          + e.getMessage(), retryable(e), e);
    }
    Call call = new Call(binding, ds, bound);
    try {
      return attempts(write, work, call);
    } finally {
      if (!call.kept) {
        call.release();
      }
    }
  }

  private <T> T attempts(boolean write, Work<T> work, Call call) {
    ShardState state = crossfade.phases().state(shard);
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        crossfade.events().staleRetry(shard.name(), store.entity.simpleName());
      }
      ShardRefusedException refused = crossfade.refusal(shard, state, write);
      if (refused != null) {
        if (attempt == 0) {
          // Read the phases again (a refusal by stale phases goes away, a lasting one names the fresh state), but
          // within a bound: a shard that refuses because this server's lease ran out may not be answering at all.
          // Nothing of this call has run yet, so this holds inside a caller's transaction too.
          try {
            state = crossfade.refreshWithinTimeout(shard);
          } catch (dev.crossfade.runtime.ShardUnavailableException unreachable) {
            throw refused;
          }
          continue;
        }
        throw refused;
      }
      EntityLayout layout = store.layout(shard.dialect(), state);
      try {
        return work.run(layout, state.stateVersion(), call);
      } catch (Fenced e) {
        if (call.bound != null) {
          // The caller's transaction holds this write's statements: it must not commit, and only the caller can
          // roll it back. A newer state is a stale phase (retry the transaction); else the lease ran out.
          ShardState fresh = crossfade.phases().refresh(shard);
          if (fresh.stateVersion() != state.stateVersion()) {
            throw stale(state, fresh, e.getMessage(), null);
          }
          throw new ShardRefusedException(shard.name(), crossfade.release(), null, e.getMessage()
              + ", so the caller's transaction may not commit this write",
              "roll the transaction back and try again; writes resume once this server's heartbeat renews its lease"
                  + " there");
        }
        if (attempt == 0) {
          // The shard's state moved on (or this server's lease ran out) while the write ran: nothing was
          // written; plan it again under the fresh state, which may refuse it.
          state = crossfade.phases().refresh(shard);
          continue;
        }
        throw new ShardRefusedException(shard.name(), crossfade.release(), null, e.getMessage()
            + ", so the write was rolled back at its commit and nothing was written",
            "try again; writes resume once this server's heartbeat renews its lease there");
      } catch (FieldNotSupportedException e) {
        // Thrown before any statement of this call ran: planning again is safe inside a transaction too.
        if (attempt == 0) {
          state = crossfade.phases().refresh(shard);
          continue;
        }
        throw e;
      } catch (SQLException e) {
        if ((attempt == 0 || call.bound != null) && staleLayout(e)) {
          ShardState fresh = crossfade.phases().refresh(shard);
          if (fresh.stateVersion() != state.stateVersion()) {
            if (call.bound != null) {
              throw stale(state, fresh, "a statement of " + store.entity.simpleName() + " names what the shard's"
                  + " layout no longer has (" + e.getMessage() + ")", e);
            }
            state = fresh;
            continue;
          }
        }
        throw new RepositoryException(shard.name(), store.entity.simpleName() + " on shard " + shard.name()
            + " (release " + crossfade.release() + "): " + e.getMessage()
            + (call.bound != null ? "; roll back the caller's transaction" : ""), retryable(e), e);
      }
    }
  }

  /** A phase change met inside a caller's transaction, after the phases were read again ({@code fresh}). */
  private StalePhaseException stale(ShardState planned, ShardState fresh, String reason, Throwable cause) {
    return new StalePhaseException(shard.name(), crossfade.release(), planned.stateVersion(), fresh.stateVersion(),
        reason, cause);
  }

  /**
   * The values a save binds on this layout (see {@link EntityLayout#writeValues}); refuses, before anything
   * is written, a non-default value of a field the shard has no place for yet, and an enum constant the shard
   * may not hold yet.
   */
  private Object[] prepareWrite(EntityLayout layout, Object[] values) {
    requireWritable(layout);
    EnumConstantWrites.check(shard.name(), store.entity, layout, values);
    for (dev.crossfade.schema.plan.Placement.FieldPlacement p : layout.placement.fields()) {
      if (p.supported()) {
        continue;
      }
      int index = store.entity.fields().indexOf(p.field());
      FieldDef f = p.field();
      Object declared = EntityLayout.defaultValue(f);
      Object value = values[index];
      boolean isDefault = declared == null ? value == null || EntityLayout.unset(f.javaKind(), value)
          : FinderQuery.same(value, declared);
      if (!isDefault) {
        throw new FieldNotSupportedException(shard.name(), store.entity.simpleName() + "." + f.name(),
            store.entity.simpleName() + "." + f.name() + " = " + value + " cannot be stored on shard " + shard.name()
                + ": release " + p.unexpandedBy() + " adds it and is " + layout.phases.getOrDefault(p.unexpandedBy(),
                    dev.crossfade.schema.Phase.PENDING) + " there; nothing was written. Check supports(\"" + f.name()
                + "\") before offering the feature, or run the migrator: expand --release " + p.unexpandedBy());
      }
    }
    refuseExtractedFieldWithoutItsColumn(layout, values);
    return layout.writeValues(values);
  }

  /**
   * A parent's deprecated field that a 1:N extraction made a child row mirrors its column only while the column is
   * written (docs/extraction.md): from its release's CONTRACTING on, a value in it would be stored nowhere, so it is
   * refused rather than dropped, naming the child row to write instead.
   */
  private void refuseExtractedFieldWithoutItsColumn(EntityLayout layout, Object[] values) {
    List<FieldDef> fields = store.entity.fields();
    for (int i = 0; i < fields.size(); i++) {
      FieldDef f = fields.get(i);
      if (f.move() == null || !f.move().keyed() || values[i] == null) {
        continue;
      }
      boolean written = false;
      for (dev.crossfade.schema.plan.Placement.Extracted x : layout.placement.extracted()) {
        if (x.move().source().table().equals(store.entity.table()) && x.move().field().name().equals(f.name())) {
          written = x.columnWritten();
        }
      }
      if (!written) {
        String child = f.move().targetEntity().substring(f.move().targetEntity().lastIndexOf('.') + 1);
        throw new FieldNotSupportedException(shard.name(), store.entity.simpleName() + "." + f.name(),
            store.entity.simpleName() + "." + f.name() + " = " + values[i] + " cannot be stored on shard "
                + shard.name() + ": release " + f.deprecatedIn() + " extracted it into the " + child + " row with key "
                + f.move().key() + " and is " + layout.phases.getOrDefault(f.deprecatedIn(),
                    dev.crossfade.schema.Phase.PENDING) + " there, so its column is no longer written; nothing was"
                + " written. Save that " + child + " row instead, and leave " + f.name() + " null");
      }
    }
  }

  private void requireWritable(EntityLayout layout) {
    if (layout.unwritable != null) {
      throw new FieldNotSupportedException(shard.name(), store.entity.simpleName(), "cannot write "
          + store.entity.simpleName() + " on shard " + shard.name() + ": " + layout.unwritable
          + "; nothing was written" + (layout.absent != null ? ". Run the migrator's expand first" : ""));
    }
  }

  private void requireKey(ID id) {
    if (id == null) {
      throw new IllegalArgumentException("the key of " + store.entity.simpleName() + " must not be null");
    }
  }

  private interface Tx {
    void run(Connection c) throws SQLException;
  }

  /**
   * Runs a write in one transaction whose last statement, just before {@code COMMIT}, is the fencing check
   * ({@link Crossfade#fence}): the write commits only if the shard is still at the state version it was
   * planned under and this server's lease there holds; otherwise it is rolled back and {@link Fenced} thrown.
   *
   * <p>Inside a caller's transaction the statements run on its connection and the fencing check follows them
   * at once, on that connection; nothing is committed or rolled back here. On PostgreSQL and MariaDB the check's
   * share lock on the state row then lasts until the caller's transaction ends, so no state change commits
   * before the caller's commit (see docs/runtime.md, "Fencing inside a caller's transaction").
   */
  private void transaction(Call call, long planned, Tx tx) throws SQLException {
    if (call.bound != null) {
      tx.run(call.bound);
      fence(call.bound, planned);
      return;
    }
    try (Connection c = dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        tx.run(c);
        fence(c, planned);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(auto);
        } catch (SQLException closing) {
          // The connection is broken; closing it below is all that is left.
        }
      }
    }
  }

  /** The fencing check on the write's connection; throws {@link Fenced} when the write may not commit. */
  private void fence(Connection c, long planned) throws SQLException {
    String refused;
    try {
      refused = crossfade.fence(shard, c, planned);
    } catch (org.jooq.exception.DataAccessException e) {
      throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
    }
    if (refused != null) {
      throw new Fenced(refused);
    }
  }

  private DataSource dataSource() {
    return shard.dataSource();
  }

  /** The connection a read of this call uses: the caller's, or a new one of its own. */
  private Connection connection(Call call) throws SQLException {
    return call.bound != null ? call.bound : dataSource().getConnection();
  }

  /** Closes a connection {@link #connection} opened; the caller's is left as it is. */
  private static void done(Call call, Connection c) throws SQLException {
    if (c != call.bound) {
      c.close();
    }
  }

  private void execute(Connection c, Stmt s, Object[] values, Object[] args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), values, args);
      ps.executeUpdate();
    }
  }

  private List<E> query(Call call, EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    List<E> out = new ArrayList<>();
    for (Object[] v : rows(call, layout, s, args)) {
      out.add(store.mapping.fromValues(v));
    }
    return out;
  }

  private List<Object[]> rows(Call call, EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    Connection c = connection(call);
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), null, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(layout.values(rs));
        }
      }
    } finally {
      done(call, c);
    }
    return out;
  }

  /**
   * A finder SQL cannot answer exactly on this layout (a property read through a converter, or not on the shard
   * yet): the entity is read row by row with a cursor and only the matching rows are kept, never the whole table.
   * Logged once per finder and layout, so an operator sees which finders scan and until when.
   */
  private List<Object[]> scan(Call call, EntityLayout layout, FinderQuery q) throws SQLException {
    if (layout.scanWarned.add(q.finder().method())) {
      LOG.warn("{} on shard {} (release {}) compares {} in Java on this shard's layout (phases {}): it scans {} row"
          + " by row until the releases that convert or add those fields are MIGRATED", q.finder().method(),
          shard.name(), crossfade.release(), q.javaProperties(), new java.util.TreeMap<>(layout.phases),
          store.entity.simpleName());
    }
    return q.order(scanRows(call, layout, q::matches));
  }

  /** Every row of the layout that {@code keep} accepts, read with a cursor. */
  private List<Object[]> scanRows(Call call, EntityLayout layout, java.util.function.Predicate<Object[]> keep)
      throws SQLException {
    List<Object[]> matches = new ArrayList<>();
    if (call.bound != null) {
      // The caller's transaction: already one (a cursor on PostgreSQL), and not this scan's to end.
      scanOn(call.bound, layout, keep, matches);
      return matches;
    }
    try (Connection c = dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      // PostgreSQL streams with a cursor only inside a transaction; others stream with a fetch size alone.
      c.setAutoCommit(false);
      try {
        scanOn(c, layout, keep, matches);
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
    return matches;
  }

  private void scanOn(Connection c, EntityLayout layout, java.util.function.Predicate<Object[]> keep,
      List<Object[]> matches) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(layout.selectAll.sql())) {
      ps.setFetchSize(500);
      layout.selectAll.bind(ps, shard.dialect(), null, null);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] row = layout.values(rs);
          if (keep.test(row)) {
            matches.add(row);
          }
        }
      }
    }
  }

  private Object scalar(Call call, Stmt s, Object[] args) throws SQLException {
    Connection c = connection(call);
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), null, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    } finally {
      done(call, c);
    }
  }

  /**
   * Rows read as the stream is consumed. On its own connection, in a read-only transaction rolled back and closed
   * with the stream; on the caller's, only the statement is closed with the stream, and the connection is given
   * back to the binding then.
   */
  private Stream<E> stream(Call call, EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    boolean own = call.bound == null;
    Connection c = connection(call);
    PreparedStatement opened = null;
    try {
      if (own) {
        // PostgreSQL streams with a cursor only inside a transaction; others stream with a fetch size alone.
        c.setAutoCommit(false);
      }
      PreparedStatement ps = c.prepareStatement(s.sql());
      opened = ps;
      ps.setFetchSize(500);
      s.bind(ps, shard.dialect(), null, args);
      ResultSet rs = ps.executeQuery();
      Iterator<E> it = new Iterator<>() {
        Boolean ahead;

        @Override
        public boolean hasNext() {
          if (ahead == null) {
            try {
              ahead = rs.next();
            } catch (SQLException e) {
              throw new RepositoryException(shard.name(), "streaming " + store.entity.simpleName() + " from shard "
                  + shard.name() + ": " + e.getMessage(), retryable(e), e);
            }
          }
          return ahead;
        }

        @Override
        public E next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ahead = null;
          try {
            return store.mapping.fromValues(layout.values(rs));
          } catch (SQLException e) {
            throw new RepositoryException(shard.name(), "streaming " + store.entity.simpleName() + " from shard "
                + shard.name() + ": " + e.getMessage(), retryable(e), e);
          }
        }
      };
      Stream<E> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
          Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(() -> {
            if (own) {
              try (c) {
                c.rollback();
              } catch (SQLException ignored) {
                // Closing a read-only cursor; nothing to lose.
              }
            } else {
              try (ps) {
                rs.close();
              } catch (SQLException ignored) {
                // Closing a cursor in the caller's transaction; the transaction itself is the caller's.
              } finally {
                call.release();
              }
            }
          });
      call.kept = !own;
      return stream;
    } catch (SQLException | RuntimeException e) {
      if (own) {
        c.close();
      } else if (opened != null) {
        opened.close();
      }
      throw e;
    }
  }

  /** A statement named a table or column the shard does not have: the cached phases may be stale. */
  private boolean staleLayout(SQLException e) {
    return SqlErrors.missingTableOrColumn(shard.dialect(), e);
  }

  /** Worth retrying by the caller: the connection was lost, a deadlock or lock timeout, a serialization failure. */
  private boolean retryable(SQLException e) {
    return SqlErrors.retryable(shard.dialect(), e);
  }
}
