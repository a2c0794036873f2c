package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.Change.CopyStep;

/**
 * The statements of one backfill step, a keyset walk over the source table's key that needs no sentinel
 * value (so string and UUID keys work): {@code firstKey} gives the smallest key. Each batch runs in one
 * transaction: {@code bounds} ({@code ? = first key of the batch, ? = batch size - 1}, no lock) returns the
 * batch's last key and the key after it, where the next batch starts (one key: the last batch). Then either
 * {@code copy} ({@code ? = first key, ? = last key of the batch}, both inclusive) moves the data inside the
 * database in one statement that locks the batch's old rows itself (an {@code UPDATE} of the same table, or
 * {@code SELECT … FOR UPDATE} inside the {@code INSERT}), so a concurrent writer waits for the copy instead of
 * racing it; or, for converted moves, {@code read} (same two parameters, {@code FOR UPDATE}) fetches and locks
 * the old values and {@code write} (the new values, then the key) stores each converted row. {@code verify}
 * counts the rows whose new place does not match the old one (zero means done); converted steps can only count
 * rows missing their new place. A converted step whose converters declare an SQL equivalent
 * ({@code @SqlEquivalent}) has a {@code copy} that converts inside the database, and its {@code read} is the check
 * (same two parameters) that returns the key, the old values and the SQL's new values, for the migrator to
 * compare with the Java converters; its {@code verify} compares every row like an unconverted step's.
 *
 * <p>A 1:N extraction step (one column becomes the child row of one key) first runs {@code lock} (same two
 * parameters): it locks the batch's parent rows, those whose column is NULL too, before its {@code copy} and its
 * {@code clear} touch child rows, in the order the repositories' writers take them (parent, then child). Its
 * {@code clear} (same two parameters) deletes that child row of the batch's parents whose column is NULL, because
 * an older server may have cleared the column after a newer one wrote the row. {@code sweep}, for a table rename
 * only (else null), deletes the new rows whose old row is gone (an older server deleted it from the old table alone
 * while the window was open); it runs once, in the transaction that records the walk as done, and {@code verify}
 * counts such rows too.
 */
public record BackfillSql(
    CopyStep step, String keyColumn, String firstKey, String bounds, String copy, String read, String write,
    String verify, String lock, String clear, String sweep) {

  /** A step that is neither an extraction nor a table rename. */
  public BackfillSql(CopyStep step, String keyColumn, String firstKey, String bounds, String copy, String read,
      String write, String verify) {
    this(step, keyColumn, firstKey, bounds, copy, read, write, verify, null, null, null);
  }

  public boolean converted() {
    return step.converted();
  }

  /** Whether the step is copied by one statement inside the database ({@code copy}), converted or not. */
  public boolean inDatabase() {
    return copy != null;
  }
}
