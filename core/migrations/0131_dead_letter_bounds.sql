-- Dead letters are bounded: a payload over the collector's limit keeps only its first 4 KiB,
-- with the whole payload's size and SHA-256, so that a device sending megabytes cannot fill
-- the database; and letters older than VIGIE_DEAD_LETTER_RETENTION_DAYS are pruned (received_at
-- index). Letters kept before this migration have no size or digest (null).

ALTER TABLE dead_letters
    ADD COLUMN payload_bytes integer CHECK (payload_bytes >= 0),
    ADD COLUMN payload_sha256 text CHECK (payload_sha256 ~ '^[0-9a-f]{64}$');

ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_prefix_check
    CHECK (payload_bytes IS NULL OR octet_length(payload) <= payload_bytes);

CREATE INDEX dead_letters_received_at_idx ON dead_letters (received_at);
