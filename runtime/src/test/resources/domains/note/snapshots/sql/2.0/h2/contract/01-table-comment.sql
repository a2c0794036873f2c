-- Say where the notes came from, for whoever reads the catalogue after the old table is gone.
COMMENT ON TABLE "customer_note" IS 'customer notes; table note until release 2.0'
