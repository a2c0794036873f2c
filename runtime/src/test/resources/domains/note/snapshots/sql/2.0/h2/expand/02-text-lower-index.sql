-- The index on the generated column.
-- crossfade:creates index customer_note_text_lower_idx on customer_note
CREATE INDEX IF NOT EXISTS "customer_note_text_lower_idx" ON "customer_note" ("text_lower");
