-- Readings as they arrive from the devices, one wide row per reading, keyed by (asset, ts) so a
-- redelivered reading changes nothing; and the dead letters that could not become readings.
-- Asset ids are checked by the collector against its registry, not by foreign keys, so that a
-- batch of readings costs no per-row lookup.

CREATE TABLE lamp_readings (
    light_point_id        integer NOT NULL,
    ts                    timestamptz NOT NULL,
    received_at           timestamptz NOT NULL DEFAULT now(),
    power_state           text CHECK (power_state IN ('on', 'off', 'low', 'bootingUp')),
    power_w               real CHECK (power_w >= 0),
    dimming_pct           smallint CHECK (dimming_pct BETWEEN 0 AND 100),
    energy_wh             double precision CHECK (energy_wh >= 0),
    voltage_v             real CHECK (voltage_v >= 0),
    current_a             real CHECK (current_a >= 0),
    power_factor          real CHECK (power_factor BETWEEN 0 AND 1),
    lamp_operating_hours  real CHECK (lamp_operating_hours >= 0),
    lamp_switch_counter   integer CHECK (lamp_switch_counter >= 0),
    lamp_failure          boolean,
    day_burner            boolean,
    cycling_failure       boolean,
    controller_temp_c     real,
    PRIMARY KEY (light_point_id, ts)
);

CREATE TABLE cabinet_readings (
    cabinet_id           integer NOT NULL,
    ts                   timestamptz NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    energy_kwh           double precision CHECK (energy_kwh >= 0),
    active_power_w       real CHECK (active_power_w >= 0),
    voltage_v            real CHECK (voltage_v >= 0),
    power_factor         real CHECK (power_factor BETWEEN 0 AND 1),
    PRIMARY KEY (cabinet_id, ts)
);

CREATE TABLE meter_readings (
    meter_id     integer NOT NULL,
    ts           timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    value        double precision NOT NULL CHECK (value <> 'NaN'
                                                  AND value <> 'Infinity'
                                                  AND value <> '-Infinity'),
    PRIMARY KEY (meter_id, ts)
);

CREATE TABLE dead_letters (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at   timestamptz NOT NULL DEFAULT now(),
    topic         text NOT NULL,
    payload       bytea NOT NULL,
    error_kind    text NOT NULL,
    reason        text NOT NULL,
    collector     text,
    replayed_at   timestamptz,
    replay_count  integer NOT NULL DEFAULT 0
);
CREATE INDEX dead_letters_pending_idx ON dead_letters (error_kind, received_at)
    WHERE replayed_at IS NULL;
