-- Say where the notes came from, for whoever reads the catalogue after the old table is gone.
ALTER TABLE customer_note COMMENT = 'customer notes; table note until release 2.0'
