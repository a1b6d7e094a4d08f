-- Every territory with its time zone, coordinates, switching offsets and normal heating
-- degree-days, or only the one whose code is given.
SELECT id, code, timezone, latitude, longitude, switch_on_offset_min, switch_off_offset_min,
       normal_heating_dju
FROM territories
WHERE %(code)s::text IS NULL OR code = %(code)s
ORDER BY id
