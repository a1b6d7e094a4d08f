-- Consumption rollups recomputed from the raw readings by the aggregation job: per light point,
-- cabinet and meter, per hour (UTC-aligned instants) and per local day of the territory. Each row
-- carries the share of its bucket the readings cover, so a total is never read without knowing
-- how much data stands behind it. Districts, action scopes and months are views on these.

CREATE TABLE lamp_rollups_hourly (
    light_point_id  integer NOT NULL,
    hour_start      timestamptz NOT NULL,
    energy_wh       double precision NOT NULL CHECK (energy_wh >= 0),
    coverage        real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (light_point_id, hour_start)
);
CREATE INDEX lamp_rollups_hourly_hour_brin ON lamp_rollups_hourly USING brin (hour_start);

CREATE TABLE lamp_rollups_daily (
    light_point_id  integer NOT NULL,
    day             date NOT NULL,
    energy_wh       double precision NOT NULL CHECK (energy_wh >= 0),
    coverage        real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    computed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (light_point_id, day)
);
CREATE INDEX lamp_rollups_daily_day_idx ON lamp_rollups_daily (day);

CREATE TABLE cabinet_rollups_hourly (
    cabinet_id   integer NOT NULL,
    hour_start   timestamptz NOT NULL,
    energy_kwh   double precision NOT NULL CHECK (energy_kwh >= 0),
    coverage     real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cabinet_id, hour_start)
);

-- value: consumption in the meter's unit (cumulative and interval meters) or the mean of the
-- readings (instant meters, e.g. indoor temperature).
CREATE TABLE meter_rollups_hourly (
    meter_id     integer NOT NULL,
    hour_start   timestamptz NOT NULL,
    value        double precision NOT NULL,
    coverage     real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_id, hour_start)
);

CREATE TABLE meter_consumption_daily (
    meter_id     integer NOT NULL,
    day          date NOT NULL,
    value        double precision NOT NULL,
    coverage     real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meter_id, day)
);

-- Where the aggregation job stands in ingest_batches: the last committed_at it handled, and the
-- ids it handled within the re-read margin (see 0005), so a batch is recomputed once.
CREATE TABLE aggregation_cursors (
    name          text PRIMARY KEY,
    committed_at  timestamptz NOT NULL,
    recent_ids    bigint[] NOT NULL DEFAULT '{}',
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A district's day: energy of its light points and the share of point-days covered (points
-- without any reading that day count as uncovered).
CREATE VIEW district_rollups_daily AS
SELECT lp.district_id, r.day, sum(r.energy_wh) / 1000.0 AS energy_kwh,
       sum(r.coverage) / max(n.points) AS coverage
FROM lamp_rollups_daily r
JOIN light_points lp ON lp.id = r.light_point_id
JOIN (SELECT district_id, count(*) AS points FROM light_points GROUP BY district_id) n
    ON n.district_id = lp.district_id
GROUP BY lp.district_id, r.day;

CREATE VIEW cabinet_lamp_rollups_hourly AS
SELECT lp.cabinet_id, r.hour_start, sum(r.energy_wh) / 1000.0 AS energy_kwh,
       sum(r.coverage) / max(n.points) AS coverage
FROM lamp_rollups_hourly r
JOIN light_points lp ON lp.id = r.light_point_id
JOIN (SELECT cabinet_id, count(*) AS points FROM light_points GROUP BY cabinet_id) n
    ON n.cabinet_id = lp.cabinet_id
GROUP BY lp.cabinet_id, r.hour_start;

CREATE VIEW lamp_rollups_monthly AS
SELECT light_point_id, date_trunc('month', day)::date AS month, sum(energy_wh) AS energy_wh,
       sum(coverage) / max(extract(day FROM date_trunc('month', day) + interval '1 month'
                                   - interval '1 day')) AS coverage
FROM lamp_rollups_daily
GROUP BY light_point_id, date_trunc('month', day);

CREATE VIEW district_rollups_monthly AS
SELECT district_id, date_trunc('month', day)::date AS month, sum(energy_kwh) AS energy_kwh,
       sum(coverage) / max(extract(day FROM date_trunc('month', day) + interval '1 month'
                                   - interval '1 day')) AS coverage
FROM district_rollups_daily
GROUP BY district_id, date_trunc('month', day);

CREATE VIEW meter_consumption_monthly AS
SELECT meter_id, date_trunc('month', day)::date AS month, sum(value) AS value,
       sum(coverage) / max(extract(day FROM date_trunc('month', day) + interval '1 month'
                                   - interval '1 day')) AS coverage
FROM meter_consumption_daily
GROUP BY meter_id, date_trunc('month', day);
