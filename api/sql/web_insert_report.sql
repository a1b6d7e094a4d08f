-- Freeze a report under the number it was reserved and printed with: what it covers, its
-- version of the data, its HTML and PDF.
INSERT INTO activity_reports (number, territory_id, subject_kind, subject_code, title,
                              period_start, period_end, data_version, created_by, created_at,
                              html, pdf, pdf_sha256)
OVERRIDING SYSTEM VALUE
VALUES (%(number)s, %(territory_id)s, %(subject_kind)s, %(subject_code)s, %(title)s,
        %(period_start)s, %(period_end)s, %(data_version)s, %(created_by)s, %(created_at)s,
        %(html)s, %(pdf)s, %(pdf_sha256)s)
RETURNING number
