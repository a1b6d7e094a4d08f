-- What the effects of lighting actions are measured with, where and how (docs/methods.md §3):
--
-- * lighting_days: each local day's scheduled burning window of a territory (lit until the
--   morning switch-off, lit again from the evening switch-on: sun times with the territory's
--   switching offsets). The aggregation keeps it for the days it needs. It is the driver of the
--   lighting baselines where no device measured the switching, and it shares a long meter
--   interval among the days it spans in proportion to their lit time;
-- * cabinet_rollups_daily: each control cabinet's energy per local day from its meter, whatever
--   the meter's reading period (a daily index counts), and the burning hours measured from its
--   power readings where they are close enough to time the switching;
-- * effects: the measurement boundary, the IPMVP option, what was measured and what stipulated,
--   the method's parameters, the non-routine adjustments applied, a normal-year figure, whether
--   the figure can be relied on and whether it is the one presented for its action;
-- * effect_adjustments: non-routine adjustments recorded by people (a switch-off policy, points
--   added by other works, a change of floor area or occupancy), applied to the baseline;
-- * indicator_values: the 95 % interval of a value, where it has one.

CREATE TABLE lighting_days (
    territory_id    smallint NOT NULL REFERENCES territories ON DELETE CASCADE,
    day             date NOT NULL,
    day_start       timestamptz NOT NULL,
    day_end         timestamptz NOT NULL,
    off_at          timestamptz NOT NULL,
    on_at           timestamptz NOT NULL,
    lit_hours       real NOT NULL CHECK (lit_hours BETWEEN 0 AND 25),
    on_offset_min   real NOT NULL,
    off_offset_min  real NOT NULL,
    PRIMARY KEY (territory_id, day),
    CHECK (day_start <= off_at AND off_at <= on_at AND on_at <= day_end)
);

CREATE TABLE cabinet_rollups_daily (
    cabinet_id   integer NOT NULL,
    day          date NOT NULL,
    energy_kwh   double precision NOT NULL CHECK (energy_kwh >= 0),
    coverage     real NOT NULL CHECK (coverage BETWEEN 0 AND 1),
    on_hours     real CHECK (on_hours BETWEEN 0 AND 25),
    on_coverage  real NOT NULL DEFAULT 0 CHECK (on_coverage BETWEEN 0 AND 1),
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cabinet_id, day)
);
CREATE INDEX cabinet_rollups_daily_day_idx ON cabinet_rollups_daily (day);

ALTER TABLE effects
    ADD COLUMN boundary text CHECK (boundary IN (
        'cabinet_meters', 'point_controllers', 'control_group', 'equipment_nameplate',
        'building_meters')),
    ADD COLUMN ipmvp_option text CHECK (ipmvp_option IN ('A', 'B', 'C', 'D')),
    ADD COLUMN deemed boolean NOT NULL DEFAULT false,
    ADD COLUMN measured text[] NOT NULL DEFAULT '{}',
    ADD COLUMN stipulated text[] NOT NULL DEFAULT '{}',
    ADD COLUMN parameters jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(parameters) = 'object'),
    ADD COLUMN adjustments jsonb NOT NULL DEFAULT '[]'
        CHECK (jsonb_typeof(adjustments) = 'array'),
    ADD COLUMN adjustments_kwh double precision NOT NULL DEFAULT 0,
    ADD COLUMN annual_saved_kwh double precision,
    ADD COLUMN annual_saved_kwh_low double precision,
    ADD COLUMN annual_saved_kwh_high double precision,
    ADD COLUMN reliable boolean NOT NULL DEFAULT true,
    ADD COLUMN headline boolean NOT NULL DEFAULT false;

CREATE OR REPLACE VIEW effects_latest AS
SELECT DISTINCT ON (e.action_id, e.method) e.*
FROM effects e
ORDER BY e.action_id, e.method, e.reporting_end DESC, e.computed_at DESC, e.id DESC;

CREATE TABLE effect_adjustments (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id       integer NOT NULL REFERENCES actions ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN (
                        'points_added', 'points_removed', 'switch_off_policy', 'floor_area',
                        'occupancy', 'other')),
    starts_on       date NOT NULL,
    ends_on         date,
    kwh_per_year    double precision NOT NULL CHECK (kwh_per_year <> 'NaN'
                                                     AND abs(kwh_per_year) < 1e12),
    district_id     integer REFERENCES districts,
    cabinet_id      integer REFERENCES control_cabinets,
    light_point_id  integer REFERENCES light_points,
    building_id     integer REFERENCES buildings,
    reason          text NOT NULL CHECK (length(btrim(reason)) > 0),
    recorded_by     integer REFERENCES people,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    withdrawn_at    timestamptz,
    withdrawn_by    integer REFERENCES people,
    CHECK (ends_on IS NULL OR ends_on > starts_on),
    CHECK (num_nonnulls(district_id, cabinet_id, light_point_id, building_id) <= 1)
);
CREATE INDEX effect_adjustments_action_idx ON effect_adjustments (action_id);

ALTER TABLE indicator_values
    ADD COLUMN value_low double precision,
    ADD COLUMN value_high double precision,
    ADD CHECK (value_low IS NULL OR value_low <= value),
    ADD CHECK (value_high IS NULL OR value_high >= value);
