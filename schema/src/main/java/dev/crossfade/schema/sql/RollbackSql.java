package dev.crossfade.schema.sql;

/**
 * One statement that undoes part of an expand (rollback EXPANDED -> PENDING), with the query that counts
 * what it would destroy. Moved data is only a copy of the old place, so dropping it loses nothing;
 * a column or table that holds data of its own has a {@code lossCount}, and the migrator refuses to drop
 * it while that count is above zero unless forced.
 *
 * @param drop the statement and its reason
 * @param lossCount a {@code SELECT count(*)} of the rows whose data would be lost, or null when none can be
 * @param loses what would be lost, in words, for the refusal message
 */
public record RollbackSql(Statement drop, String lossCount, String loses) {}
