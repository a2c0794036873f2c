-- The index on the virtual column, built in place without blocking writes.
-- crossfade:creates index customer_note_text_lower_idx on customer_note
CREATE INDEX IF NOT EXISTS customer_note_text_lower_idx ON customer_note (text_lower) ALGORITHM=INPLACE LOCK=NONE;
