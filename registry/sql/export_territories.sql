-- A territory as territories.csv holds it (4-byte reals as their shortest text).
SELECT code, name, timezone, latitude, longitude,
       switch_on_offset_min::text AS switch_on_offset_min,
       switch_off_offset_min::text AS switch_off_offset_min,
       normal_heating_dju::text AS normal_heating_dju
FROM territories
WHERE code = %(territory)s
