-- Notifications of alerts (e-mail, signed webhook): an outbox with retries and a delivery log.
-- notification_alerts makes "nothing sent twice" a key: an alert is in at most one notification
-- per channel and kind (alert, escalation, digest).

CREATE TABLE notifications (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key  text NOT NULL UNIQUE,
    channel          text NOT NULL CHECK (channel IN ('email', 'webhook')),
    kind             text NOT NULL CHECK (kind IN ('alert', 'escalation', 'digest')),
    recipient        text NOT NULL,
    person_id        integer REFERENCES people,
    subject          text NOT NULL,
    body             text NOT NULL,
    payload          jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         smallint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    last_error       text
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';

CREATE TABLE notification_alerts (
    notification_id  bigint NOT NULL REFERENCES notifications ON DELETE CASCADE,
    alert_id         bigint NOT NULL REFERENCES alerts ON DELETE CASCADE,
    channel          text NOT NULL,
    kind             text NOT NULL,
    PRIMARY KEY (alert_id, channel, kind)
);
CREATE INDEX notification_alerts_notification_idx ON notification_alerts (notification_id);

CREATE TABLE notification_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id  bigint NOT NULL REFERENCES notifications ON DELETE CASCADE,
    attempt          smallint NOT NULL CHECK (attempt >= 1),
    at               timestamptz NOT NULL DEFAULT now(),
    ok               boolean NOT NULL,
    detail           text NOT NULL DEFAULT '',
    duration_ms      integer NOT NULL DEFAULT 0,
    UNIQUE (notification_id, attempt)
);
