-- Loss seen upstream: devices may number their messages (`seq` in the contract). The collector
-- keeps each device's last number and records each hole: messages a broker acknowledged to the
-- device and dropped before the collector got them. The worker's rule readings_lost alerts on
-- them; the collector counts them (vigie_collector_readings_missing_total).

CREATE TABLE device_sequences (
    kind        text NOT NULL CHECK (kind IN ('lamp', 'cabinet', 'meter')),
    device_id   integer NOT NULL,
    last_seq    bigint NOT NULL CHECK (last_seq >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, device_id)
);

CREATE TABLE sequence_gaps (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('lamp', 'cabinet', 'meter')),
    device_id    integer NOT NULL,
    after_seq    bigint NOT NULL,
    before_seq   bigint NOT NULL,
    missing      bigint NOT NULL CHECK (missing > 0),
    detected_at  timestamptz NOT NULL DEFAULT now(),
    collector    text,
    CHECK (before_seq > after_seq + 1)
);

CREATE INDEX sequence_gaps_detected_at_idx ON sequence_gaps (detected_at);

GRANT SELECT ON device_sequences, sequence_gaps TO vigie_collector, vigie_worker, vigie_api;
GRANT INSERT, UPDATE ON device_sequences TO vigie_collector;
GRANT INSERT ON sequence_gaps TO vigie_collector;
