package dev.crossfade.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crossfade.Converter;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.processor.RandomHistories;
import dev.crossfade.processor.TestDatabases;
import dev.crossfade.runtime.CrossfadeRegistry;
import dev.crossfade.runtime.GeneratedPlan;
import dev.crossfade.runtime.Migrator;
import dev.crossfade.runtime.MigratorOptions;
import dev.crossfade.runtime.Shard;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Placement;
import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The plan is what runs (issue 13 item 2), over the sample domain (release 2.0), the three-release device domain,
 * the note domain (a table rename, issue 17)
 * and {@value #SEEDS} seeds of random domains ({@link RandomHistories}: random entities, types, renames, moves
 * across tables, converters, added and deprecated fields and tables, over one or more releases). For every entity
 * and every phase combination a shard passes through (earlier releases contracted, one release in each phase,
 * later ones pending), on each dialect:
 * <ol>
 *   <li>the statements the repositories compile ({@link EntityLayout}) read exactly the columns the
 *       {@link Placement} names, field by field with the same converters, and a save binds each datum's value to
 *       exactly the columns of the placement's writes (and the keys of the rows it upserts), through the
 *       placement's converters; a delete deletes and clears what the placement says;
 *   <li>every one of those statements prepares on a real shard the migrator brought to that phase (PostgreSQL
 *       and MariaDB describe it on the server, H2 parses it), so a statement naming a column the shard does not
 *       have fails; a statement compiled for MIGRATING must prepare on the expanded shard, one for CONTRACTING on
 *       the migrated shard and on the contracted one (every domain on H2, every third random one on PostgreSQL and
 *       MariaDB, where a shard walk costs one to two seconds; the others are checked as in 1);
 *   <li>every cell of each generated {@code plan.md}'s who-reads-writes table says what those statements do: the
 *       column read (and its converters), the columns written, or that nothing is.
 * </ol>
 * A failure names the domain: for a random one its seed, {@code RandomHistories.compile(seed)} reproduces it.
 */
class PlanIsWhatRunsTest {
  static final long FIRST_SEED = 20_261_203L;
  static final int SEEDS = 24;

  private static final Pattern ALIAS = Pattern.compile("\"(\\w+)\" (?:as )?\"(t\\d+)\"");
  private static final Pattern QUALIFIED = Pattern.compile("\"(t\\d+)\"\\.\"(\\w+)\"");
  private static final Pattern INSERT = Pattern.compile("^insert (?:ignore )?into \"(\\w+)\" \\(([^)]*)\\) values ");
  private static final Pattern MERGE = Pattern.compile("^merge into \"(\\w+)\" using \\(select (.*?)\\) \"t\" on ");
  private static final Pattern MERGE_COLUMN = Pattern.compile("cast\\(\\? as .*?\\) \"(\\w+)\"");
  private static final Pattern UPDATE = Pattern.compile("^update \"(\\w+)\" set (.*) where \"(\\w+)\" = \\?$");
  private static final Pattern SET_COLUMN = Pattern.compile("\"(\\w+)\" = ");
  private static final Pattern DELETE = Pattern.compile("^delete from \"(\\w+)\" where \"(\\w+)\" = \\?$");
  private static final Pattern DELETE_COMPOSITE = Pattern.compile("^delete from \"(\\w+)\" where \\((.*)\\)$");
  private static final Pattern KEY_PART = Pattern.compile("\"(\\w+)\" = \\?");

  /** A domain under test: what to call it in a failure, its compilation, and its sources for a random one. */
  record Domain(String name, CompiledDomain compiled, String sources) {
    @Override
    public String toString() {
      return name;
    }

    SchemaModel model() {
      return compiled.model();
    }
  }

  private static List<Domain> domains;

  static synchronized List<Domain> domains() {
    if (domains == null) {
      List<Domain> out = new ArrayList<>();
      out.add(new Domain("the sample 2.0", CompiledDomain.shared(CompiledDomain.RELEASE_2_0), ""));
      out.add(new Domain("the devices 3.0", CompiledDomain.compile(
          Path.of("src", "test", "resources", "domains", "device", "r3.0")), ""));
      out.add(new Domain("the crm 2.0 (composite keys, 1:N extraction)", CompiledDomain.compile(
          Path.of("src", "test", "resources", "domains", "crm", "r2.0")), ""));
      out.add(new Domain("the notes 2.0 (a table rename)", CompiledDomain.compile(
          Path.of("src", "test", "resources", "domains", "note", "r2.0")), ""));
      for (RandomHistories.Compiled c : RandomHistories.compile(FIRST_SEED, SEEDS)) {
        out.add(new Domain(c.toString() + " (RandomHistories.compile(" + c.seed() + "L))", c.domain(), c.sources()));
      }
      domains = List.copyOf(out);
    }
    return domains;
  }

  /** The states a shard passes through: releases in order, each in every phase, earlier ones contracted. */
  static List<Map<Version, Phase>> states(SchemaModel model) {
    List<Map<Version, Phase>> out = new ArrayList<>();
    for (Version r : model.releases()) {
      if (r.equals(model.baseline())) {
        continue;
      }
      for (Phase p : Phase.values()) {
        out.add(state(model, r, p));
      }
    }
    if (out.isEmpty()) {
      out.add(state(model, model.baseline(), Phase.CONTRACTED));
    }
    return out;
  }

  static Map<Version, Phase> state(SchemaModel model, Version release, Phase phase) {
    Map<Version, Phase> state = new TreeMap<>();
    for (Version v : model.releases()) {
      state.put(v, v.isBefore(release) ? Phase.CONTRACTED : v.equals(release) ? phase : Phase.PENDING);
    }
    return state;
  }

  @Test
  void theRandomDomainsCoverTheRefactoringsTheProofIsAbout() {
    // The proof is only as good as what the domains exercise: renames, moves across tables, converters,
    // added and deprecated columns and tables, several releases.
    int renames = 0;
    int splits = 0;
    int converted = 0;
    int tableRenames = 0;
    int multiRelease = 0;
    for (Domain d : domains()) {
      if (d.sources().isEmpty()) {
        continue;
      }
      SchemaModel m = d.model();
      multiRelease += m.releases().size() > 1 ? 1 : 0;
      tableRenames += (int) m.entities().stream().filter(e -> m.renamedTo(e).isPresent()).count();
      for (Version r : m.releases()) {
        for (SchemaModel.Move move : m.movesIn(r)) {
          renames += move.sameTable() ? 1 : 0;
          splits += move.sameTable() ? 0 : 1;
          converted += move.converter() != null ? 1 : 0;
        }
      }
    }
    int random = (int) domains().stream().filter(d -> !d.sources().isEmpty()).count();
    assertTrue(random >= SEEDS / 3, "too few random domains compiled: " + random + " of " + SEEDS);
    assertTrue(multiRelease >= random / 2, "too few random domains span releases: " + multiRelease);
    assertTrue(renames >= 3 && splits >= 1 && converted >= 1 && tableRenames >= 1,
        "renames " + renames + ", moves across tables " + splits + ", converted moves " + converted
            + ", table renames " + tableRenames);
  }

  @ParameterizedTest(name = "on {0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void theCompiledStatementsTouchExactlyThePlacementsColumnsAndPrepareOnARealShard(Dialect dialect)
      throws Exception {
    try (TestDatabases.Fresh probe = TestDatabases.create(dialect); Connection c = connect(probe)) {
      // The check below must be able to fail: a statement naming a missing column does not prepare.
      c.createStatement().execute("CREATE TABLE probe_t (id INT PRIMARY KEY)");
      assertThrows(SQLException.class, () -> prepare(c, dialect, "SELECT missing_column FROM probe_t WHERE id = ?"),
          "preparing must reach the database's parser");
      prepare(c, dialect, "SELECT id FROM probe_t WHERE id = ?");
    }
    int layouts = 0;
    List<Domain> all = domains();
    for (int i = 0; i < all.size(); i++) {
      // A shard walk costs about two seconds on PostgreSQL and one on MariaDB (a database, then each verb):
      // there every third random domain walks a shard, the rest and the fixed domains (whose statements the
      // repository matrix tests run on real shards) are checked against their placement only. H2 walks them all.
      boolean walk = dialect == Dialect.H2 || !all.get(i).sources().isEmpty() && i % 3 == 0;
      layouts += walk ? check(all.get(i), dialect) : checkPlacement(all.get(i), dialect);
    }
    assertTrue(layouts > 100, "checked " + layouts + " layouts");
  }

  @ParameterizedTest(name = "on {0}")
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void everyCellOfPlanMdSaysWhatTheStatementsDo(Dialect dialect) {
    int cells = 0;
    for (Domain domain : domains()) {
      cells += planCells(domain, dialect);
    }
    assertTrue(cells > 100, "checked " + cells + " cells");
  }

  // ---------------------------------------------------------------------------------------------------------
  // 1 and 2: statements against the placement, and against a shard the migrator brought to the phase

  /** Walks the domain's releases on a fresh shard; returns the number of layouts checked. */
  private static int check(Domain domain, Dialect dialect) throws Exception {
    SchemaModel model = domain.model();
    Function<String, Converter<Object, Object>> converters = converters(domain.compiled().classLoader());
    int checked = 0;
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); Connection c = connect(db)) {
      Shard shard = Shard.of("plan-" + dialect.folder(), db.url());
      Migrator migrator = new Migrator(GeneratedPlan.load(domain.compiled().classLoader()), MigratorOptions.defaults());
      try {
        migrator.expand(shard, model.baseline());
        checked += checkAt(domain, dialect, c, converters, state(model, model.baseline(), Phase.CONTRACTED));
        for (Version r : model.releases()) {
          if (!r.isBefore(model.baseline()) && !r.equals(model.baseline())) {
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.PENDING));
            migrator.expand(shard, r);
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.EXPANDED));
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.MIGRATING));
            migrator.migrate(shard, r);
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.MIGRATED));
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.CONTRACTING));
            migrator.contract(shard, r);
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.CONTRACTING));
            checked += checkAt(domain, dialect, c, converters, state(model, r, Phase.CONTRACTED));
          }
        }
      } catch (RuntimeException | SQLException | AssertionError e) {
        throw new AssertionError(domain + " on " + dialect + ": " + e.getMessage() + "\n" + domain.sources()
            + "\n" + scripts(domain, dialect), e);
      }
    }
    return checked;
  }

  /** Every state's layouts against their placement, with no database. */
  private static int checkPlacement(Domain domain, Dialect dialect) throws SQLException {
    Function<String, Converter<Object, Object>> converters = converters(domain.compiled().classLoader());
    int checked = 0;
    for (Map<Version, Phase> state : states(domain.model())) {
      checked += checkAt(domain, dialect, null, converters, state);
    }
    return checked;
  }

  /** The domain's expand scripts for the dialect, for a failure message. */
  private static String scripts(Domain domain, Dialect dialect) {
    StringBuilder b = new StringBuilder();
    domain.compiled().resources().forEach((path, text) -> {
      if (path.startsWith("META-INF/crossfade/" + dialect.folder() + "/") && path.endsWith("expand.sql")) {
        b.append("--- ").append(path).append('\n').append(text);
      }
    });
    return b.toString();
  }

  /** Every entity's layout at {@code state}: against its placement, then prepared on the shard as it is now. */
  private static int checkAt(Domain domain, Dialect dialect, Connection c,
      Function<String, Converter<Object, Object>> converters, Map<Version, Phase> state) throws SQLException {
    int checked = 0;
    SchemaModel model = domain.model();
    for (EntityDef entity : model.entities()) {
      String where = domain + ": " + entity.simpleName() + " at " + state + " on " + dialect;
      Placement placement = Placement.of(model, entity, v -> state.getOrDefault(v, Phase.PENDING));
      EntityLayout layout = new EntityLayout(model, entity, dialect, EntityStore.dsl(dialect), state, converters);
      assertEquals(placement.absent(), layout.absent, where);
      assertEquals(placement.unwritable(), layout.unwritable, where);
      if (placement.absent() != null) {
        continue;
      }
      Statements s = Statements.of(layout);
      for (int i = 0; i < placement.fields().size(); i++) {
        Placement.FieldPlacement f = placement.fields().get(i);
        String field = where + ", field " + f.field().name();
        assertEquals(expectedRead(f.read()), s.read(i), field + ": where a read comes from");
        if (placement.unwritable() == null && !f.field().id()) {
          assertEquals(expectedWrites(placement.datums().get(f.datum())), s.writes(i),
              field + ": where a save writes it");
        }
      }
      if (placement.unwritable() == null) {
        assertEquals(expectedKeys(placement), s.keyColumns(), where + ": the keys a save binds");
        assertEquals(expectedDeletes(placement), deleted(layout.delete), where + ": what a delete touches");
        assertEquals(expectedExtracted(placement), extracted(layout), where + ": the writes of 1:N extractions");
      } else {
        assertEquals(List.of(), layout.save, where + ": nothing is saved");
      }
      for (Stmt st : c == null ? List.<Stmt>of() : statements(layout)) {
        try {
          prepare(c, dialect, st.sql());
        } catch (SQLException e) {
          fail(where + ": does not prepare on the shard (" + e.getMessage() + "): " + st.sql());
        }
      }
      checked++;
    }
    return checked;
  }

  /** Every statement the layout compiled: the reads, the save and the delete. */
  private static List<Stmt> statements(EntityLayout layout) {
    List<Stmt> out = new ArrayList<>(List.of(layout.selectById, layout.selectAll, layout.selectPage, layout.count,
        layout.existsById));
    out.addAll(layout.save);
    out.addAll(layout.delete);
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      out.add(x.set());
      out.add(x.clear());
    }
    return out;
  }

  /**
   * What the placement says the extractions write: on the child, the parent's column a row of that key sets (and
   * clears on delete); on the parent, the child row its field upserts (and deletes when NULL).
   */
  private static List<String> expectedExtracted(Placement p) {
    List<String> out = new ArrayList<>();
    for (Placement.Extracted x : p.extracted()) {
      if (x.move().target().table().equals(p.entity().table())) {
        if (x.columnWritten()) {
          out.add("row " + x.move().key() + ": set " + x.column() + " by " + x.move().source().id().column()
              + ", clear " + x.column());
        }
      } else if (x.rowWritten()) {
        out.add("field " + x.move().field().name() + ": upsert " + x.target() + " keyed "
            + x.parentKey().column() + "," + x.rowKey().column() + ", delete " + x.move().target().table());
      }
    }
    return out;
  }

  /** The same, read from the SQL of the layout's extraction statements. */
  private static List<String> extracted(EntityLayout layout) {
    List<String> out = new ArrayList<>();
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      if (x.child()) {
        Matcher set = UPDATE.matcher(normal(x.set().sql()));
        Matcher clear = UPDATE.matcher(normal(x.clear().sql()));
        assertTrue(set.find() && clear.find(), x.set().sql() + " / " + x.clear().sql());
        Matcher cleared = SET_COLUMN.matcher(clear.group(2));
        assertTrue(cleared.find());
        out.add("row " + x.rowKey() + ": set " + parameterColumns(x.set().sql()).get(0) + " by " + set.group(3)
            + ", clear " + clear.group(1) + "." + cleared.group(1));
      } else {
        List<String> columns = parameterColumns(x.set().sql());
        String table = columns.get(0).substring(0, columns.get(0).indexOf('.'));
        String delete = normal(x.clear().sql());
        assertTrue(delete.startsWith("delete from \"" + table + "\""), delete);
        out.add("field " + layout.entity.fields().get(x.valueIndex()).name() + ": upsert " + columns.get(2)
            + " keyed " + columns.get(0).substring(table.length() + 1) + "," + columns.get(1).substring(table.length() + 1)
            + ", delete " + table);
      }
    }
    return out;
  }

  private static String expectedRead(Placement.Read r) {
    return r.isDefault() ? "default" : r.column() + via(r.steps().stream().map(PlanIsWhatRunsTest::name).toList());
  }

  private static List<String> expectedWrites(Placement.Datum d) {
    return d.writes().stream()
        .map(w -> w.column() + via(w.steps().stream().map(PlanIsWhatRunsTest::name).toList())).toList();
  }

  private static Set<String> expectedKeys(Placement p) {
    Set<String> out = new TreeSet<>();
    if (p.ownRow()) {
      for (String key : p.entity().keyColumns()) {
        out.add(p.entity().table() + "." + key);
      }
    }
    for (Placement.Datum d : p.datums()) {
      for (Placement.Write w : d.writes()) {
        if (w.role() != Placement.Role.OWN) {
          out.add(w.column().table() + "." + w.column().entity().id().column());
        }
      }
    }
    return out;
  }

  private static List<String> expectedDeletes(Placement p) {
    List<String> out = new ArrayList<>();
    for (Placement.Delete d : p.deletes()) {
      if (d.clear() == null) {
        out.add("delete " + d.table().table() + " by " + String.join(",", d.keyColumns()));
      } else {
        out.add("clear " + d.clear().stream().map(Placement.Column::toString).toList() + " by " + d.keyColumn());
      }
    }
    return out;
  }

  private static String name(Placement.Step s) {
    return s.converter().substring(s.converter().lastIndexOf('.') + 1) + (s.toNew() ? ".toNew" : ".toOld");
  }

  private static String name(EntityLayout.Conversion c) {
    return c.converter().getClass().getSimpleName() + (c.toNew() ? ".toNew" : ".toOld");
  }

  private static String via(List<String> steps) {
    return steps.isEmpty() ? "" : " via " + String.join(" then ", steps);
  }

  /**
   * What a layout's statements do, read from their SQL and their binds: the column behind each select item, and
   * for each save parameter the column it fills and the write value it binds.
   */
  record Statements(EntityLayout layout, List<String> selected, Map<Integer, Set<String>> slotColumns) {
    static Statements of(EntityLayout layout) {
      String merged = layout.mergedFrom.isEmpty() ? null : layout.entity.table();
      List<String> byId = selectList(layout.selectById.sql(), merged);
      assertEquals(byId, selectList(layout.selectAll.sql(), merged), "findAll reads what findById reads");
      assertEquals(byId, selectList(layout.selectPage.sql(), merged), "findAll(page) reads what findById reads");
      for (Placement.Extracted x : layout.mergedFrom) {
        assertTrue(normal(layout.selectById.sql()).contains("\"p\".\"" + x.column().column() + "\""),
            "the merged rows read " + x.column() + ": " + layout.selectById.sql());
      }
      Map<Integer, Set<String>> slots = new TreeMap<>();
      Object[] markers = new Object[layout.slotCount];
      for (int i = 0; i < markers.length; i++) {
        markers[i] = i;
      }
      if (layout.entity.composite()) {
        // A composite key is one write value, the list of its components: each component's bind reads its part.
        List<Object> parts = new ArrayList<>();
        layout.entity.ids().forEach(f -> parts.add(layout.slotCount - 1));
        markers[layout.slotCount - 1] = parts;
      }
      for (Stmt st : layout.save) {
        List<String> columns = parameterColumns(st.sql());
        assertEquals(columns.size(), st.binds().size(), "a column for each parameter of " + st.sql());
        for (int p = 0; p < columns.size(); p++) {
          Object slot = st.binds().get(p).source().get(markers, new Object[0]);
          slots.computeIfAbsent((Integer) slot, k -> new TreeSet<>()).add(columns.get(p));
        }
      }
      return new Statements(layout, byId, slots);
    }

    String read(int field) {
      EntityLayout.Read r = layout.reads.get(field);
      if (r.column() < 0) {
        return "default";
      }
      return selected.get(r.column() - 1) + via(r.steps().stream().map(PlanIsWhatRunsTest::name).toList());
    }

    /** The columns a save writes the field's datum to, with the converters on the way, in slot order. */
    List<String> writes(int field) {
      for (EntityLayout.DatumWrite d : layout.datums) {
        for (int m : d.members()) {
          if (m == field) {
            List<String> out = new ArrayList<>();
            for (int w = 0; w < d.slots().length; w++) {
              Set<String> columns = slotColumns.getOrDefault(d.slots()[w], Set.of());
              assertEquals(1, columns.size(), "write value " + d.slots()[w] + " is bound to exactly one column: "
                  + columns);
              out.add(columns.iterator().next()
                  + via(d.toSlot().get(w).stream().map(PlanIsWhatRunsTest::name).toList()));
            }
            return out;
          }
        }
      }
      throw new AssertionError("field " + field + " carries no datum");
    }

    /** The columns the key is bound to. */
    Set<String> keyColumns() {
      return slotColumns.getOrDefault(layout.slotCount - 1, Set.of());
    }
  }

  private static String normal(String sql) {
    return sql.replace('`', '"').toLowerCase(Locale.ROOT);
  }

  /**
   * The select list of a read statement as table.column, resolving each alias to its table; an alias of a derived
   * table (a 1:N child's merged rows) resolves to {@code derived}.
   */
  static List<String> selectList(String sql, String derived) {
    String s = normal(sql);
    Map<String, String> tables = new LinkedHashMap<>();
    Matcher a = ALIAS.matcher(s);
    while (a.find()) {
      tables.put(a.group(2), a.group(1));
    }
    String list = s.substring(s.indexOf("select ") + 7, s.indexOf(" from "));
    List<String> out = new ArrayList<>();
    Matcher q = QUALIFIED.matcher(list);
    while (q.find()) {
      String table = tables.getOrDefault(q.group(1), derived);
      assertNotNull(table, "alias " + q.group(1) + " in " + sql);
      out.add(table + "." + q.group(2));
    }
    return out;
  }

  /** The column each {@code ?} of a save statement fills, as table.column, in parameter order. */
  static List<String> parameterColumns(String sql) {
    String s = normal(sql);
    List<String> out = new ArrayList<>();
    Matcher i = INSERT.matcher(s);
    Matcher m = MERGE.matcher(s);
    Matcher u = UPDATE.matcher(s);
    if (i.find()) {
      for (String c : i.group(2).split(",")) {
        out.add(i.group(1) + "." + c.trim().replace("\"", ""));
      }
      assertEquals(out.size(), s.chars().filter(ch -> ch == '?').count(), "one parameter per column: " + sql);
    } else if (m.find()) {
      Matcher c = MERGE_COLUMN.matcher(m.group(2));
      while (c.find()) {
        out.add(m.group(1) + "." + c.group(1));
      }
      assertEquals(out.size(), s.chars().filter(ch -> ch == '?').count(), "one parameter per column: " + sql);
    } else if (u.find()) {
      Matcher c = SET_COLUMN.matcher(u.group(2));
      while (c.find()) {
        out.add(u.group(1) + "." + c.group(1));
      }
      out.add(u.group(1) + "." + u.group(3));
    } else {
      throw new AssertionError("not an upsert or update: " + sql);
    }
    return out;
  }

  static List<String> deleted(List<Stmt> delete) {
    List<String> out = new ArrayList<>();
    for (Stmt st : delete) {
      String s = normal(st.sql());
      Matcher d = DELETE.matcher(s);
      Matcher u = UPDATE.matcher(s);
      Matcher composite = DELETE_COMPOSITE.matcher(s);
      if (d.find()) {
        out.add("delete " + d.group(1) + " by " + d.group(2));
      } else if (composite.find()) {
        List<String> keys = new ArrayList<>();
        Matcher k = KEY_PART.matcher(composite.group(2));
        while (k.find()) {
          keys.add(k.group(1));
        }
        out.add("delete " + composite.group(1) + " by " + String.join(",", keys));
      } else if (u.find()) {
        List<String> cleared = new ArrayList<>();
        Matcher c = SET_COLUMN.matcher(u.group(2));
        while (c.find()) {
          cleared.add(u.group(1) + "." + c.group(1));
        }
        assertTrue(u.group(2).replaceAll("\"\\w+\" = null", "").replace(",", "").isBlank(), "only NULLs: " + s);
        out.add("clear " + cleared + " by " + u.group(3));
      } else {
        throw new AssertionError("not a delete or clear: " + st.sql());
      }
    }
    return out;
  }

  /**
   * A connection on which preparing a statement reaches the database's parser: MariaDB prepares on the server,
   * PostgreSQL describes the statement (below), H2 always parses.
   */
  private static Connection connect(TestDatabases.Fresh db) throws SQLException {
    return db.dialect() == Dialect.MARIADB ? DriverManager.getConnection(db.url() + "&useServerPrepStmts=true")
        : db.connect();
  }

  private static void prepare(Connection c, Dialect dialect, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (dialect != Dialect.H2) {
        ps.getParameterMetaData();
      }
    }
  }

  /** The converters as the repositories get them: from the compilation's generated registry. */
  @SuppressWarnings("unchecked")
  private static Function<String, Converter<Object, Object>> converters(ClassLoader loader) {
    CrossfadeRegistry registry = CrossfadeRegistry.find(loader);
    return name -> (Converter<Object, Object>) Objects.requireNonNull(registry.converter(name), name);
  }

  // ---------------------------------------------------------------------------------------------------------
  // 3: plan.md against the statements

  private static final Pattern PLAN_ROW = Pattern.compile("^\\|(.*?)\\|(.*?)\\|(.*)\\|$");
  private static final Pattern CELL = Pattern.compile("^`r (.*?)`, `w (.*?)`$");

  /** Checks every cell of each plan.md the domain generated for the dialect; returns how many. */
  private static int planCells(Domain domain, Dialect dialect) {
    SchemaModel model = domain.model();
    Function<String, Converter<Object, Object>> converters = converters(domain.compiled().classLoader());
    int cells = 0;
    for (Version r : model.releases()) {
      String path = "META-INF/crossfade/" + dialect.folder() + "/" + r + "/plan.md";
      String plan = domain.compiled().resources().get(path);
      if (plan == null || !plan.contains("## Who reads and writes what")) {
        continue;
      }
      String table = plan.substring(plan.indexOf("## Who reads and writes what"), plan.indexOf("## SQL"));
      String label = null;
      for (String line : table.lines().toList()) {
        Matcher row = PLAN_ROW.matcher(line);
        if (!row.matches() || line.startsWith("| field") || line.startsWith("|---")) {
          continue;
        }
        label = row.group(1).isBlank() ? label : row.group(1).trim();
        Version code = Version.parse(row.group(2).trim());
        String[] phases = row.group(3).split(" \\| ", -1);
        assertEquals(Phase.values().length, phases.length, line);
        for (Phase p : Phase.values()) {
          String cell = phases[p.ordinal()].trim();
          String where = domain + ": " + path + ", " + label + ", code " + code + ", " + r + " " + p + ": " + cell;
          try {
            checkCell(model, converters, dialect, label, code, r, p, cell);
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(where + ": " + e.getMessage() + "\n" + domain.sources(), e);
          }
          cells++;
        }
      }
    }
    return cells;
  }

  private static final Pattern LABEL = Pattern.compile("^(\\w+)\\.(\\*|\\w+)(?: -> .*)? \\(.*\\)$");

  private static void checkCell(SchemaModel full, Function<String, Converter<Object, Object>> converters,
      Dialect dialect, String label, Version code, Version r, Phase phase, String cell) {
    if (cell.equals("refused")) {
      assertTrue(code.isBefore(r) && phase.atLeast(Phase.CONTRACTING), "only older code is refused, from CONTRACTING");
      return;
    }
    Matcher l = LABEL.matcher(label);
    assertTrue(l.matches(), "a row label: " + label);
    SchemaModel model = code.equals(full.release()) ? full : full.asOf(code);
    EntityDef entity = model.entities().stream().filter(e -> e.simpleName().equals(l.group(1))).findFirst()
        .orElse(null);
    boolean table = l.group(2).equals("*");
    int field = entity == null || table ? -1
        : entity.fields().stream().map(f -> f.name()).toList().indexOf(l.group(2));
    if (entity == null || !table && field < 0) {
      assertEquals("—", cell, "code that has no such entity or field");
      return;
    }
    Map<Version, Phase> state = state(model, r, phase);
    EntityLayout layout = new EntityLayout(model, entity, dialect, EntityStore.dsl(dialect), state, converters);
    if (layout.absent != null) {
      assertEquals("—", cell, "the entity is absent here: " + layout.absent);
      return;
    }
    Statements s = Statements.of(layout);
    boolean olderWritesRefused = code.isBefore(r) && phase.atLeast(Phase.MIGRATING);
    if (table) {
      Matcher c = CELL.matcher(cell);
      assertTrue(c.matches(), cell);
      Set<String> read = s.selected().stream().map(x -> x.substring(0, x.indexOf('.'))).collect(Collectors.toSet());
      List<String> readParts = List.of(c.group(1).split(" \\+ "));
      assertEquals(readParts.get(0), s.selected().get(0).substring(0, s.selected().get(0).indexOf('.')) + ".*",
          "rows come from the driving table; all tables read: " + read);
      assertEquals(readParts.subList(1, readParts.size()), layout.mergedFrom.stream()
          .map(x -> x.column() + " as " + x.rowKey().column() + " " + x.move().key()).toList(),
          "the rows a 1:N child still reads from its parent's columns");
      if (olderWritesRefused) {
        assertEquals("refused", c.group(2));
      } else if (layout.unwritable != null) {
        assertEquals("refused (no table yet)", c.group(2));
        assertEquals(List.of(), layout.save);
      } else {
        // Its own table, the other table of a table rename (which a save keeps current as a whole row), then the
        // parent's columns a 1:N child's writes keep current.
        Placement p = Placement.of(model, entity, v -> state.getOrDefault(v, Phase.PENDING));
        List<String> tables = new ArrayList<>(p.ownRow() ? List.of(entity.table()) : List.of());
        model.renamedFrom(entity).map(EntityDef::table).filter(t -> p.datums().stream().anyMatch(d -> d.writes()
            .stream().anyMatch(w -> w.column().table().equals(t)))).ifPresent(tables::add);
        model.renamedTo(entity).map(EntityDef::table).filter(t -> p.datums().stream().anyMatch(d -> d.writes()
            .stream().anyMatch(w -> w.column().table().equals(t)))).ifPresent(tables::add);
        List<String> parts = new ArrayList<>(tables.stream().map(t -> t + ".*").toList());
        parts.addAll(extractedColumnWrites(layout));
        assertEquals(String.join(" + ", parts), c.group(2));
        for (String t : tables) {
          EntityDef owner = model.table(t).orElseThrow();
          assertTrue(s.keyColumns().contains(t + "." + owner.ids().get(0).column()), "a save upserts a row of " + t);
        }
      }
      return;
    }
    List<String> writes = layout.unwritable != null ? List.of() : s.writes(field);
    if (cell.equals("dropped: `r default`")) {
      assertEquals("default", s.read(field));
      assertEquals(List.of(), writes);
      return;
    }
    Matcher c = CELL.matcher(cell);
    assertTrue(c.matches(), cell);
    assertEquals(c.group(1), s.read(field), "the read");
    String w = c.group(2);
    if (olderWritesRefused) {
      assertEquals("refused", w);
    } else if (w.equals("only the default, else refused") || w.equals("nothing")) {
      assertEquals(List.of(), writes, "no statement writes the field");
    } else {
      List<String> parts = List.of(w.split(" \\+ "));
      assertEquals(parts.stream().filter(x -> !x.contains(" of row ")).toList(), writes, "the writes");
      assertEquals(parts.stream().filter(x -> x.contains(" of row ")).toList(), extractedRowWrites(layout, field),
          "the child rows a parent's extracted field writes");
    }
  }

  /** {@code customer.phone1 for slot 1}: the parent columns the child's save statements set, from their SQL. */
  private static List<String> extractedColumnWrites(EntityLayout layout) {
    List<String> out = new ArrayList<>();
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      if (x.child()) {
        out.add(parameterColumns(x.set().sql()).get(0) + " for "
            + layout.entity.fields().get(x.rowKeyIndex()).column() + " " + x.rowKey());
      }
    }
    return out;
  }

  /** {@code customer_phone.number of row slot 1}: the child rows a parent's field upserts, from their SQL. */
  private static List<String> extractedRowWrites(EntityLayout layout, int field) {
    List<String> out = new ArrayList<>();
    for (EntityLayout.ExtractedWrite x : layout.extractedWrites) {
      if (!x.child() && x.valueIndex() == field) {
        List<String> columns = parameterColumns(x.set().sql());
        String table = columns.get(1).substring(0, columns.get(1).indexOf('.'));
        out.add(columns.get(2) + " of row " + columns.get(1).substring(table.length() + 1) + " " + x.rowKey());
      }
    }
    return out;
  }
}
