-- The dunning run lists a customer's open invoices: H2 has no partial index, so a plain one on status.
-- crossfade:creates index invoice_open_idx on invoice
CREATE INDEX IF NOT EXISTS "invoice_open_idx" ON "invoice" ("status");
