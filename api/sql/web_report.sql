-- One frozen report with its HTML and PDF.
SELECT number, subject_kind, subject_code, title, period_start, period_end, html, pdf,
       pdf_sha256
FROM activity_reports
WHERE territory_id = %(territory_id)s AND number = %(number)s
