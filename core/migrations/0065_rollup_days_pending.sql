-- Local days whose daily rollups wait to be recomputed. A cabinet's day is recomputed from raw
-- readings that may span a day either side of it (a daily meter index), which is too much work
-- to repeat on every small batch of a live stream: the rollup job marks the days a batch
-- touches, and the daily step recomputes them every few minutes (at once for one-shot runs).

CREATE TABLE rollup_days_pending (
    territory_id  smallint NOT NULL REFERENCES territories ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('cabinet')),
    day           date NOT NULL,
    marked_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (territory_id, kind, day)
);
