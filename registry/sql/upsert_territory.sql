-- Create a territory or update what changed; returns no row when nothing did.
INSERT INTO territories AS t (code, name, timezone, latitude, longitude, switch_on_offset_min,
                              switch_off_offset_min, normal_heating_dju)
VALUES (%(code)s, %(name)s, %(timezone)s, %(latitude)s, %(longitude)s, %(switch_on_offset_min)s,
        %(switch_off_offset_min)s, %(normal_heating_dju)s)
ON CONFLICT (code) DO UPDATE
SET name = EXCLUDED.name, timezone = EXCLUDED.timezone, latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude, switch_on_offset_min = EXCLUDED.switch_on_offset_min,
    switch_off_offset_min = EXCLUDED.switch_off_offset_min,
    normal_heating_dju = EXCLUDED.normal_heating_dju
WHERE (t.name, t.timezone, t.latitude, t.longitude, t.switch_on_offset_min,
       t.switch_off_offset_min, t.normal_heating_dju)
      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.timezone, EXCLUDED.latitude, EXCLUDED.longitude,
                        EXCLUDED.switch_on_offset_min, EXCLUDED.switch_off_offset_min,
                        EXCLUDED.normal_heating_dju)
RETURNING (xmax = 0) AS created
