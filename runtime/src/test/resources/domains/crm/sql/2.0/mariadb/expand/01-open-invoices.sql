-- The dunning run lists a customer's open invoices: MariaDB has no partial index, so a plain one on status, built in place.
-- crossfade:creates index invoice_open_idx on invoice
CREATE INDEX IF NOT EXISTS invoice_open_idx ON invoice (status) ALGORITHM=INPLACE LOCK=NONE;
