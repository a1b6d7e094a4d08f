-- Files attached to an action or a mission (a study, a contract, an invoice, photos): their name
-- as uploaded, the content type read from their first bytes, size and SHA-256, who attached them
-- and when. The bytes are kept in the row (content) or in the configured directory under the
-- name in stored_as, never both.

CREATE TABLE attached_files (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id     integer REFERENCES actions ON DELETE CASCADE,
    mission_id    integer REFERENCES missions ON DELETE CASCADE,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    description   text CHECK (length(description) <= 500),
    content_type  text NOT NULL,
    size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content       bytea,
    stored_as     text CHECK (stored_as ~ '^[0-9a-f]{64}$'),
    uploaded_by   integer REFERENCES people ON DELETE SET NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(action_id, mission_id) = 1),
    CHECK (num_nonnulls(content, stored_as) = 1),
    CHECK (content IS NULL OR octet_length(content) = size_bytes)
);
CREATE INDEX attached_files_action_idx ON attached_files (action_id) WHERE action_id IS NOT NULL;
CREATE INDEX attached_files_mission_idx ON attached_files (mission_id)
    WHERE mission_id IS NOT NULL;
