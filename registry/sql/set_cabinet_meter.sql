-- Give a cabinet its supply meter, or change it; returns no row when nothing changed.
WITH before AS (SELECT meter_code FROM control_cabinets WHERE id = %(cabinet_id)s)
UPDATE control_cabinets
SET meter_code = %(code)s, meter_register_max_kwh = %(register_max)s
WHERE id = %(cabinet_id)s
  AND (meter_code, meter_register_max_kwh)
      IS DISTINCT FROM (%(code)s::text, %(register_max)s::double precision)
RETURNING (SELECT meter_code IS NULL FROM before) AS created
