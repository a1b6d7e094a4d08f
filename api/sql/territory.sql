-- The served territory and its time zone.
SELECT id, code, name, timezone FROM territories WHERE code = %(territory)s
