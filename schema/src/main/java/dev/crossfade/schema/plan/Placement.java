package dev.crossfade.schema.plan;

import dev.crossfade.schema.EntityDef;
import dev.crossfade.schema.FieldDef;
import dev.crossfade.schema.Phase;
import dev.crossfade.schema.SchemaModel;
import dev.crossfade.schema.SchemaModel.Move;
import dev.crossfade.schema.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The placement model (DESIGN section 4): for one entity of the code's release and the phases a shard has,
 * where each field is read from, where a write of it goes (with the converters on the way) and what is
 * refused. A pure function of the model and the phases: the repositories compile their statements from it,
 * and {@code plan.md} renders its who-reads-writes tables from it, so the plan a reviewer approves is what
 * runs.
 *
 * <p>Every field is one <em>datum</em> that may live in several places at once: the <em>chain</em> of
 * columns it moved through, oldest first ({@code label -> display_name -> title} when release 2.0 renamed
 * {@code label} and 3.0 renamed it again). Move {@code i} of a chain takes place {@code i-1} to place
 * {@code i} in its release. Then, for a shard:
 * <ul>
 *   <li>the <em>source of truth</em> is the oldest place whose onward move is not yet MIGRATED (each backfill
 *       copies one step; until it is verified the step's old place is what every writer keeps current);
 *   <li>a read takes the truth, converted along the chain to the reading field's place; a place that is
 *       gone or about to go (its drop release CONTRACTING or later) is never read, the declared default is;
 *   <li>a write goes to every place of the chain that exists and whose drop release is not yet CONTRACTING
 *       — some live release, or an unfinished backfill, still reads it — each converted from the written
 *       field's place;
 *   <li>a datum with no place on the shard yet refuses a non-default value rather than drop it;
 *   <li>an enum constant that a release R added to a column older than R is refused until R is CONTRACTED
 *       ({@link #constantWaiting}): until then a server older than R may read the column and fail on it.
 * </ul>
 *
 * <p>The rows of the entity are the rows of its <em>driving</em> table: its own, except for a split-off
 * entity (a table keyed by its parent's key that moved fields land in) while a moved field's truth is still
 * in the parent: then every parent row is a row of the entity, its own columns LEFT JOINed, so rows that only
 * an older release wrote are read too. A table rename is the same rule for every field: while the old table
 * holds the truth it drives the reads, and a write keeps whole rows of both tables current until the old
 * table's release is CONTRACTING; a delete removes the row from both. Where the new table does not exist yet
 * (its release PENDING) the old table is the whole datum's only place: the new entity reads, saves and deletes
 * its rows there alone ({@code ownRow} false), as a renamed column is written where the new one is missing; a
 * field the old table has no column for keeps the rule above (a non-default value is refused, never dropped).
 *
 * @param entity the entity
 * @param absent why the entity has no rows on this shard (its table missing or being dropped), or null
 * @param unwritable why the entity may not be written here, or null
 * @param driver the table whose rows are the entity's rows (null when absent)
 * @param fields per field of the entity, in declaration order
 * @param datums the data the fields carry: each field belongs to exactly one
 * <p>A 1:N extraction ({@code @MovedTo(key = …)}) is no chain: each extracted column is one row of the child
 * entity, the row whose second key field is the move's key ({@link Extracted}). On the child's placement, while
 * the release is not MIGRATED the rows of those keys are the parent's non-NULL columns (the child's other columns
 * LEFT JOINed); the rows of other keys are always the child table's. Every write of such a row also sets the
 * column (NULL for a delete) while the column is live. On the parent's placement, the deprecated field keeps
 * mirroring its column: read from it while it is live, written to it and to the child row (upsert, or delete for
 * NULL) while it is live, nowhere after.
 *
 * @param deletes what a delete by key does, in order
 * @param extracted the 1:N extractions this entity takes part in on this shard, as child or as parent; empty
 *     for every other entity
 * @param ownRow whether a save upserts (and a delete deletes) the entity's own row: false while its table does not
 *     exist yet and the old table of a rename takes the whole row, or when it may not be written at all
 */
public record Placement(
    EntityDef entity,
    String absent,
    String unwritable,
    EntityDef driver,
    List<FieldPlacement> fields,
    List<Datum> datums,
    List<Delete> deletes,
    List<Extracted> extracted,
    boolean ownRow) {

  public Placement {
    fields = List.copyOf(fields);
    datums = List.copyOf(datums);
    deletes = List.copyOf(deletes);
    extracted = List.copyOf(extracted);
  }

  /**
   * One column of a parent that a 1:N extraction makes one row of a child, on this shard.
   *
   * @param move the extraction's move (source: the parent's field; target: the child's field; key: the row's
   *     second key value as a Java literal)
   * @param truthInColumn whether that row is read from the parent's column (the release is not MIGRATED yet) rather
   *     than from the child table
   * @param columnWritten whether writes keep the parent's column current (it exists and its release is not
   *     CONTRACTING yet): a save of the row sets it, a delete sets it NULL
   * @param rowWritten whether writes of the parent's field also write the child row (the parent's placement only:
   *     while the column is written and the child table exists); always true on the child's placement
   */
  public record Extracted(Move move, boolean truthInColumn, boolean columnWritten, boolean rowWritten) {
    /** The parent's column. */
    public Column column() {
      return new Column(move.source(), move.field());
    }

    /** The child's field the column's value becomes. */
    public Column target() {
      return new Column(move.target(), move.targetField());
    }

    /** The child's key field whose value is {@link Move#key()} for this column's row. */
    public FieldDef rowKey() {
      return move.target().ids().get(1);
    }

    /** The child's key field that holds the parent's key. */
    public FieldDef parentKey() {
      return move.target().ids().get(0);
    }
  }

  /** The extraction whose row has this key value (compared as the literal's text), or null. */
  public Extracted extractedRow(String keyLiteral) {
    for (Extracted x : extracted) {
      if (x.move().key().equals(keyLiteral)) {
        return x;
      }
    }
    return null;
  }

  /** A column of some entity's table. */
  public record Column(EntityDef entity, FieldDef field) {
    public String table() {
      return entity.table();
    }

    public String column() {
      return field.column();
    }

    @Override
    public String toString() {
      return entity.table() + "." + field.column();
    }
  }

  /** One converter applied in one direction. */
  public record Step(String converter, boolean toNew) {}

  /**
   * How a row relates to the entity's row: its own, a split-off child keyed by its key, the parent it split from,
   * or the old table of a table rename ({@link SchemaModel#renamedTo}): a whole row of the entity under its old
   * name, upserted with every column and deleted with the entity's own row.
   */
  public enum Role {
    OWN,
    CHILD,
    PARENT,
    OLD_TABLE
  }

  /**
   * Where one field is read from.
   *
   * @param column the column, or null when the field reads as its declared default
   * @param steps the converters from the column's type to the field's, in order (empty: none)
   * @param role the column's table relative to the entity
   */
  public record Read(Column column, List<Step> steps, Role role) {
    public Read {
      steps = List.copyOf(steps);
    }

    public boolean isDefault() {
      return column == null;
    }

    /**
     * Whether a query can compare the field in SQL on this layout: it is read from a column as it is stored. A
     * field read through a converter, or read as its default (no place on the shard), is compared in Java by a
     * scan: the repositories' finders and the processor's {@code finder-scans} warning both ask this.
     */
    public boolean comparableInSql() {
      return column != null && steps.isEmpty();
    }
  }

  /**
   * One place a write of a datum goes.
   *
   * @param column the column written
   * @param steps the converters from the datum's carrier field to the column, in order
   * @param role the column's table relative to the entity: OWN is part of the row's upsert, CHILD an upsert
   *     of the child row keyed by the entity's key, PARENT an update of the parent row with that key, OLD_TABLE an
   *     upsert of the row of the renamed table with that key
   */
  public record Write(Column column, List<Step> steps, Role role) {
    public Write {
      steps = List.copyOf(steps);
    }
  }

  /**
   * One field: its datum, where it is read from, and whether a non-default value can be stored at all.
   *
   * @param field the field
   * @param datum index into {@link #datums()}
   * @param read where a read takes the value
   * @param unexpandedBy the release that creates the field's first place while it is not yet EXPANDED here
   *     (a non-default value is then refused), or null
   * @param waitingConstants for an enum field, the constants whose value is refused here, each with the release
   *     that adds it (see {@link #constantWaiting}); empty when every constant may be written
   */
  public record FieldPlacement(FieldDef field, int datum, Read read, Version unexpandedBy,
      Map<String, Version> waitingConstants) {
    public FieldPlacement {
      waitingConstants = Map.copyOf(waitingConstants);
    }

    public boolean supported() {
      return unexpandedBy == null;
    }

    /** The release whose contract a write of this constant waits for here, or null when it may be written. */
    public Version constantWaiting(String constant) {
      return waitingConstants.get(constant);
    }
  }

  /**
   * The enum-constant rule: a constant that release R adds ({@code @Since("R")} on the constant) to a column
   * that existed before R is written on a shard only once R is CONTRACTED there. Servers older than R read that
   * column (the datum's oldest place) and fail in {@code valueOf} on a name they do not know; they run on a shard
   * until R's CONTRACTING reaches them, and CONTRACTING can still be rolled back to MIGRATED, where an older
   * server may start again; CONTRACTED cannot be rolled back and refuses every server older than R. A constant
   * as old as the column (no {@code @Since}, or one not after the column's release) is always writable.
   *
   * @return the release whose contract the constant waits for, or null when it may be written
   */
  public static Version constantWaiting(SchemaModel model, Column oldest, dev.crossfade.schema.EnumConstant constant,
      Function<Version, Phase> phases) {
    Version since = constant.since();
    if (since == null || !since.isAfter(model.sinceOf(oldest.entity(), oldest.field()))) {
      return null;
    }
    Phase phase = phases.apply(since);
    return phase != null && phase.atLeast(Phase.CONTRACTED) ? null : since;
  }

  /**
   * One datum: the entity's fields that carry it (one, or the old and new field of a move within the
   * table), the chain of places, and where writes go.
   *
   * @param members indices of the entity's fields that carry it, by increasing position in the chain
   * @param positions the position of each member in the chain
   * @param chain the places, oldest first
   * @param moves the moves between places ({@code moves.get(i)} takes {@code chain.get(i)} to {@code chain.get(i+1)})
   * @param truth the position of the source of truth on this shard
   * @param writes where a write goes, converted from the carrier (the last member)
   */
  public record Datum(List<Integer> members, List<Integer> positions, List<Column> chain, List<Move> moves, int truth,
      List<Write> writes) {
    public Datum {
      members = List.copyOf(members);
      positions = List.copyOf(positions);
      chain = List.copyOf(chain);
      moves = List.copyOf(moves);
      writes = List.copyOf(writes);
    }

    /** The field whose value a write takes first: the newest member. */
    public int carrier() {
      return members.get(members.size() - 1);
    }

    /** The converters that take a value at chain position {@code from} to position {@code to}. */
    public List<Step> steps(int from, int to) {
      List<Step> steps = new ArrayList<>();
      for (int i = from; i < to; i++) {
        String c = moves.get(i).converter();
        if (c != null) {
          steps.add(new Step(c, true));
        }
      }
      for (int i = from - 1; i >= to; i--) {
        String c = moves.get(i).converter();
        if (c != null) {
          steps.add(new Step(c, false));
        }
      }
      return steps;
    }
  }

  /**
   * One statement of a delete by key.
   *
   * @param table the table
   * @param keyColumn its key column, compared with the entity's key (the first of {@code keyColumns})
   * @param clear null to delete the row; else the columns set to NULL (an old place that fed a moved field,
   *     which must not keep the value: the backfill would bring the row back)
   * @param keyColumns the key's columns, compared with the entity's key in order: one, or a composite key's
   */
  public record Delete(EntityDef table, String keyColumn, List<Column> clear, List<String> keyColumns) {
    public Delete {
      clear = clear == null ? null : List.copyOf(clear);
      keyColumns = keyColumns == null ? List.of(keyColumn) : List.copyOf(keyColumns);
    }

    /** A delete by a single-column key. */
    public Delete(EntityDef table, String keyColumn, List<Column> clear) {
      this(table, keyColumn, clear, null);
    }
  }

  /** The field placement of the named field. */
  public FieldPlacement field(String name) {
    for (FieldPlacement f : fields) {
      if (f.field().name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(entity.simpleName() + " has no field " + name);
  }

  /** The placement of {@code entity} on a shard whose releases are in the given phases. */
  public static Placement of(SchemaModel model, EntityDef entity, Function<Version, Phase> phases) {
    return new Builder(model, entity, phases).build();
  }

  private static final class Builder {
    final SchemaModel model;
    final EntityDef entity;
    final Function<Version, Phase> phases;
    /** The entity whose table was renamed to this one's, or null. */
    final EntityDef renamedFrom;

    Builder(SchemaModel model, EntityDef entity, Function<Version, Phase> phases) {
      this.model = model;
      this.entity = entity;
      this.phases = phases;
      this.renamedFrom = model.renamedFrom(entity).orElse(null);
    }

    Phase phase(Version v) {
      Phase p = phases.apply(v);
      return p == null ? Phase.PENDING : p;
    }

    boolean tableExists(EntityDef e) {
      return Layout.tableExists(model, e, this::phase);
    }

    /** The column is on the shard, by the rule the drift check's layout uses. */
    boolean exists(Column c) {
      return Layout.columnExists(model, c.entity(), c.field(), this::phase);
    }

    /** The column is on the shard and not about to go: from CONTRACTING on, contract may drop it at any moment. */
    boolean live(Column c) {
      Version dep = model.deprecatedInOf(c.entity(), c.field());
      return exists(c) && (dep == null || !phase(dep).atLeast(Phase.CONTRACTING));
    }

    Placement build() {
      Version since = model.sinceOf(entity);
      String gone = null;
      if (entity.deprecatedIn() != null && phase(entity.deprecatedIn()).atLeast(Phase.CONTRACTING)) {
        gone = entity.simpleName() + " is deprecated in release " + entity.deprecatedIn() + ", which is "
            + phase(entity.deprecatedIn()) + " here, so its table is dropped (or about to be)";
      }
      String missing = tableExists(entity) ? null
          : entity.simpleName() + " is created by release " + since + ", which is " + phase(since) + " here";

      List<FieldDef> fields = entity.fields();
      List<Datum> datums = new ArrayList<>();
      int[] datumOf = new int[fields.size()];
      java.util.Arrays.fill(datumOf, -1);
      for (int i = 0; i < fields.size(); i++) {
        if (datumOf[i] >= 0) {
          continue;
        }
        Datum d = datum(i);
        for (int m : d.members()) {
          datumOf[m] = datums.size();
        }
        datums.add(d);
      }

      // The driving table: the parent while some field's truth is there (a split not yet MIGRATED).
      EntityDef parent = null;
      for (Datum d : datums) {
        Column truth = d.chain().get(d.truth());
        Role truthRole = role(d, d.truth());
        if ((truthRole == Role.PARENT || truthRole == Role.OLD_TABLE) && live(truth)) {
          parent = truth.entity();
          break;
        }
      }
      String absent = gone != null ? gone : missing != null && parent == null ? missing : null;
      // A renamed entity whose table is not there yet lives in the old table alone: it is written there.
      boolean oldTableOnly = absent == null && missing != null && renamedFrom != null && parent == renamedFrom;
      String unwritable = absent != null ? absent : oldTableOnly ? null : missing;
      boolean ownRow = unwritable == null && missing == null;
      EntityDef driver = absent != null ? null : parent != null ? parent : entity;

      List<FieldPlacement> placed = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        FieldDef f = fields.get(i);
        Datum d = datums.get(datumOf[i]);
        int position = d.positions().get(d.members().indexOf(i));
        Read read;
        if (f.id()) {
          boolean own = driver == null || driver == entity;
          read = new Read(new Column(driver == null ? entity : driver, own ? f : driver.id()), List.of(),
              own ? Role.OWN : driver == renamedFrom ? Role.OLD_TABLE : Role.PARENT);
        } else {
          Column truth = d.chain().get(d.truth());
          read = live(truth) ? new Read(truth, d.steps(d.truth(), position), role(d, d.truth()))
              : new Read(null, List.of(), Role.OWN);
        }
        Version unexpanded = null;
        Column first = d.chain().get(0);
        if (!f.id() && d.writes().isEmpty() && !phase(model.sinceOf(first.entity(), first.field())).atLeast(Phase.EXPANDED)) {
          unexpanded = model.sinceOf(first.entity(), first.field());
        }
        Map<String, Version> waiting = new LinkedHashMap<>();
        for (dev.crossfade.schema.EnumConstant c : f.constants()) {
          Version r = constantWaiting(model, first, c, this::phase);
          if (r != null) {
            waiting.put(c.name(), r);
          }
        }
        placed.add(new FieldPlacement(f, datumOf[i], read, unexpanded, waiting));
      }
      return new Placement(entity, absent, unwritable, driver, placed, datums,
          unwritable != null ? List.of() : deletes(datums, ownRow), absent != null ? List.of() : extracted(), ownRow);
    }

    /**
     * The extractions of this entity: as the child, every keyed move into it whose column is still on the shard;
     * as the parent, every keyed move out of its fields whose column is still on the shard.
     */
    List<Extracted> extracted() {
      List<Extracted> out = new ArrayList<>();
      for (Version r : model.releases()) {
        for (Move m : model.movesIn(r)) {
          if (!m.keyed()) {
            continue;
          }
          Column column = new Column(m.source(), m.field());
          if (!exists(column)) {
            continue;
          }
          boolean truth = !phase(m.release()).atLeast(Phase.MIGRATED);
          boolean written = live(column);
          if (m.target().table().equals(entity.table())) {
            out.add(new Extracted(m, truth, written, true));
          } else if (m.source().table().equals(entity.table())) {
            boolean childLive = live(new Column(m.target(), m.targetField()));
            out.add(new Extracted(m, truth, written, written && childLive));
          }
        }
      }
      return out;
    }

    /** The datum field {@code i} carries, with the entity's other fields on the same chain. */
    Datum datum(int index) {
      FieldDef field = entity.fields().get(index);
      List<Column> chain = new ArrayList<>();
      List<Move> moves = new ArrayList<>();
      chain.add(new Column(entity, field));
      if (!field.id()) {
        // Upstream: what moved into this place, and into that, oldest first.
        Column at = chain.get(0);
        for (Optional<Move> in = model.moveInto(at.entity(), at.field()); in.isPresent() && chain.size() < 64;
            in = model.moveInto(at.entity(), at.field())) {
          at = new Column(in.get().source(), in.get().field());
          chain.add(0, at);
          moves.add(0, in.get());
        }
        // Downstream: where this place moved, and where that moved.
        at = chain.get(chain.size() - 1);
        for (Move out = moveOut(at); out != null && chain.size() < 64; out = moveOut(at)) {
          at = new Column(out.target(), out.targetField());
          chain.add(at);
          moves.add(out);
        }
      }
      List<Integer> members = new ArrayList<>();
      List<Integer> positions = new ArrayList<>();
      for (int p = 0; p < chain.size(); p++) {
        Column c = chain.get(p);
        if (c.entity().table().equals(entity.table())) {
          int m = entity.fields().indexOf(c.field());
          if (m >= 0) {
            members.add(m);
            positions.add(p);
          }
        }
      }
      int truth = 0;
      while (truth < moves.size() && phase(moves.get(truth).release()).atLeast(Phase.MIGRATED)) {
        truth++;
      }
      Datum shape = new Datum(members, positions, chain, moves, truth, List.of());
      List<Write> writes = new ArrayList<>();
      if (!field.id()) {
        int carrier = positions.get(positions.size() - 1);
        for (int p = 0; p < chain.size(); p++) {
          Column c = chain.get(p);
          if (live(c)) {
            writes.add(new Write(c, shape.steps(carrier, p), role(shape, p)));
          }
        }
      }
      return new Datum(members, positions, chain, moves, truth, writes);
    }

    Move moveOut(Column at) {
      if (at.field().move() == null || at.field().move().keyed() || at.field().deprecatedIn() == null) {
        return null; // an extraction makes rows, not a next place of the datum (see Extracted)
      }
      for (Move m : model.movesIn(at.field().deprecatedIn())) {
        if (m.source().table().equals(at.table()) && m.field().name().equals(at.field().name())) {
          return m;
        }
      }
      return null;
    }

    /** Whether chain position {@code p} is in the entity's table, a child split off from it, or its parent. */
    Role role(Datum d, int p) {
      Column c = d.chain().get(p);
      if (c.entity().table().equals(entity.table())) {
        return Role.OWN;
      }
      if (renamedFrom != null && c.entity().table().equals(renamedFrom.table())) {
        return Role.OLD_TABLE;
      }
      return p < d.positions().get(0) ? Role.PARENT : Role.CHILD;
    }

    List<Delete> deletes(List<Datum> datums, boolean ownRow) {
      Map<String, EntityDef> children = new LinkedHashMap<>();
      Map<String, List<Column>> feeders = new LinkedHashMap<>();
      Map<String, EntityDef> feederTables = new LinkedHashMap<>();
      for (Datum d : datums) {
        for (int p = 0; p < d.chain().size(); p++) {
          Column c = d.chain().get(p);
          Role role = role(d, p);
          if (role == Role.CHILD && tableExists(c.entity())) {
            children.putIfAbsent(c.table(), c.entity());
          } else if (role == Role.PARENT && live(c) && c.field().nullable()) {
            feeders.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
            feederTables.putIfAbsent(c.table(), c.entity());
          }
        }
      }
      List<Delete> out = new ArrayList<>();
      children.forEach((t, child) -> out.add(new Delete(child, child.id().column(), null)));
      if (renamedFrom != null && tableExists(renamedFrom)
          && !phase(renamedFrom.deprecatedIn()).atLeast(Phase.CONTRACTING)) {
        // The old row goes too: an older server would read it, and the backfill would bring the entity back.
        out.add(new Delete(renamedFrom, renamedFrom.id().column(), null));
      }
      feeders.forEach((t, cols) -> out.add(new Delete(feederTables.get(t), feederTables.get(t).id().column(), cols)));
      if (ownRow) {
        out.add(new Delete(entity, entity.ids().get(0).column(), null, entity.keyColumns()));
      }
      return out;
    }
  }
}
