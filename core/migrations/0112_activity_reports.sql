-- Activity reports, frozen when generated: each keeps its number, what it covers (the policy, a
-- mission or an action) over which period, who asked for it and when, the version of the data it
-- was made from (the newest stored batch, computation and entry of each kind it reads), and the
-- document itself, HTML and PDF, so that report N downloaded later is the same bytes.

CREATE TABLE activity_reports (
    number        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  smallint NOT NULL REFERENCES territories,
    subject_kind  text NOT NULL CHECK (subject_kind IN ('policy', 'mission', 'action')),
    subject_code  text NOT NULL,
    title         text NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    data_version  jsonb NOT NULL CHECK (jsonb_typeof(data_version) = 'object'),
    created_by    integer REFERENCES people ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    html          text NOT NULL,
    pdf           bytea NOT NULL,
    pdf_sha256    text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    CHECK (period_end >= period_start)
);
CREATE INDEX activity_reports_subject_idx
    ON activity_reports (territory_id, subject_kind, subject_code, number DESC);
