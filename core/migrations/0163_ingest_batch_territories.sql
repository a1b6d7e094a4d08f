-- Ingest batches by territory. A batch (0005) may hold readings of several territories; the
-- collector records, in the statement that records the batch, how many of its rows each
-- territory got and their time span. reporting.ingest_batches (0146) showed batches only to the
-- logins that may read every territory; it now shows a territory's login its territories' parts
-- of the batches, and the installation's logins the whole batches as before.
--
-- No foreign key to ingest_batches: nothing deletes batches, and a TRUNCATE of ingest_batches
-- (benchmarks) must not need this table named with it; a part without its batch is never shown.

CREATE TABLE ingest_batch_territories (
    batch_id      bigint NOT NULL,
    territory_id  smallint NOT NULL REFERENCES territories (id) ON DELETE CASCADE,
    rows          integer NOT NULL CHECK (rows > 0),
    ts_min        timestamptz NOT NULL,
    ts_max        timestamptz NOT NULL,
    PRIMARY KEY (batch_id, territory_id),
    CHECK (ts_max >= ts_min)
);
COMMENT ON TABLE ingest_batch_territories IS
    'The rows of each ingest batch per territory (see reporting.ingest_batches).';

-- The territory of every light point, control cabinet and meter, by kind of readings.
CREATE VIEW asset_territories AS
SELECT 'lamp'::text AS kind, lp.id AS asset_id, c.territory_id
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
UNION ALL
SELECT 'cabinet', cc.id, c.territory_id
FROM control_cabinets cc
JOIN districts d ON d.id = cc.district_id
JOIN communes c ON c.id = d.commune_id
UNION ALL
SELECT 'meter', m.id, c.territory_id
FROM meters m
JOIN buildings b ON b.id = m.building_id
JOIN communes c ON c.id = b.commune_id;

GRANT INSERT ON ingest_batch_territories TO vigie_collector;
GRANT SELECT ON asset_territories TO vigie_collector, vigie_worker, vigie_api;
GRANT SELECT ON ingest_batch_territories TO vigie_worker, vigie_api;

-- An installation of one territory: every batch recorded so far is that territory's.
INSERT INTO ingest_batch_territories (batch_id, territory_id, rows, ts_min, ts_max)
SELECT b.id, t.id, b.rows, b.ts_min, b.ts_max
FROM ingest_batches b
CROSS JOIN territories t
WHERE (SELECT count(*) FROM territories) = 1;

CREATE OR REPLACE VIEW reporting.ingest_batches WITH (security_barrier) AS
SELECT b.committed_at, b.collector, b.kind, b.rows, b.ts_min, b.ts_max,
       extract(epoch FROM b.committed_at - b.ts_max) AS lag_s
FROM ingest_batches b
WHERE NOT EXISTS (
    SELECT 1 FROM territories t WHERE t.id <> ALL ((SELECT reporting.readable_territories())::smallint[])
)
UNION ALL
SELECT b.committed_at, b.collector, b.kind, p.rows, p.ts_min, p.ts_max,
       extract(epoch FROM b.committed_at - p.ts_max)
FROM ingest_batch_territories p
JOIN ingest_batches b ON b.id = p.batch_id
WHERE p.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[])
  AND EXISTS (
    SELECT 1 FROM territories t WHERE t.id <> ALL ((SELECT reporting.readable_territories())::smallint[])
);
