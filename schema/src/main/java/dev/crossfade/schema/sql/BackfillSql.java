package dev.crossfade.schema.sql;

import dev.crossfade.schema.plan.Change.CopyStep;

/**
 * The statements of one backfill step. A batch runs in one transaction: {@code lockNextBatch}
 * ({@code ? = last key done, ? = batch size}) locks the next keys of the old rows, so a concurrent writer
 * waits for the copy instead of racing it; then either {@code copy} ({@code ? = last key done, ? = last key
 * of the batch}) moves the data inside the database, or, for converted moves, {@code read} (same two
 * parameters) fetches the old values and {@code write} (the new values, then the key) stores each
 * converted row. {@code verify} counts the rows whose new place does not match the old one (zero means
 * done); converted steps can only count rows missing their new place.
 */
public record BackfillSql(
    CopyStep step, String keyColumn, String lockNextBatch, String copy, String read, String write, String verify) {

  public boolean converted() {
    return step.converted();
  }
}
