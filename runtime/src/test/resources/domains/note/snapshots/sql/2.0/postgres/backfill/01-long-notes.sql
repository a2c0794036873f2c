-- Support lists a customer's long notes; a partial index keeps only those, built once the backfill filled the table.
-- crossfade:creates index customer_note_long_idx on customer_note
CREATE INDEX CONCURRENTLY IF NOT EXISTS customer_note_long_idx ON customer_note (customer_id) WHERE length(text) > 100;
