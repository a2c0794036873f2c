package dev.crossfade.schema.plan;

import dev.crossfade.schema.CheckDef;
import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.ForeignKeyDef;
import dev.crossfade.schema.IndexDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.SchemaModel.Move;
import java.util.List;

/**
 * One schema change of a release, in a dialect-neutral form. Each carries the reason a reviewer reads in
 * the comment above its SQL.
 */
public sealed interface Change {
  /** Why this statement exists, for the comment above it: the change and the annotation behind it. */
  String reason();

  /** A new table; {@code parent} is the 1:1 parent of a split table, or null. */
  record CreateTable(EntityDef entity, List<FieldDef> columns, ForeignKey parent, String reason) implements Change {
    public CreateTable {
      columns = List.copyOf(columns);
    }
  }

  /** A foreign key from a split table's key to its parent's key, removing the child with the parent. */
  record ForeignKey(String name, String parentTable, String parentColumn) {}

  /**
   * A new column on a table that already has rows. A move target is added nullable whatever its final
   * nullability, because the previous release's servers insert rows without it; contract tightens it.
   */
  record AddColumn(EntityDef entity, FieldDef field, boolean nullableUntilContract, String reason) implements Change {}

  /**
   * Lets a column that this release deprecates hold NULL. It is {@code NOT NULL} without a default, and once
   * the release is CONTRACTING its servers insert rows without it (older servers, which still write it, are
   * gone by then); contract drops it, and a rollback to PENDING restores the constraint.
   */
  record DropNotNull(EntityDef entity, FieldDef field, String checkName, String reason) implements Change {}

  /** An index on one column; {@code online} when the table may already hold rows and traffic. */
  record CreateIndex(EntityDef entity, FieldDef field, String name, boolean unique, boolean online, String reason)
      implements Change {}

  /** Makes a backfilled move target NOT NULL once no older server inserts rows without it. */
  record SetNotNull(EntityDef entity, FieldDef field, String checkName, String reason) implements Change {}

  /** Drops the foreign key of a split table whose parent table is dropped. */
  record DropForeignKey(EntityDef entity, String name, String reason) implements Change {}

  /**
   * A foreign key of {@code @References}. {@code online} when its table may already hold rows and traffic: then it
   * is added without checking the existing rows (enforced for new writes at once) and checked by a
   * {@link Validate} of the migrate step; otherwise (a new table, empty) it is added plainly.
   */
  record AddForeignKey(EntityDef entity, ForeignKeyDef key, boolean online, String reason) implements Change {}

  /** A CHECK of {@code @Check}; {@code online} as for {@link AddForeignKey}. */
  record AddCheck(EntityDef entity, CheckDef check, boolean online, String reason) implements Change {}

  /** An {@code @Index} over one or more columns; {@code online} when the table may already hold rows and traffic. */
  record CreateTableIndex(EntityDef entity, IndexDef index, boolean online, String reason) implements Change {}

  /**
   * Drops an {@code @Index} whose {@code deprecatedIn} is this release, or one over a column this release's contract
   * drops (contract, online): MariaDB would otherwise shrink it to its other columns (a unique one could then fail).
   */
  record DropIndex(EntityDef entity, IndexDef index, String reason) implements Change {}

  /**
   * Drops a CHECK over a column this release's contract drops, before the column: MariaDB refuses to drop a column a
   * CHECK names.
   */
  record DropCheck(EntityDef entity, CheckDef check, String reason) implements Change {}

  /**
   * The migrate step's check of a constraint that expand added without checking the rows already there: find
   * a row that violates it (the migrator refuses naming its key), then mark it validated where the dialect
   * records that (PostgreSQL's {@code VALIDATE CONSTRAINT}). Exactly one of {@code key} and {@code check} is set.
   */
  record Validate(EntityDef entity, ForeignKeyDef key, CheckDef check, String reason) implements Change {
    public String name() {
      return key != null ? key.name() : check.name();
    }
  }

  record DropColumn(EntityDef entity, FieldDef field, String reason) implements Change {}

  record DropTable(EntityDef entity, String reason) implements Change {}

  /**
   * One backfill step: copy the moved fields of {@code source} rows into {@code target}, keyed by the
   * source's key, in keyset batches. {@code converted} steps go through each move's Java converter.
   */
  record CopyStep(EntityDef source, EntityDef target, List<Move> moves, boolean converted, String reason)
      implements Change {
    public CopyStep {
      moves = List.copyOf(moves);
    }

    public boolean sameTable() {
      return source.table().equals(target.table());
    }

    /**
     * Whether this step copies a renamed table ({@code SchemaModel#renamedTo}): the source goes with this release
     * and every field but its key moves here. Its target then also loses the rows whose old row is gone.
     */
    public boolean tableRename() {
      if (sameTable() || moves.isEmpty() || !moves.get(0).release().equals(source.deprecatedIn())) {
        return false;
      }
      long moved = source.fields().stream().filter(f -> !f.id()).count();
      return moved == moves.size() && moves.stream().allMatch(m -> m.source().table().equals(source.table()));
    }
  }
}
