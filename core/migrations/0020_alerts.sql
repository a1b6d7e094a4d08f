-- Alerts raised by the rules: at most one live (open or acknowledged) alert per rule and subject,
-- enforced by a unique partial index; their history; per-territory rule parameters; and the
-- department that receives a kind of asset's alerts when no action covers it.

CREATE TABLE rule_parameters (
    territory_id  smallint NOT NULL REFERENCES territories,
    rule_id       text NOT NULL CHECK (rule_id ~ '^[a-z][a-z0-9_]{1,63}$'),
    enabled       boolean NOT NULL DEFAULT true,
    parameters    jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameters) = 'object'),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (territory_id, rule_id)
);

CREATE TABLE alert_recipients (
    territory_id  smallint NOT NULL REFERENCES territories,
    subject_kind  text NOT NULL CHECK (subject_kind IN (
                      'light_point', 'cabinet', 'meter', 'building', 'district', 'action',
                      'fleet')),
    person_id     integer NOT NULL REFERENCES people,
    PRIMARY KEY (territory_id, subject_kind)
);

CREATE TABLE alerts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id     smallint NOT NULL REFERENCES territories,
    rule_id          text NOT NULL,
    domain           text NOT NULL CHECK (domain IN ('lighting', 'buildings')),
    subject_kind     text NOT NULL CHECK (subject_kind IN (
                         'light_point', 'cabinet', 'meter', 'building', 'district', 'action',
                         'fleet')),
    subject_id       integer NOT NULL,
    severity         text NOT NULL CHECK (severity IN (
                         'informational', 'low', 'medium', 'high', 'critical')),
    state            text NOT NULL DEFAULT 'open' CHECK (state IN (
                         'open', 'acknowledged', 'resolved', 'closed')),
    summary          text NOT NULL,
    details          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    group_key        text NOT NULL,
    first_seen       timestamptz NOT NULL DEFAULT now(),
    last_seen        timestamptz NOT NULL DEFAULT now(),
    occurrences      integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    clear_streak     smallint NOT NULL DEFAULT 0 CHECK (clear_streak >= 0),
    routed_to        integer REFERENCES people,
    routed_via       text CHECK (routed_via IN ('action_pilot', 'department', 'mission_lead')),
    action_id        integer REFERENCES actions,
    acknowledged_by  integer REFERENCES people,
    acknowledged_at  timestamptz,
    resolved_by      integer REFERENCES people,
    resolved_at      timestamptz,
    closed_at        timestamptz,
    comment          text,
    escalated_to     integer REFERENCES people,
    escalated_at     timestamptz,
    CHECK (state = 'open' OR state = 'resolved' OR state = 'closed' OR acknowledged_at IS NOT NULL),
    CHECK (state NOT IN ('resolved', 'closed') OR resolved_at IS NOT NULL),
    CHECK (state <> 'closed' OR closed_at IS NOT NULL)
);
-- The guarantee: one live alert per rule and subject, whatever the number of workers.
CREATE UNIQUE INDEX alerts_one_live_idx ON alerts (rule_id, subject_kind, subject_id)
    WHERE state IN ('open', 'acknowledged');
CREATE INDEX alerts_live_rule_idx ON alerts (territory_id, rule_id)
    WHERE state IN ('open', 'acknowledged');
CREATE INDEX alerts_recent_idx ON alerts (first_seen DESC);

CREATE TABLE alert_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id   bigint NOT NULL REFERENCES alerts ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    kind       text NOT NULL CHECK (kind IN (
                   'opened', 'acknowledged', 'resolved', 'closed', 'escalated', 'notified')),
    person_id  integer REFERENCES people,
    comment    text,
    details    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, at);
