-- Case-insensitive search of customer notes: support's lookup filters on lower(text).
-- crossfade:creates index customer_note_text_lower_idx on customer_note
CREATE INDEX CONCURRENTLY IF NOT EXISTS customer_note_text_lower_idx ON customer_note (lower(text));
