-- Case-insensitive search of customer notes: a generated column holds lower(text).
-- crossfade:creates column text_lower on customer_note
ALTER TABLE "customer_note" ADD COLUMN IF NOT EXISTS "text_lower" VARCHAR(200) GENERATED ALWAYS AS (LOWER("text"));
