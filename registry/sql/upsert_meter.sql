-- Create a building's meter or update what changed; returns no row when nothing did.
INSERT INTO meters AS m (code, building_id, quantity, unit, reading_kind, register_max,
                         reporting_period_s, installed_on, removed_on)
VALUES (%(code)s, %(building_id)s, %(quantity)s, %(unit)s, %(reading_kind)s, %(register_max)s,
        %(reporting_period_s)s, %(installed_on)s, %(removed_on)s)
ON CONFLICT (code) DO UPDATE
SET building_id = EXCLUDED.building_id, quantity = EXCLUDED.quantity, unit = EXCLUDED.unit,
    reading_kind = EXCLUDED.reading_kind, register_max = EXCLUDED.register_max,
    reporting_period_s = EXCLUDED.reporting_period_s, installed_on = EXCLUDED.installed_on,
    removed_on = EXCLUDED.removed_on
WHERE (m.building_id, m.quantity, m.unit, m.reading_kind, m.register_max, m.reporting_period_s,
       m.installed_on, m.removed_on)
      IS DISTINCT FROM (EXCLUDED.building_id, EXCLUDED.quantity, EXCLUDED.unit,
                        EXCLUDED.reading_kind, EXCLUDED.register_max,
                        EXCLUDED.reporting_period_s, EXCLUDED.installed_on,
                        EXCLUDED.removed_on)
RETURNING (xmax = 0) AS created
