package dev.crossfade.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crossfade.Converter;
import dev.crossfade.processor.CompiledDomain;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Placement;
import dev.crossfade.schema.sql.Dialect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan is what runs (issue 13): for every entity and every phase combination a server can meet, of the
 * sample domain (release 2.0) and of the three-release device domain (release 3.0), the statements a repository
 * compiles touch exactly the columns the {@link Placement} names — the select list reads the placement's read
 * columns in field order, the save statements write exactly its write places (plus the keys of the rows they
 * upsert), the delete statements delete and clear exactly its deletes. The SQL text is parsed as each dialect
 * renders it: reads on PostgreSQL, MariaDB and H2; writes and deletes on PostgreSQL and MariaDB, whose upserts
 * name their columns in plain INSERT lists (H2's MERGE emulation is checked by the mixed-version matrix instead).
 */
class StatementsFollowPlacementTest {
  private static final Pattern ALIAS = Pattern.compile("\"(\\w+)\" (?:as )?\"(t\\d+)\"");
  private static final Pattern QUALIFIED = Pattern.compile("\"(t\\d+)\"\\.\"(\\w+)\"");
  private static final Pattern INSERT = Pattern.compile("^insert into \"(\\w+)\" \\(([^)]*)\\)");
  private static final Pattern UPDATE = Pattern.compile("^update \"(\\w+)\" set (.*) where \"(\\w+)\" = \\?$");
  private static final Pattern SET_COLUMN = Pattern.compile("\"(\\w+)\" = ");
  private static final Pattern DELETE = Pattern.compile("^delete from \"(\\w+)\" where \"(\\w+)\" = \\?$");

  record Domain(String name, SchemaModel model, ClassLoader loader, List<Map<Version, Phase>> states) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> domainsAndDialects() {
    List<Arguments> out = new ArrayList<>();
    for (Domain d : List.of(sample(), devices())) {
      for (Dialect dialect : List.of(Dialect.POSTGRES, Dialect.MARIADB, Dialect.H2)) {
        out.add(Arguments.of(d, dialect));
      }
    }
    return out.stream();
  }

  private static Domain sample() {
    CompiledDomain compiled = CompiledDomain.compile(CompiledDomain.RELEASE_2_0);
    List<Map<Version, Phase>> states = new ArrayList<>();
    for (Phase p : Phase.values()) {
      states.add(Map.of(Version.parse("1.0"), Phase.CONTRACTED, Version.parse("2.0"), p));
    }
    return new Domain("sample 2.0", compiled.model(), compiled.classLoader(), states);
  }

  private static Domain devices() {
    CompiledDomain compiled = CompiledDomain.compile(Path.of("src", "test", "resources", "domains", "device", "r3.0"));
    List<Map<Version, Phase>> states = new ArrayList<>();
    Version v1 = Version.parse("1.0");
    Version v2 = Version.parse("2.0");
    Version v3 = Version.parse("3.0");
    for (Phase p : Phase.values()) {
      states.add(Map.of(v1, Phase.CONTRACTED, v2, p, v3, Phase.PENDING));
    }
    for (Phase p : Phase.values()) {
      if (p != Phase.PENDING) {
        states.add(Map.of(v1, Phase.CONTRACTED, v2, Phase.CONTRACTED, v3, p));
      }
    }
    return new Domain("devices 3.0", compiled.model(), compiled.classLoader(), states);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("domainsAndDialects")
  void theCompiledStatementsTouchExactlyTheColumnsThePlacementNames(Domain domain, Dialect dialect) {
    Function<String, Converter<Object, Object>> converters = converters(domain.loader());
    int checked = 0;
    for (Map<Version, Phase> state : domain.states()) {
      for (EntityDef entity : domain.model().entities()) {
        Placement placement = Placement.of(domain.model(), entity, v -> state.getOrDefault(v, Phase.PENDING));
        EntityLayout layout = new EntityLayout(domain.model(), entity, dialect, EntityStore.dsl(dialect), state,
            converters);
        String where = entity.simpleName() + " at " + new TreeMap<>(state) + " on " + dialect;
        assertEquals(placement.absent(), layout.absent, where);
        if (placement.absent() != null) {
          continue;
        }
        assertEquals(expectedReads(placement), selectList(layout.selectById.sql()), where + ": the columns read");
        assertEquals(expectedReads(placement), selectList(layout.selectAll.sql()), where + ": findAll's columns");
        if (dialect != Dialect.H2 && placement.unwritable() == null) {
          assertEquals(expectedWrites(placement), written(layout.save), where + ": the columns a save writes");
          assertEquals(expectedDeletes(placement), deleted(layout.delete), where + ": what a delete touches");
        }
        checked++;
      }
    }
    assertTrue(checked > 10, "checked " + checked + " layouts");
  }

  /** Each field's read column as table.column, in field order; defaults read nothing. */
  private static List<String> expectedReads(Placement p) {
    List<String> out = new ArrayList<>();
    for (Placement.FieldPlacement f : p.fields()) {
      if (!f.read().isDefault()) {
        out.add(f.read().column().toString());
      }
    }
    return out;
  }

  private static Set<String> expectedWrites(Placement p) {
    Set<String> out = new TreeSet<>();
    out.add(p.entity().table() + "." + p.entity().id().column());
    for (Placement.Datum d : p.datums()) {
      for (Placement.Write w : d.writes()) {
        out.add(w.column().toString());
        if (w.role() == Placement.Role.CHILD) {
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
        out.add("delete " + d.table().table() + " by " + d.keyColumn());
      } else {
        out.add("clear " + d.clear().stream().map(Placement.Column::toString).toList() + " by " + d.keyColumn());
      }
    }
    return out;
  }

  private static String normal(String sql) {
    return sql.replace('`', '"').toLowerCase(java.util.Locale.ROOT);
  }

  /** The select list of a read statement as table.column, resolving each alias to its table. */
  private static List<String> selectList(String sql) {
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
      String table = tables.get(q.group(1));
      assertNotNull(table, "alias " + q.group(1) + " in " + sql);
      out.add(table + "." + q.group(2));
    }
    return out;
  }

  /** Every column an insert lists or an update sets, as table.column. */
  private static Set<String> written(List<Stmt> save) {
    Set<String> out = new TreeSet<>();
    for (Stmt st : save) {
      String s = normal(st.sql());
      Matcher i = INSERT.matcher(s);
      Matcher u = UPDATE.matcher(s);
      if (i.find()) {
        for (String c : i.group(2).split(",")) {
          String col = c.trim().replace("\"", "");
          out.add(i.group(1) + "." + col.substring(col.lastIndexOf('.') + 1));
        }
      } else if (u.find()) {
        Matcher c = SET_COLUMN.matcher(u.group(2));
        while (c.find()) {
          out.add(u.group(1) + "." + c.group(1));
        }
      } else {
        throw new AssertionError("not an insert or update: " + st.sql());
      }
    }
    return out;
  }

  private static List<String> deleted(List<Stmt> delete) {
    List<String> out = new ArrayList<>();
    for (Stmt st : delete) {
      String s = normal(st.sql());
      Matcher d = DELETE.matcher(s);
      Matcher u = UPDATE.matcher(s);
      if (d.find()) {
        out.add("delete " + d.group(1) + " by " + d.group(2));
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

  /** The converters as the repositories get them: from the compilation's generated registry. */
  @SuppressWarnings("unchecked")
  private static Function<String, Converter<Object, Object>> converters(ClassLoader loader) {
    dev.crossfade.runtime.CrossfadeRegistry registry = dev.crossfade.runtime.CrossfadeRegistry.find(loader);
    return name -> (Converter<Object, Object>) java.util.Objects.requireNonNull(registry.converter(name), name);
  }
}
