package dev.crossfade.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.JavaFileObjects;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.Version;
import dev.crossfade.schema.plan.Layout;
import dev.crossfade.schema.sql.Dialect;
import dev.crossfade.schema.sql.LiveSchema;
import dev.crossfade.schema.sql.ScriptText;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Identifiers are quoted per dialect: tables and columns named after reserved words work everywhere. */
class QuotedIdentifiersTest {
  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"POSTGRES", "MARIADB", "H2"})
  void reservedWordsAsTableAndColumnNamesRunOnEveryDialect(Dialect dialect) throws Exception {
    CompiledDomain domain = CompiledDomain.compile(List.of(
        JavaFileObjects.forSourceString("shop.package-info", """
            @Release(value = "2.0", baseline = "1.0")
            package shop;
            import dev.crossfade.Release;
            """),
        JavaFileObjects.forSourceString("shop.Order", """
            package shop;
            import dev.crossfade.*;
            @Table("order")
            @SuppressWarnings("crossfade:identifier-reserved") // on purpose: the test is that quoting works
            public record Order(
                @Id long id,
                @Column(name = "user") String customer,
                @DeprecatedIn("2.0") @MovedTo(entity = Order.class, field = "group") @Column(name = "select") String oldGroup,
                @Since("2.0") @Column(name = "group", indexed = true) String group,
                @Since("2.0") @Column(name = "table", defaultValue = "it's ; -- not SQL") String note) {}
            """)));
    try (TestDatabases.Fresh db = TestDatabases.create(dialect); Connection c = db.connect()) {
      for (String script : new String[] {"1.0/expand.sql", "2.0/expand.sql", "2.0/contract.sql"}) {
        for (var st : ScriptText.parse(domain.resource("META-INF/crossfade/" + dialect.folder() + "/" + script))) {
          try (Statement s = c.createStatement()) {
            s.execute(st.sql());
          }
        }
      }
      assertEquals(List.of(), LiveSchema.diff(Layout.at(domain.model(), Version.parse("2.0"), Phase.CONTRACTED),
          LiveSchema.read(c, dialect), dialect));
      String q = dialect.isMySqlFamily() ? "`" : "\"";
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + q + "order" + q + " (id) VALUES (1)");
        try (var rs = s.executeQuery("SELECT " + q + "table" + q + " FROM " + q + "order" + q)) {
          rs.next();
          assertEquals("it's ; -- not SQL", rs.getString(1), "the default literal is escaped, not spliced");
        }
      }
    }
  }
}
