-- Create a control cabinet or update what changed; returns no row when nothing did.
INSERT INTO control_cabinets AS c (code, district_id, latitude, longitude, remote_controlled,
                                   reporting_period_s)
VALUES (%(code)s, %(district_id)s, %(latitude)s, %(longitude)s, %(remote_controlled)s,
        %(reporting_period_s)s)
ON CONFLICT (code) DO UPDATE
SET district_id = EXCLUDED.district_id, latitude = EXCLUDED.latitude,
    longitude = EXCLUDED.longitude, remote_controlled = EXCLUDED.remote_controlled,
    reporting_period_s = EXCLUDED.reporting_period_s
WHERE (c.district_id, c.latitude, c.longitude, c.remote_controlled, c.reporting_period_s)
      IS DISTINCT FROM (EXCLUDED.district_id, EXCLUDED.latitude, EXCLUDED.longitude,
                        EXCLUDED.remote_controlled, EXCLUDED.reporting_period_s)
RETURNING (xmax = 0) AS created
