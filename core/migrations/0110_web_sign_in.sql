-- People on the web pages: the roles they hold, their sign-in links, their sessions, and the
-- alert e-mails' links already used.
--
-- * person_roles: the roles of the API (admin, pilot, evaluator, viewer) a person holds. A person
--   signs in to the pages with one of them; a person who holds none cannot sign in. The table is
--   the one the policy's roles are kept in (migration 0085).
-- * web_sign_in_links: one-time sign-in links sent by e-mail; only the SHA-256 of the link's
--   secret is kept, with its expiry and the moment it was used.
-- * web_sign_in_requests: each request of a sign-in link, by the SHA-256 of the address typed
--   (known or not, so that requests per address can be limited without keeping the addresses).
-- * web_sessions: a signed-in person's session: the SHA-256 of its cookie, the role chosen, the
--   form token bound to it (CSRF), when it was last seen (idle expiry), when it ends at the
--   latest (absolute expiry), when it was ended (sign-out), and a message for the next page.
-- * web_used_links: the signed links of alert e-mails (acknowledge, open) used once: a second
--   use finds its row and is refused.

CREATE TABLE web_sign_in_links (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    person_id     integer NOT NULL REFERENCES people ON DELETE CASCADE,
    next_path     text CHECK (next_path ~ '^/web/'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX web_sign_in_links_expiry_idx ON web_sign_in_links (expires_at);

CREATE TABLE web_sign_in_requests (
    email_sha256  text NOT NULL CHECK (email_sha256 ~ '^[0-9a-f]{64}$'),
    requested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX web_sign_in_requests_email_idx ON web_sign_in_requests (email_sha256, requested_at);

CREATE TABLE web_sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    person_id     integer NOT NULL REFERENCES people ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('admin', 'pilot', 'evaluator', 'viewer')),
    csrf_token    text NOT NULL CHECK (length(csrf_token) >= 32),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    flash         jsonb CHECK (jsonb_typeof(flash) = 'object'),
    CHECK (expires_at > created_at)
);
CREATE INDEX web_sessions_person_idx ON web_sessions (person_id);

CREATE TABLE web_used_links (
    token_sha256  text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    purpose       text NOT NULL CHECK (purpose IN ('acknowledge', 'open')),
    alert_id      bigint NOT NULL REFERENCES alerts ON DELETE CASCADE,
    person_id     integer NOT NULL REFERENCES people ON DELETE CASCADE,
    used_at       timestamptz NOT NULL DEFAULT now()
);
