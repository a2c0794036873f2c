-- The dunning run lists a customer's open invoices: a partial index holds only those.
-- crossfade:creates index invoice_open_idx on invoice
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoice_open_idx ON invoice (customer_id) WHERE status = 'OPEN';
