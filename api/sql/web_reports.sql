-- A territory's frozen reports, newest first, optionally of one subject, without their bytes.
SELECT r.number, r.subject_kind, r.subject_code, r.title, r.period_start, r.period_end,
       r.data_version, r.created_at, p.name AS created_by_name, octet_length(r.pdf) AS pdf_bytes,
       r.pdf_sha256
FROM activity_reports r
LEFT JOIN people p ON p.id = r.created_by
WHERE r.territory_id = %(territory_id)s
  AND (%(kind)s::text IS NULL OR r.subject_kind = %(kind)s)
  AND (%(code)s::text IS NULL OR r.subject_code = %(code)s)
ORDER BY r.number DESC
LIMIT %(limit)s
