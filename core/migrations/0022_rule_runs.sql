-- Where the rules worker stands: its cursor over committed ingest batches, and one row per rule
-- run (what a scheduled job needs to resume after a restart, and what an operator reads).

-- Batch ids are taken before commit, so the cursor is the commit time of the newest batch
-- handled; a reader re-reads a margin before it and skips the ids it has already handled.
CREATE TABLE worker_cursors (
    name          text PRIMARY KEY,
    committed_at  timestamptz NOT NULL,
    last_id       bigint NOT NULL DEFAULT 0 CHECK (last_id >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rule_runs (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job            text NOT NULL,
    rule_id        text NOT NULL,
    territory_id   smallint NOT NULL REFERENCES territories,
    trigger        text NOT NULL CHECK (trigger IN ('readings', 'schedule', 'manual')),
    started_at     timestamptz NOT NULL,
    duration_ms    integer NOT NULL CHECK (duration_ms >= 0),
    subjects       integer NOT NULL CHECK (subjects >= 0),
    raised         integer NOT NULL CHECK (raised >= 0),
    opened         integer NOT NULL CHECK (opened >= 0),
    resolved       integer NOT NULL CHECK (resolved >= 0)
);
CREATE INDEX rule_runs_job_idx ON rule_runs (job, started_at DESC);
