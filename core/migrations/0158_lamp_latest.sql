-- The latest reading of each light point, kept as it arrives ("latest telemetry", as
-- ThingsBoard's ts_kv_latest): one row per point with every column of its newest reading in
-- lamp_readings. The panels of points' states, device freshness and the controller_offline rule
-- read it with one join instead of one backward index probe per point (49,700 for Angers).
--
-- The collector writes it in the transaction that stores a batch of readings (live and
-- imported history), from the rows really inserted: per point the newest of the batch, kept
-- only when newer than the stored one (`WHERE lamp_latest.ts < excluded.ts`). A late reading or
-- a redelivery never moves it backwards and a duplicate changes nothing, so a row is the newest
-- stored reading of its point, byte for byte. Rows are written in point order, so concurrent
-- collectors and imports lock them in the same order.
--
-- Retention removes old readings, not the latest state: a point silent longer than the retention
-- keeps its last reading here. No foreign key, as for the readings (0003): the collector checks
-- points against its registry, and every reader joins light_points.
--
-- Most writes update a row in place; the fill factor leaves room on each page so that the update
-- is HOT (no index change: the key never changes) and autovacuum prunes often.

CREATE TABLE lamp_latest (
    light_point_id        integer PRIMARY KEY,
    ts                    timestamptz NOT NULL,
    received_at           timestamptz NOT NULL,
    power_state           text,
    power_w               real,
    dimming_pct           smallint,
    energy_wh             double precision,
    voltage_v             real,
    current_a             real,
    power_factor          real,
    lamp_operating_hours  real,
    lamp_switch_counter   integer,
    lamp_failure          boolean,
    day_burner            boolean,
    cycling_failure       boolean,
    controller_temp_c     real
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02,
        autovacuum_analyze_scale_factor = 0.05);
COMMENT ON TABLE lamp_latest IS
    'The newest stored reading of each light point (written by the collector with the readings).';

-- The newest reading of each registered point: in the last week first, through the whole history
-- only for a point silent longer (see 0151: an unbounded probe visits every partition).
INSERT INTO lamp_latest (light_point_id, ts, received_at, power_state, power_w, dimming_pct,
                         energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours,
                         lamp_switch_counter, lamp_failure, day_burner, cycling_failure,
                         controller_temp_c)
SELECT r.light_point_id, r.ts, r.received_at, r.power_state, r.power_w, r.dimming_pct,
       r.energy_wh, r.voltage_v, r.current_a, r.power_factor, r.lamp_operating_hours,
       r.lamp_switch_counter, r.lamp_failure, r.day_burner, r.cycling_failure,
       r.controller_temp_c
FROM light_points lp
CROSS JOIN LATERAL (
    (SELECT * FROM lamp_readings x
     WHERE x.light_point_id = lp.id AND x.ts > now() - interval '7 days'
     ORDER BY x.ts DESC LIMIT 1)
    UNION ALL
    (SELECT * FROM lamp_readings x WHERE x.light_point_id = lp.id ORDER BY x.ts DESC LIMIT 1)
    LIMIT 1
) r;

GRANT SELECT, INSERT, UPDATE ON lamp_latest TO vigie_collector;
GRANT SELECT ON lamp_latest TO vigie_worker, vigie_api;

-- For Grafana, as reporting.lamp_readings: the territories its login may read.
CREATE VIEW reporting.lamp_latest WITH (security_barrier) AS
SELECT l.ts, l.received_at, l.light_point_id, lp.code, d.code AS district_code, l.power_state,
       l.power_w, l.dimming_pct, l.energy_wh, l.voltage_v, l.current_a, l.power_factor,
       l.lamp_operating_hours, l.lamp_switch_counter, l.lamp_failure, l.day_burner,
       l.cycling_failure, l.controller_temp_c, lp.reporting_period_s, t.code AS territory
FROM lamp_latest l
JOIN light_points lp ON lp.id = l.light_point_id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE c.territory_id = ANY ((SELECT reporting.readable_territories())::smallint[]);
-- Default privileges (0040) let vigie_grafana read it; the services read it too.
GRANT SELECT ON reporting.lamp_latest TO vigie_worker, vigie_api;
