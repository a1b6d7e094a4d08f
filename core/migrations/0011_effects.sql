-- Effects of actions (avoided energy against a counterfactual), with their method, periods,
-- 95 % interval, data coverage and sufficiency warnings; daily outdoor temperatures for the
-- degree-day baselines; provenance of indicator computations; and the history of the météo.

CREATE TABLE effects (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id            integer NOT NULL REFERENCES actions ON DELETE CASCADE,
    method               text NOT NULL,
    method_version       text NOT NULL,
    baseline_start       date NOT NULL,
    baseline_end         date NOT NULL,
    reporting_start      date NOT NULL,
    reporting_end        date NOT NULL,
    counterfactual_kwh   double precision,
    actual_kwh           double precision,
    saved_kwh            double precision,
    saved_kwh_low        double precision,
    saved_kwh_high       double precision,
    saved_pct            double precision,
    saved_pct_low        double precision,
    saved_pct_high       double precision,
    coverage_baseline    real NOT NULL CHECK (coverage_baseline BETWEEN 0 AND 1),
    coverage_reporting   real NOT NULL CHECK (coverage_reporting BETWEEN 0 AND 1),
    sufficient           boolean NOT NULL,
    warnings             text[] NOT NULL DEFAULT '{}',
    fit                  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fit) = 'object'),
    computed_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (baseline_end > baseline_start AND reporting_end > reporting_start),
    CHECK (baseline_end <= reporting_start),
    UNIQUE (action_id, method, reporting_start)
);

CREATE TABLE weather_observations (
    territory_id  smallint NOT NULL REFERENCES territories,
    day           date NOT NULL,
    tmin_c        real NOT NULL,
    tmax_c        real NOT NULL,
    source        text NOT NULL,
    PRIMARY KEY (territory_id, day),
    CHECK (tmax_c >= tmin_c)
);

CREATE TABLE indicator_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    period          text NOT NULL CHECK (period IN ('day', 'month', 'year')),
    period_from     date NOT NULL,
    period_to       date NOT NULL,
    indicators      integer NOT NULL DEFAULT 0,
    values_written  integer NOT NULL DEFAULT 0
);
ALTER TABLE indicator_values ADD COLUMN run_id bigint REFERENCES indicator_runs;

CREATE TABLE meteo_history (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_kind  text NOT NULL CHECK (subject_kind IN ('action', 'mission')),
    subject_id    integer NOT NULL,
    status        text NOT NULL CHECK (status IN (
                      'sunny', 'cloudy', 'rainy', 'stormy', 'no_data')),
    explanation   text NOT NULL,
    drivers       text[] NOT NULL DEFAULT '{}',
    changed_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meteo_history_subject_idx ON meteo_history (subject_kind, subject_id, changed_at);

CREATE VIEW meteo_current AS
SELECT DISTINCT ON (subject_kind, subject_id) subject_kind, subject_id, status, explanation,
       drivers, changed_at
FROM meteo_history
ORDER BY subject_kind, subject_id, changed_at DESC, id DESC;
