package dev.crossfade.runtime.repository;

import dev.crossfade.runtime.Crossfade;
import dev.crossfade.runtime.Shard;
import dev.crossfade.runtime.ShardState;
import dev.crossfade.runtime.internal.SqlErrors;
import dev.crossfade.schema.FieldDef;
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
 * @param <E> the entity
 * @param <ID> its key type, boxed
 */
public abstract class AbstractCrossfadeRepository<E, ID> implements CrossfadeRepository<E, ID> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AbstractCrossfadeRepository.class);
  private final Crossfade crossfade;
  private final Shard shard;
  private final EntityStore<E> store;

  protected AbstractCrossfadeRepository(Crossfade crossfade, Shard shard, EntityMapping<E> mapping) {
    this.crossfade = crossfade;
    this.shard = shard;
    this.store = EntityStore.of(crossfade, mapping);
  }

  /** One database interaction on a layout, planned under the shard's state version {@code planned}. */
  private interface Work<T> {
    T run(EntityLayout layout, long planned) throws SQLException;
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
    run(true, (layout, planned) -> {
      Object[] v = prepareWrite(layout, values);
      transaction(planned, c -> {
        for (Stmt s : layout.save) {
          execute(c, s, v, null);
        }
      });
      return null;
    });
    return entity;
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
    run(true, (layout, planned) -> {
      List<Object[]> prepared = new ArrayList<>();
      for (Object[] r : rows) {
        prepared.add(prepareWrite(layout, r));
      }
      transaction(planned, c -> {
        for (Stmt s : layout.save) {
          try (PreparedStatement ps = c.prepareStatement(s.sql())) {
            for (Object[] v : prepared) {
              s.bind(ps, shard.dialect(), v, null);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        }
      });
      return null;
    });
    return all;
  }

  @Override
  public Optional<E> findById(ID id) {
    requireKey(id);
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return Optional.empty();
      }
      List<E> found = query(layout, layout.selectById, new Object[] {id});
      return found.isEmpty() ? Optional.<E>empty() : Optional.of(found.get(0));
    });
  }

  @Override
  public boolean existsById(ID id) {
    requireKey(id);
    return run(false, (layout, planned) ->
        layout.absent == null && scalar(layout.existsById, new Object[] {id}) != null);
  }

  @Override
  public List<E> findAll() {
    return run(false, (layout, planned) ->
        layout.absent != null ? List.<E>of() : query(layout, layout.selectAll, null));
  }

  @Override
  public Page<E> findAll(PageRequest page) {
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return new Page<E>(List.of(), page, false);
      }
      List<E> rows = query(layout, layout.selectPage, new Object[] {page.size() + 1, page.offset()});
      boolean more = rows.size() > page.size();
      return new Page<E>(more ? rows.subList(0, page.size()) : rows, page, more);
    });
  }

  @Override
  public Stream<E> streamAll() {
    return run(false, (layout, planned) ->
        layout.absent != null ? Stream.<E>empty() : stream(layout, layout.selectAll, null));
  }

  @Override
  public long count() {
    return run(false, (layout, planned) ->
        layout.absent != null ? 0L : ((Number) scalar(layout.count, null)).longValue());
  }

  @Override
  public void deleteById(ID id) {
    requireKey(id);
    run(true, (layout, planned) -> {
      if (layout.absent != null) {
        return null;
      }
      requireWritable(layout);
      transaction(planned, c -> {
        for (Stmt s : layout.delete) {
          execute(c, s, null, new Object[] {id});
        }
      });
      return null;
    });
  }

  @Override
  @SuppressWarnings("unchecked")
  public void delete(E entity) {
    deleteById((ID) store.mapping.toValues(entity)[store.entity.fields().indexOf(store.entity.id())]);
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
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return List.<E>of();
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return query(layout, q.sql(), q.args());
      }
      List<E> out = new ArrayList<>();
      for (Object[] v : scan(layout, q)) {
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
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return Stream.<E>empty();
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return stream(layout, q.sql(), q.args());
      }
      return scan(layout, q).stream().map(store.mapping::fromValues);
    });
  }

  protected final long finderCount(Finder finder, Object... args) {
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return 0L;
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return ((Number) scalar(q.sql(), q.args())).longValue();
      }
      return (long) scan(layout, q).size();
    });
  }

  protected final boolean finderExists(Finder finder, Object... args) {
    return run(false, (layout, planned) -> {
      if (layout.absent != null) {
        return false;
      }
      FinderQuery q = FinderQuery.of(layout, finder, args);
      if (q.sql() != null) {
        return scalar(q.sql(), q.args()) != null;
      }
      return !scan(layout, q).isEmpty();
    });
  }

  /** {@code deleteBy…}: every matching row, from every layout, in one transaction; returns how many. */
  protected final long finderDelete(Finder finder, Object... args) {
    return run(true, (layout, planned) -> {
      if (layout.absent != null) {
        return 0L;
      }
      requireWritable(layout);
      FinderQuery q = FinderQuery.of(layout, finder, args);
      List<Object> keys = new ArrayList<>();
      if (q.sql() != null) {
        for (Object[] v : rows(layout, q.sql(), q.args())) {
          keys.add(v[layout.keyIndex]);
        }
      } else {
        for (Object[] v : scan(layout, q)) {
          keys.add(v[layout.keyIndex]);
        }
      }
      transaction(planned, c -> {
        for (Object key : keys) {
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
      T result = attempts(write, work);
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.SUCCESS;
      return result;
    } catch (ShardRefusedException e) {
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.REFUSED;
      throw e;
    } catch (FieldNotSupportedException e) {
      outcome = dev.crossfade.runtime.CrossfadeEvents.Outcome.UNSUPPORTED;
      throw e;
    } finally {
      events.operation(shard.name(), store.entity.simpleName(), write, outcome);
    }
  }

  private <T> T attempts(boolean write, Work<T> work) {
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
        return work.run(layout, state.stateVersion());
      } catch (Fenced e) {
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
        if (attempt == 0) {
          state = crossfade.phases().refresh(shard);
          continue;
        }
        throw e;
      } catch (SQLException e) {
        if (attempt == 0 && staleLayout(e)) {
          ShardState fresh = crossfade.phases().refresh(shard);
          if (fresh.stateVersion() != state.stateVersion()) {
            state = fresh;
            continue;
          }
        }
        throw new RepositoryException(shard.name(), store.entity.simpleName() + " on shard " + shard.name()
            + " (release " + crossfade.release() + "): " + e.getMessage(), retryable(e), e);
      }
    }
  }

  /**
   * The values a save binds on this layout (see {@link EntityLayout#writeValues}); refuses, before anything
   * is written, a non-default value of a field the shard has no place for yet.
   */
  private Object[] prepareWrite(EntityLayout layout, Object[] values) {
    requireWritable(layout);
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
    return layout.writeValues(values);
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
   */
  private void transaction(long planned, Tx tx) throws SQLException {
    try (Connection c = dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        tx.run(c);
        String refused;
        try {
          refused = crossfade.fence(shard, c, planned);
        } catch (org.jooq.exception.DataAccessException e) {
          throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
        }
        if (refused != null) {
          throw new Fenced(refused);
        }
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

  private DataSource dataSource() {
    return shard.dataSource();
  }

  private void execute(Connection c, Stmt s, Object[] values, Object[] args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), values, args);
      ps.executeUpdate();
    }
  }

  private List<E> query(EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    List<E> out = new ArrayList<>();
    for (Object[] v : rows(layout, s, args)) {
      out.add(store.mapping.fromValues(v));
    }
    return out;
  }

  private List<Object[]> rows(EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), null, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(layout.values(rs));
        }
      }
    }
    return out;
  }

  /**
   * A finder SQL cannot answer exactly on this layout (a property read through a converter, or not on the shard
   * yet): the entity is read row by row with a cursor and only the matching rows are kept, never the whole table.
   * Logged once per finder and layout, so an operator sees which finders scan and until when.
   */
  private List<Object[]> scan(EntityLayout layout, FinderQuery q) throws SQLException {
    if (layout.scanWarned.add(q.finder().method())) {
      LOG.warn("{} on shard {} (release {}) compares {} in Java on this shard's layout (phases {}): it scans {} row"
          + " by row until the releases that convert or add those fields are MIGRATED", q.finder().method(),
          shard.name(), crossfade.release(), q.javaProperties(), new java.util.TreeMap<>(layout.phases),
          store.entity.simpleName());
    }
    List<Object[]> matches = new ArrayList<>();
    try (Connection c = dataSource().getConnection()) {
      boolean auto = c.getAutoCommit();
      // PostgreSQL streams with a cursor only inside a transaction; others stream with a fetch size alone.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(layout.selectAll.sql())) {
        ps.setFetchSize(500);
        layout.selectAll.bind(ps, shard.dialect(), null, null);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Object[] row = layout.values(rs);
            if (q.matches(row)) {
              matches.add(row);
            }
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
    return q.order(matches);
  }

  private Object scalar(Stmt s, Object[] args) throws SQLException {
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(s.sql())) {
      s.bind(ps, shard.dialect(), null, args);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  private Stream<E> stream(EntityLayout layout, Stmt s, Object[] args) throws SQLException {
    Connection c = dataSource().getConnection();
    try {
      // PostgreSQL streams with a cursor only inside a transaction; others stream with a fetch size alone.
      c.setAutoCommit(false);
      PreparedStatement ps = c.prepareStatement(s.sql());
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
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
          false).onClose(() -> {
            try (c) {
              c.rollback();
            } catch (SQLException ignored) {
              // Closing a read-only cursor; nothing to lose.
            }
          });
    } catch (SQLException | RuntimeException e) {
      c.close();
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
