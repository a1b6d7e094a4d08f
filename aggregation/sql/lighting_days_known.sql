-- The days of [first_day, last_day] whose burning window is known with the territory's current
-- switching offsets.
SELECT ld.day
FROM lighting_days ld
JOIN territories t ON t.id = ld.territory_id
WHERE ld.territory_id = %(territory_id)s
  AND ld.day BETWEEN %(first_day)s AND %(last_day)s
  AND ld.on_offset_min = t.switch_on_offset_min
  AND ld.off_offset_min = t.switch_off_offset_min
