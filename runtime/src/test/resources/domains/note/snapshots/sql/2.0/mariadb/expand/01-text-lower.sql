-- Case-insensitive search of customer notes: MariaDB cannot index an expression, so a virtual column holds it.
-- crossfade:creates column text_lower on customer_note
ALTER TABLE customer_note ADD COLUMN IF NOT EXISTS text_lower varchar(200) AS (lower(text)) VIRTUAL;
