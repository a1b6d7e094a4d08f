-- Every batch of readings a collector commits is recorded here, in the same transaction as the
-- readings, and announced with NOTIFY vigie_ingest. A worker that listens reacts at once; a
-- worker that was down reads the batches committed since the last one it handled.
--
-- Ids are taken when a batch is inserted, not when it commits: with several collectors a
-- smaller id may become visible after a larger one. A reader that wants every batch reads by
-- committed_at with a margin (or re-reads the last few seconds), not by "id > last id" alone.

CREATE TABLE ingest_batches (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    collector     text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('lamp', 'cabinet', 'meter')),
    ts_min        timestamptz NOT NULL,
    ts_max        timestamptz NOT NULL,
    rows          integer NOT NULL CHECK (rows > 0),
    CHECK (ts_max >= ts_min)
);
CREATE INDEX ingest_batches_committed_idx ON ingest_batches (committed_at);

-- Dead letters are listed and replayed by kind and age, and counted by collector.
CREATE INDEX dead_letters_received_idx ON dead_letters (received_at);
