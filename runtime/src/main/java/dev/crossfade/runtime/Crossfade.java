package dev.crossfade.runtime;

import dev.crossfade.runtime.repository.CrossfadeRepository;
import dev.crossfade.runtime.repository.ShardRefusedException;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server's Crossfade: its shards, its release (from the generated plan), the phase cache, and
 * the heartbeat that registers it in every shard's fleet registry. Repositories come from here.
 *
 * <pre>{@code
 * try (Crossfade crossfade = Crossfade.builder()
 *     .shards(Shards.of(Shard.of("eu-1", euUrl), Shard.of("us-1", usUrl)))
 *     .serverId("app-7")
 *     .start()) {
 *   HostRepository hosts = crossfade.repository(HostRepository.class, "eu-1");
 *   hosts.save(host);
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} refuses a shard that is ahead of the code (a later release is contracting or
 * contracted there): such a server must not run. A shard the code cannot write (its
 * {@code min_writer_release} is higher) still serves reads.
 */
public final class Crossfade implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Crossfade.class);

  private final Shards shards;
  private final GeneratedPlan plan;
  private final String serverId;
  private final FleetRegistry fleet;
  private final PhaseCache phases;
  /** This process's registration: the fencing check of every write names it. */
  private final String token = UUID.randomUUID().toString();
  private final Map<Object, Object> stores = new ConcurrentHashMap<>();
  private final Map<String, Object> repositories = new ConcurrentHashMap<>();
  private Heartbeat heartbeat;
  /** The binding repositories ask: this thread's {@link #inTransaction}, else the user's binding. */
  private final TransactionBinding transactions;
  /** The binding given to the builder (Spring's, or {@link TransactionBinding#NONE}). */
  private final TransactionBinding userTransactions;
  /** This thread's open {@link #inTransaction} transactions, by the shard's data source. */
  private final ThreadLocal<Map<javax.sql.DataSource, ShardTransaction>> open = new ThreadLocal<>();

  private final CrossfadeEvents events;

  private Crossfade(Builder b) {
    this.events = b.events;
    this.userTransactions = b.transactions;
    this.transactions = new TransactionBinding() {
      @Override
      public java.sql.Connection current(javax.sql.DataSource dataSource) throws java.sql.SQLException {
        ShardTransaction own = own(dataSource);
        return own != null ? own.connection() : userTransactions.current(dataSource);
      }

      @Override
      public void release(java.sql.Connection connection, javax.sql.DataSource dataSource) {
        ShardTransaction own = own(dataSource);
        if (own == null || own.connection() != connection) {
          userTransactions.release(connection, dataSource);
        }
      }
    };
    this.shards = b.shards;
    this.plan = GeneratedPlan.load(b.classLoader);
    this.phases = new PhaseCache(plan.model().releases());
    this.serverId = b.serverId;
    this.fleet = new FleetRegistry(b.lease);
  }

  /** A builder for one server: its shards, server id and options; {@code start()} registers it on every shard. */
  public static Builder builder() {
    return new Builder();
  }

  /** How to start a server's Crossfade. */
  public static final class Builder {
    private Shards shards;
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    private String serverId;
    private Duration lease = Duration.ofSeconds(30);
    private Duration heartbeat;
    private java.util.function.LongSupplier ticker = System::nanoTime;
    private TransactionBinding transactions = TransactionBinding.NONE;
    private CrossfadeEvents events = CrossfadeEvents.NONE;

    /** The shards this server serves. */
    public Builder shards(Shards shards) {
      this.shards = shards;
      return this;
    }

    /** The shards this server serves. */
    public Builder shards(Shard... shards) {
      return shards(Shards.of(shards));
    }

    /** Where the generated plan and repositories are: the application's class loader (default: the context's). */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    /** The id under which this server registers (default: host name, process id and a random suffix). */
    public Builder serverId(String id) {
      this.serverId = id;
      return this;
    }

    /** How long a registration lasts without a beat (default 30 s). */
    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    /** How often to refresh the phases and beat (default a third of the lease). */
    public Builder heartbeat(Duration interval) {
      this.heartbeat = interval;
      return this;
    }

    /**
     * How repositories find a transaction the caller already holds (default: none besides
     * {@code inTransaction}); the Spring Boot starter passes Spring's.
     */
    public Builder transactions(TransactionBinding binding) {
      this.transactions = Objects.requireNonNull(binding, "binding");
      return this;
    }

    /** Who hears of every repository call's outcome and stale-phase retry (default: nobody); for metrics. */
    public Builder events(CrossfadeEvents events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** The server's monotonic clock for its own lease decisions (tests inject a skewed one). */
    Builder ticker(java.util.function.LongSupplier nanos) {
      this.ticker = nanos;
      return this;
    }

    /**
     * Reads every shard's phases, refuses the start if a shard is ahead of the code, then registers the
     * server and starts beating.
     *
     * @throws ShardRefusedException naming the shard, both releases and the remedy
     */
    public Crossfade start() {
      Objects.requireNonNull(shards, "shards");
      if (serverId == null) {
        serverId = defaultServerId();
      }
      checkServerId(serverId);
      Crossfade c = new Crossfade(this);
      for (Shard shard : shards.all()) {
        ShardRefusedException refused = c.refusal(shard, c.phases.refresh(shard), false);
        if (refused != null && refused.shardRelease() != null) {
          throw refused;
        }
      }
      Duration interval = heartbeat != null ? heartbeat : lease.dividedBy(3);
      c.heartbeat = Heartbeat.start(c.fleet, shards.all(), serverId, c.token, c.release(), interval,
          shard -> c.phases.refresh(shard).stateVersion(), ticker);
      LOG.info("{} started at release {} on shards {}", serverId, c.release(), shards.all());
      return c;
    }
  }

  /** The characters a server id may have: those that compare without letter case alike in Java and every database. */
  private static final java.util.regex.Pattern SERVER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:@+-]+");

  /**
   * Refuses, before anything is registered, an id the fleet registry cannot hold or compare: blank, longer than
   * its 128 characters, or with other characters than ASCII letters, digits and {@code _ . : @ + -}. Ids are
   * compared without letter case (MariaDB's registry column does so), and outside ASCII Java's and each
   * database's case rules differ ({@code ß}, the Turkish dotless i), a MariaDB table in latin1 cannot store
   * them, and quotes, semicolons or control characters in an id only ever come from a mistake or an attack.
   */
  static void checkServerId(String id) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("a server id must not be blank; give each server its own id");
    }
    int length = id.codePointCount(0, id.length());
    if (length > StateStore.SERVER_ID_LENGTH) {
      throw new IllegalArgumentException("server id " + StateStore.quote(id) + " has " + length
          + " characters but the fleet registry holds at most " + StateStore.SERVER_ID_LENGTH
          + "; give this server a shorter id");
    }
    if (!SERVER_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("server id " + StateStore.quote(id) + " is not valid; use 1 to "
          + StateStore.SERVER_ID_LENGTH + " ASCII letters, digits, '_', '.', ':', '@', '+' or '-' (ids are compared"
          + " without letter case, which only ASCII does alike everywhere); give this server such an id");
    }
  }

  private static String defaultServerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "server";
    }
    // A host name is ASCII by rule, but a misconfigured one may not be; the id only needs to be unique and legible.
    host = host.replaceAll("[^A-Za-z0-9_.:@+-]", "-");
    if (host.length() > 80) {
      host = host.substring(0, 80);
    }
    return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * How repositories join a caller's transaction (see {@link TransactionBinding}): a transaction this thread
   * opened with {@link #inTransaction} on the shard's data source, else the binding given to
   * {@link Builder#transactions} (for example Spring's).
   */
  public TransactionBinding transactions() {
    return transactions;
  }

  /** Who hears of repository calls (see {@link CrossfadeEvents}). */
  public CrossfadeEvents events() {
    return events;
  }

  /**
   * How long ago this server's last successful heartbeat on the shard was sent: its lease there holds while this
   * is below the lease ({@link FleetRegistry#lease()}). Null when no beat has succeeded there (or before start).
   */
  public Duration sinceLastHeartbeat(Shard shard) {
    return heartbeat == null ? null : heartbeat.sinceLastSuccess(shard);
  }

  /** What {@link #inTransaction} runs: a unit of work that may use plain JDBC on the transaction's connection. */
  @FunctionalInterface
  public interface TransactionWork<T> {
    /** Does the work on {@code tx}; its result is {@code inTransaction}'s, an exception rolls back. */
    T run(ShardTransaction tx) throws java.sql.SQLException;
  }

  /** What {@link #runInTransaction} runs. */
  @FunctionalInterface
  public interface TransactionRunnable {
    /** Does the work on {@code tx}; an exception rolls back. */
    void run(ShardTransaction tx) throws java.sql.SQLException;
  }

  /**
   * Runs {@code work} as one transaction on one shard: every repository call of this shard on this thread
   * (and plain JDBC on {@link ShardTransaction#connection()}) runs on one connection, committed when
   * {@code work} returns and rolled back when it throws. Each repository write inside it ends with the fencing
   * check on that connection, whose lock on the shard's state row lasts until this commit, so no migrator
   * state change commits in between (docs/runtime.md).
   *
   * <p>A call inside a transaction this thread already holds on the shard — an outer {@code inTransaction}, or
   * one of the builder's {@link TransactionBinding} such as Spring's {@code @Transactional} — joins it: it
   * neither commits nor rolls back, the outer transaction does.
   *
   * <p>When the migrator moves the shard to a new phase during the transaction, a repository call throws
   * {@link dev.crossfade.runtime.repository.StalePhaseException} (retryable); the transaction is rolled back,
   * and running {@code inTransaction} again plans every statement under the new phases.
   *
   * @throws dev.crossfade.runtime.repository.RepositoryException when the database fails to begin or commit,
   *     or {@code work} throws an {@link java.sql.SQLException}
   */
  public <T> T inTransaction(String shard, TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    Shard s = shards.get(shard);
    javax.sql.DataSource ds = s.dataSource();
    ShardTransaction own = own(ds);
    if (own != null) {
      return runWork(s, work, new ShardTransaction(this, s, own.connection(), true));
    }
    java.sql.Connection outer;
    try {
      outer = userTransactions.current(ds);
    } catch (java.sql.SQLException e) {
      throw failure(s, "could not get the connection of the caller's transaction", e);
    }
    if (outer != null) {
      try {
        return runWork(s, work, new ShardTransaction(this, s, outer, true));
      } finally {
        userTransactions.release(outer, ds);
      }
    }
    return ownTransaction(s, ds, work);
  }

  /** This thread's own open transaction on the data source, or null. */
  private ShardTransaction own(javax.sql.DataSource dataSource) {
    Map<javax.sql.DataSource, ShardTransaction> mine = open.get();
    return mine == null ? null : mine.get(dataSource);
  }

  /** {@link #inTransaction(String, TransactionWork)} for work without a result. */
  public void runInTransaction(String shard, TransactionRunnable work) {
    Objects.requireNonNull(work, "work");
    inTransaction(shard, tx -> {
      work.run(tx);
      return null;
    });
  }

  private <T> T ownTransaction(Shard s, javax.sql.DataSource ds, TransactionWork<T> work) {
    java.sql.Connection c;
    boolean auto;
    try {
      c = ds.getConnection();
    } catch (java.sql.SQLException e) {
      throw failure(s, "could not open a connection for the transaction", e);
    }
    try {
      auto = c.getAutoCommit();
      c.setAutoCommit(false);
    } catch (java.sql.SQLException e) {
      closeQuietly(c, e);
      throw failure(s, "could not begin the transaction", e);
    }
    ShardTransaction tx = new ShardTransaction(this, s, c, false);
    Map<javax.sql.DataSource, ShardTransaction> mine = open.get();
    if (mine == null) {
      mine = new java.util.IdentityHashMap<>();
      open.set(mine);
    }
    mine.put(ds, tx);
    try {
      T result;
      try {
        result = runWork(s, work, tx);
      } catch (RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (java.sql.SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
      try {
        c.commit();
      } catch (java.sql.SQLException e) {
        try {
          c.rollback();
        } catch (java.sql.SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw failure(s, "the transaction's COMMIT failed, so nothing of it was written", e);
      }
      return result;
    } finally {
      mine.remove(ds);
      if (mine.isEmpty()) {
        open.remove();
      }
      try {
        c.setAutoCommit(auto);
      } catch (java.sql.SQLException broken) {
        // The connection is broken; closing it is all that is left.
      }
      closeQuietly(c, null);
    }
  }

  private <T> T runWork(Shard s, TransactionWork<T> work, ShardTransaction tx) {
    try {
      return work.run(tx);
    } catch (java.sql.SQLException e) {
      throw failure(s, "a statement of the transaction failed", e);
    }
  }

  private dev.crossfade.runtime.repository.RepositoryException failure(Shard s, String what,
      java.sql.SQLException e) {
    return new dev.crossfade.runtime.repository.RepositoryException(s.name(), "transaction on shard " + s.name()
        + " (release " + release() + "): " + what + ": " + e.getMessage(),
        dev.crossfade.runtime.internal.SqlErrors.retryable(s.dialect(), e), e);
  }

  private static void closeQuietly(java.sql.Connection c, Exception into) {
    try {
      c.close();
    } catch (java.sql.SQLException e) {
      if (into != null) {
        into.addSuppressed(e);
      }
    }
  }

  /** The code's release: the release of the domain the processor compiled. */
  public Version release() {
    return plan.model().release();
  }

  /**
   * The schema model of the application's release, from its generated registry (for tooling; the model's types are not
   * API).
   */
  public SchemaModel model() {
    return plan.model();
  }

  /** What the processor generated for the application: the model and the reviewed scripts. */
  public GeneratedPlan plan() {
    return plan;
  }

  /** This server's id in the fleet registry of each shard. */
  public String serverId() {
    return serverId;
  }

  /** The shards this server serves. */
  public Shards shards() {
    return shards;
  }

  /** The phases this server last read for each shard; for the repositories and for monitoring. */
  public PhaseCache phases() {
    return phases;
  }

  /** How long this server's registration lasts on a shard without a beat: its writes stop there after that. */
  public java.time.Duration lease() {
    return fleet.lease();
  }

  FleetRegistry fleet() {
    return fleet;
  }

  /** The heartbeat, once started (tests watch its beats). */
  Heartbeat heartbeat() {
    return heartbeat;
  }

  /** This process's registration token (tests beat as this server, by hand). */
  String token() {
    return token;
  }

  /**
   * Why this code cannot serve the shard in this state (or, for a write, write to it), or null when it can.
   * Refused: a later release contracting or contracted (nothing the code knows is left), a shard with no
   * schema, and for writes a {@code min_writer_release} above the code's release or a lease that ran out.
   */
  public ShardRefusedException refusal(Shard shard, ShardState state, boolean write) {
    Version code = release();
    // The latest release that is dropping or dropped an older layout: the release to upgrade to, and to name.
    Map.Entry<Version, ShardState.ReleaseState> ahead = null;
    for (Map.Entry<Version, ShardState.ReleaseState> r : state.releases().entrySet()) {
      if (r.getKey().isAfter(code) && r.getValue().phase().atLeast(Phase.CONTRACTING)) {
        ahead = r;
      }
    }
    if (ahead != null) {
      boolean unknown = !model().releases().contains(ahead.getKey());
      return new ShardRefusedException(shard.name(), code, ahead.getKey(), "release " + ahead.getKey() + " is "
          + ahead.getValue().phase() + " there" + (unknown ? " (a release this code does not know)" : "")
          + ", so the layout release " + code + " knows is being dropped",
          "upgrade this server to release " + ahead.getKey() + " or later");
    }
    Version baseline = model().baseline();
    Optional<Version> behind = Migrator.behindBaseline(state, baseline);
    if (behind.isPresent()) {
      return new ShardRefusedException(shard.name(), code, behind.get(), Migrator.behindBaselineReason(behind.get(),
          baseline), Migrator.behindBaselineRemedy(behind.get(), baseline));
    }
    if (!state.phase(baseline).atLeast(Phase.EXPANDED)) {
      return new ShardRefusedException(shard.name(), code, null, "the shard has no schema yet (release " + baseline
          + " is " + state.phase(baseline) + ")", "run the migrator: expand --release " + baseline + " --shard "
          + shard.name() + "=<url>");
    }
    if (write && state.minWriterRelease() != null && state.minWriterRelease().isAfter(code)) {
      return new ShardRefusedException(shard.name(), code, state.minWriterRelease(), "only release "
          + state.minWriterRelease() + " or later may write while its backfill and contract run",
          "send writes to a server of release " + state.minWriterRelease() + " or later; reads still work here");
    }
    return write ? leaseRefusal(shard) : null;
  }

  /**
   * Reads the shard's phases again like {@link PhaseCache#refresh}, but waiting at most as long as one heartbeat
   * may (connect, network and query timeouts), so a caller never hangs on a shard whose network froze.
   *
   * @throws ShardUnavailableException when the shard did not answer in time
   */
  public ShardState refreshWithinTimeout(Shard shard) {
    return phases.refresh(BoundedDataSource.bound(shard, Heartbeat.timeoutFor(fleet.lease())));
  }

  /** Why this server may not write to the shard now because its lease there ran out by its own clock, or null. */
  private ShardRefusedException leaseRefusal(Shard shard) {
    if (heartbeat == null) {
      return null;
    }
    Duration since = heartbeat.sinceLastSuccess(shard);
    if (since == null || since.compareTo(fleet.lease()) > 0) {
      return new ShardRefusedException(shard.name(), release(), null, "this server's lease there ran out ("
          + (since == null ? "no heartbeat has succeeded yet" : "last heartbeat " + since.toSeconds() + " s ago")
          + "), so the migrator may already count it as gone", "writes resume after the next successful heartbeat;"
          + " check the connection to the shard");
    }
    return null;
  }

  /**
   * The fencing check a repository runs on its own connection as the last statement of a write transaction,
   * just before {@code COMMIT}: null when the write may commit, else why not (then roll back). A write may
   * commit while the shard's state version is still {@code plannedStateVersion} (the state whose layout the
   * write used) and this server's registration there is live by the database's clock. See
   * {@link FleetRegistry#fence} for why no write can commit after a migrator's gate has changed the state.
   */
  public String fence(Shard shard, java.sql.Connection connection, long plannedStateVersion) {
    return FleetRegistry.fence(connection, shard, serverId, token, plannedStateVersion);
  }

  /** The store of one entity: generated repositories share it across shards. */
  @SuppressWarnings("unchecked")
  public <T> T store(Object key, java.util.function.Supplier<T> create) {
    return (T) stores.computeIfAbsent(key, k -> create.get());
  }

  /**
   * The generated repository for a repository interface or an entity, on one shard. For an interface
   * {@code HostRepository} it is {@code HostRepository_Impl}; for an entity {@code Host},
   * {@code Host_Repository}. Instances are cached per shard.
   */
  @SuppressWarnings("unchecked")
  public <R> R repository(Class<R> type, String shard) {
    Shard s = shards.get(shard);
    return (R) repositories.computeIfAbsent(type.getName() + "@" + shard, k -> create(type, s));
  }

  /** The generated repository of an entity class, typed by the entity. */
  @SuppressWarnings("unchecked")
  public <E> CrossfadeRepository<E, Object> repositoryOf(Class<E> entity, String shard) {
    return (CrossfadeRepository<E, Object>) repository(entity, shard);
  }

  /** A new repository from the compilation's generated registry: a typed {@code new}, no class lookup by name. */
  private Object create(Class<?> type, Shard shard) {
    String name = generatedName(type, type.isInterface() ? "_Impl" : "_Repository");
    CrossfadeRegistry registry = plan.registry().orElseThrow(() -> new IllegalStateException("no generated"
        + " CrossfadeRegistry on the class path of release " + release() + ", so there are no repositories; build"
        + " the application with crossfade-runtime on its compile class path and the Crossfade processor"));
    Object repository = registry.repository(type, this, shard);
    if (repository == null) {
      throw new IllegalArgumentException("no generated repository " + name + " for " + type.getName()
          + (type.isInterface() ? "; annotate the interface with @dev.crossfade.Repository and extend CrossfadeRepository"
              : "; annotate the entity with @Table") + ", and build it in one compilation with the entities of "
          + registry.getClass().getName() + " and the Crossfade processor");
    }
    if (type.isInterface() && !type.isInstance(repository)) {
      throw new IllegalArgumentException(type.getName() + " comes from class loader " + type.getClassLoader()
          + " but this server's code (release " + release() + ") from " + registry.getClass().getClassLoader()
          + "; ask the server for the repository types of its own release");
    }
    return repository;
  }

  /** {@code pkg.Outer_Inner<suffix>}: where the processor writes the repository of a (nested) type. */
  static String generatedName(Class<?> type, String suffix) {
    List<String> names = new ArrayList<>();
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      names.add(0, c.getSimpleName());
    }
    String pkg = type.getPackageName();
    return (pkg.isEmpty() ? "" : pkg + ".") + String.join("_", names) + suffix;
  }

  /** Stops beating and leaves every shard's fleet registry. */
  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
  }
}
