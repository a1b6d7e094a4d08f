-- Light-point readings kept as integers at the resolution they are reported to (power 0.1 W,
-- voltage 0.1 V, current 1 mA, power factor 0.01, energy 1 Wh, burning hours 0.1 h,
-- temperature 0.1 °C), to compare with the stored layout (bench/compressed_layouts.py).
-- TimescaleDB compresses integers by delta of delta, floats by XOR with the value before.
CREATE TABLE {table} (
    light_point_id        integer NOT NULL,
    ts                    timestamptz NOT NULL,
    received_at           timestamptz,
    power_state           text,
    power_dw              integer,
    dimming_pct           smallint,
    energy_wh             bigint,
    voltage_dv            smallint,
    current_ma            integer,
    power_factor_pct      smallint,
    lamp_operating_dh     integer,
    lamp_switch_counter   integer,
    lamp_failure          boolean,
    day_burner            boolean,
    cycling_failure       boolean,
    controller_temp_dc    smallint,
    PRIMARY KEY (light_point_id, ts)
)
