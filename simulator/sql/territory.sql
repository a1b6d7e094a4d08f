-- A territory's code, position and time zone.
SELECT id, code, latitude, longitude, timezone FROM territories WHERE code = %(territory)s
