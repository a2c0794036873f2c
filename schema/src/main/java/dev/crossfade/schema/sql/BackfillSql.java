package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.Change.CopyStep;

/**
 * The statements of one backfill step, a keyset walk over the source table's key that needs no sentinel
 * value (so string and UUID keys work): {@code firstKey} gives the smallest key. Each batch runs in one
 * transaction: {@code lockNextBatch} ({@code ? = first key of the batch, ? = batch size + 1}) locks the
 * batch's old rows, so a concurrent writer waits for the copy instead of racing it, and returns one key
 * more, where the next batch starts. Then either {@code copy} ({@code ? = first key, ? = last key of the
 * batch}, both inclusive) moves the data inside the database, or, for converted moves, {@code read} (same
 * two parameters) fetches the old values and {@code write} (the new values, then the key) stores each
 * converted row. {@code verify} counts the rows whose new place does not match the old one (zero means
 * done); converted steps can only count rows missing their new place. A 1:N extraction step (one column becomes
 * the child row of one key) also has {@code clear} (same two parameters): it deletes that child row of the batch's
 * parents whose column is NULL, because an older server may have cleared the column after a newer one wrote the row.
 * {@code sweep}, for a table rename only (else null), deletes the new rows whose old row is gone (an older server
 * deleted it from the old table alone while the window was open); it runs once, in the transaction that records the
 * walk as done, and {@code verify} counts such rows too.
 */
public record BackfillSql(
    CopyStep step, String keyColumn, String firstKey, String lockNextBatch, String copy, String read, String write,
    String verify, String clear, String sweep) {

  /** A step that is neither an extraction nor a table rename. */
  public BackfillSql(CopyStep step, String keyColumn, String firstKey, String lockNextBatch, String copy, String read,
      String write, String verify) {
    this(step, keyColumn, firstKey, lockNextBatch, copy, read, write, verify, null, null);
  }

  public boolean converted() {
    return step.converted();
  }
}
