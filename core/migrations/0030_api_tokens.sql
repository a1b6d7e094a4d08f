-- Bearer tokens of the HTTP API. Only the SHA-256 of a token is stored: the token itself is
-- shown once, when it is created. A token has one role; a pilot's token names its person, whose
-- actions and alerts it may act on. Revoking keeps the row, so the history stays readable.

CREATE TABLE api_tokens (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    prefix        text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'pilot', 'evaluator', 'viewer')),
    person_id     integer REFERENCES people,
    label         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CHECK (role <> 'pilot' OR person_id IS NOT NULL)
);
