package dev.crossfade.schema.sql;

/**
 * One statement that undoes part of an expand (rollback EXPANDED -> PENDING), with the query that counts
 * what it would destroy. Moved data is only a copy of the old place, so dropping it loses nothing;
 * a column or table that holds data of its own has a {@code lossCount}, and the migrator refuses to drop
 * it while that count is above zero unless forced.
 *
 * <p>A statement that restores a {@code NOT NULL} which expand relaxed destroys nothing, but the database
 * rejects it while some row is NULL there; its {@code blockerCount} counts those rows, and the migrator
 * refuses (force or not) while it is above zero, asking for them to be filled first.
 *
 * @param drop the statement and its reason
 * @param lossCount a {@code SELECT count(*)} of the rows whose data would be lost, or null when none can be
 * @param loses what would be lost, in words, for the refusal message
 * @param restores whether the statement restores a constraint rather than dropping a structure
 * @param blockerCount a {@code SELECT count(*)} of the rows that make the statement fail, or null
 * @param blocks those rows in words, for the refusal message
 * @param structure whether it drops an index or a constraint, which holds no data of its own
 */
public record RollbackSql(Statement drop, String lossCount, String loses, boolean restores, String blockerCount,
    String blocks, boolean structure) {
  public RollbackSql(Statement drop, String lossCount, String loses, boolean restores, String blockerCount,
      String blocks) {
    this(drop, lossCount, loses, restores, blockerCount, blocks, false);
  }

  /** A statement that drops an index or a constraint expand added: it destroys no data. */
  public static RollbackSql structure(Statement drop) {
    return new RollbackSql(drop, null, null, false, null, null, true);
  }

  public RollbackSql(Statement drop, String lossCount, String loses) {
    this(drop, lossCount, loses, false, null, null);
  }

  /** A statement that restores a constraint: it destroys nothing, but fails while {@code blockerCount} is above 0. */
  public static RollbackSql restoring(Statement statement, String blockerCount, String blocks) {
    return new RollbackSql(statement, null, null, true, blockerCount, blocks);
  }
}
