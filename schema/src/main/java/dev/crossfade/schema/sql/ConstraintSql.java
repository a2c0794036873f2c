package dev.crossfade.schema.sql;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.plan.Change;
import dev.crossfade.schema.plan.Change.AddCheck;
import dev.crossfade.schema.plan.Change.AddForeignKey;
import dev.crossfade.schema.plan.Change.CreateTableIndex;
import dev.crossfade.schema.plan.Change.DropIndex;
import dev.crossfade.schema.plan.Change.Validate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Constraint;
import org.jooq.ConstraintForeignKeyOnStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Table;

/**
 * The SQL of {@code @Index}, {@code @References} and {@code @Check}, with each dialect's online idiom (verified on
 * PostgreSQL 15, MariaDB 10.11 and H2 2.3; see docs/constraints.md):
 *
 * <ul>
 *   <li>an index on a table in use: PostgreSQL {@code CREATE INDEX CONCURRENTLY}, MariaDB/MySQL
 *   {@code ALGORITHM=INPLACE LOCK=NONE}; dropped the same ways ({@code DROP INDEX CONCURRENTLY},
 *   {@code ALTER TABLE … DROP INDEX …, ALGORITHM=INPLACE, LOCK=NONE});
 *   <li>a constraint on a table in use is added in expand without checking the rows already there, so it takes
 *   no long lock, and is enforced for new writes at once; the migrate step then looks for a violating row
 *   ({@link ValidationSql}) and, on PostgreSQL, runs {@code VALIDATE CONSTRAINT} (which does not block writes).
 *   PostgreSQL adds it {@code NOT VALID}; MariaDB adds a foreign key with {@code foreign_key_checks = 0} in place
 *   without a lock, and a CHECK with {@code check_constraint_checks = 0}, which MariaDB 10.11 can only do by
 *   copying the table ({@code ALGORITHM=COPY, LOCK=SHARED}: reads go on, writes wait for the copy); H2 adds
 *   either with {@code NOCHECK};
 *   <li>on a new (empty) table everything is added plainly.
 * </ul>
 */
final class ConstraintSql {
  private final Dialect dialect;
  private final DSLContext dsl;

  ConstraintSql(Dialect dialect, DSLContext dsl) {
    this.dialect = dialect;
    this.dsl = dsl;
  }

  static boolean handles(Change change) {
    return change instanceof AddForeignKey || change instanceof AddCheck || change instanceof CreateTableIndex
        || change instanceof DropIndex || change instanceof Change.DropCheck;
  }

  List<Statement> statements(Change change) {
    if (change instanceof CreateTableIndex c) {
      return List.of(createIndex(c));
    } else if (change instanceof DropIndex c) {
      return List.of(dropIndex(c));
    } else if (change instanceof AddForeignKey c) {
      return addForeignKey(c);
    } else if (change instanceof AddCheck c) {
      return addCheck(c);
    } else if (change instanceof Change.DropCheck c) {
      return List.of(new Statement(c.reason(), "ALTER TABLE " + dsl.render(name(c.entity().table()))
          + "\nDROP CONSTRAINT " + dsl.render(name(c.check().name()))
          + (dialect.isMySqlFamily() ? ",\nALGORITHM=INPLACE, LOCK=NONE" : "")));
    }
    throw new IllegalArgumentException("not a constraint change: " + change);
  }

  private Statement createIndex(CreateTableIndex c) {
    Name index = name(c.index().name());
    List<Field<?>> columns = c.index().columns().stream().<Field<?>>map(col -> field(name(col))).toList();
    boolean ifNotExists = dialect != Dialect.MYSQL;
    String sql = (c.index().unique()
            ? ifNotExists ? dsl.createUniqueIndexIfNotExists(index) : dsl.createUniqueIndex(index)
            : ifNotExists ? dsl.createIndexIfNotExists(index) : dsl.createIndex(index))
        .on(tableOf(c.entity()), columns).getSQL();
    if (!c.online()) {
      return new Statement(c.reason(), sql);
    }
    return switch (dialect) {
      case POSTGRES -> new Statement(c.reason() + "; CONCURRENTLY builds it without blocking writes (it cannot run"
          + " inside a transaction)", sql.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY "));
      case MARIADB, MYSQL -> new Statement(c.reason() + "; built in place without blocking reads or writes",
          sql + " ALGORITHM=INPLACE LOCK=NONE");
      case H2 -> new Statement(c.reason(), sql);
    };
  }

  private Statement dropIndex(DropIndex c) {
    Name index = name(c.index().name());
    return switch (dialect) {
      case POSTGRES -> new Statement(c.reason() + "; CONCURRENTLY waits for running queries instead of blocking"
          + " new ones", dsl.dropIndexIfExists(index).getSQL().replaceFirst("^DROP INDEX ", "DROP INDEX CONCURRENTLY "));
      case MARIADB, MYSQL -> new Statement(c.reason() + "; in place, without blocking reads or writes",
          "ALTER TABLE " + dsl.render(name(c.entity().table())) + "\nDROP INDEX " + dsl.render(index)
              + ",\nALGORITHM=INPLACE, LOCK=NONE");
      case H2 -> new Statement(c.reason(), dsl.dropIndexIfExists(index).getSQL());
    };
  }

  private List<Statement> addForeignKey(AddForeignKey c) {
    ForeignKeyDef k = c.key();
    ConstraintForeignKeyOnStep fk = constraint(name(k.name())).foreignKey(name(k.column()))
        .references(name(k.targetTable()), name(k.targetColumn()));
    Constraint withAction = switch (k.onDelete()) {
      case "CASCADE" -> fk.onDeleteCascade();
      case "SET_NULL" -> fk.onDeleteSetNull();
      case "RESTRICT" -> fk.onDeleteRestrict();
      default -> fk;
    };
    String add = dsl.alterTable(tableOf(c.entity())).add(withAction).getSQL();
    if (!c.online()) {
      return List.of(new Statement(c.reason(), add));
    }
    return switch (dialect) {
      case POSTGRES -> List.of(new Statement(c.reason() + "; NOT VALID: enforced for new writes at once, with a brief"
          + " lock, and the rows already there are checked by the migrate step (VALIDATE CONSTRAINT)",
          add + " NOT VALID"));
      case MARIADB, MYSQL -> List.of(
          new Statement("for the next statement only: add the foreign key without checking the rows already there"
              + " (the migrate step checks them), which lets it be added in place", "SET SESSION foreign_key_checks = 0"),
          new Statement(c.reason() + "; in place, without blocking reads or writes; enforced for new writes at once",
              add + ",\nALGORITHM=INPLACE, LOCK=NONE"),
          new Statement("check foreign keys again in this session", "SET SESSION foreign_key_checks = 1"));
      case H2 -> List.of(new Statement(c.reason() + "; NOCHECK: the rows already there are checked by the migrate"
          + " step", add + " NOCHECK"));
    };
  }

  private List<Statement> addCheck(AddCheck c) {
    String add = "ALTER TABLE " + dsl.render(name(c.entity().table())) + "\nADD CONSTRAINT "
        + dsl.render(name(c.check().name())) + " CHECK (" + CheckExpressions.render(dialect, c.check().expression())
        + ")";
    if (!c.online()) {
      return List.of(new Statement(c.reason(), add));
    }
    return switch (dialect) {
      case POSTGRES -> List.of(new Statement(c.reason() + "; NOT VALID: enforced for new writes at once, with a brief"
          + " lock, and the rows already there are checked by the migrate step (VALIDATE CONSTRAINT)",
          add + " NOT VALID"));
      case MARIADB -> List.of(
          new Statement("for the next statement only: do not check the rows already there (the migrate step does)",
              "SET SESSION check_constraint_checks = 0"),
          new Statement(c.reason() + "; MariaDB adds a CHECK only by copying the table: reads go on, writes wait"
              + " for the copy (no INPLACE, NOCOPY or INSTANT algorithm for it in 10.11)",
              add + ",\nALGORITHM=COPY, LOCK=SHARED"),
          new Statement("check CHECK constraints again in this session", "SET SESSION check_constraint_checks = 1"));
      case MYSQL -> List.of(new Statement(c.reason() + "; MySQL adds a CHECK only by copying the table, and checks"
          + " the rows already there while it copies: reads go on, writes wait for the copy",
          add + ",\nALGORITHM=COPY, LOCK=SHARED"));
      case H2 -> List.of(new Statement(c.reason() + "; NOCHECK: the rows already there are checked by the migrate"
          + " step", add + " NOCHECK"));
    };
  }

  /** The migrate step's query for a violating row, and PostgreSQL's VALIDATE. */
  ValidationSql validation(Validate v) {
    EntityDef e = v.entity();
    String key = e.id().column();
    String violation;
    if (v.key() != null) {
      ForeignKeyDef k = v.key();
      // Aliased: a foreign key may point at its own table (a parent_id).
      Table<?> child = table(name(e.table())).as("c");
      Table<?> parent = table(name(k.targetTable())).as("p");
      Field<Object> column = field(name("c", k.column()));
      violation = dsl.select(field(name("c", key)), column).from(child)
          .where(column.isNotNull())
          .and(notExists(selectOne().from(parent).where(field(name("p", k.targetColumn())).eq(column))))
          .orderBy(field(name("c", key))).limit(inline(1)).getSQL();
    } else {
      violation = dsl.select(field(name(key))).from(tableOf(e))
          .where("NOT (" + CheckExpressions.render(dialect, v.check().expression()) + ")")
          .orderBy(field(name(key))).limit(inline(1)).getSQL();
    }
    Statement validate = dialect != Dialect.POSTGRES ? null : new Statement("mark " + v.name()
        + " validated; VALIDATE CONSTRAINT scans the table without blocking reads or writes",
        "ALTER TABLE " + dsl.render(name(e.table())) + " VALIDATE CONSTRAINT " + dsl.render(name(v.name())));
    return new ValidationSql(v, violation, validate);
  }

  /** What undoes an online constraint change of expand (a new table's go with the table). */
  List<RollbackSql> rollback(Change change) {
    List<RollbackSql> out = new ArrayList<>();
    if (change instanceof CreateTableIndex c && c.online()) {
      Statement drop = dropIndex(new DropIndex(c.entity(), c.index(), "undo: " + c.reason()));
      out.add(RollbackSql.structure(drop));
    } else if (change instanceof AddForeignKey c && c.online()) {
      String table = dsl.render(name(c.entity().table()));
      String n = dsl.render(name(c.key().name()));
      out.add(RollbackSql.structure(new Statement("undo: " + c.reason(), dialect.isMySqlFamily()
          ? "ALTER TABLE " + table + "\nDROP FOREIGN KEY " + n + ",\nALGORITHM=INPLACE, LOCK=NONE"
          : "ALTER TABLE " + table + "\nDROP CONSTRAINT " + n)));
    } else if (change instanceof AddCheck c && c.online()) {
      String table = dsl.render(name(c.entity().table()));
      String n = dsl.render(name(c.check().name()));
      out.add(RollbackSql.structure(new Statement("undo: " + c.reason(), "ALTER TABLE " + table + "\nDROP CONSTRAINT " + n
          + (dialect.isMySqlFamily() ? ",\nALGORITHM=INPLACE, LOCK=NONE" : ""))));
    }
    return out;
  }

  private static Table<?> tableOf(EntityDef e) {
    return table(name(e.table()));
  }
}
