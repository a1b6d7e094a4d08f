-- Wake on every committed batch of readings (see 0005_ingest_batches).
LISTEN vigie_ingest
