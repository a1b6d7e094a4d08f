-- Create a building or update what changed; returns no row when nothing did.
INSERT INTO buildings AS b (code, name, category, commune_id, district_id, floor_area_m2,
                            latitude, longitude, tertiary_decree, reference_year,
                            reference_consumption_kwh, reference_dju)
VALUES (%(code)s, %(name)s, %(category)s, %(commune_id)s, %(district_id)s, %(floor_area_m2)s,
        %(latitude)s, %(longitude)s, %(tertiary_decree)s, %(reference_year)s,
        %(reference_consumption_kwh)s, %(reference_dju)s)
ON CONFLICT (code) DO UPDATE
SET name = EXCLUDED.name, category = EXCLUDED.category, commune_id = EXCLUDED.commune_id,
    district_id = EXCLUDED.district_id, floor_area_m2 = EXCLUDED.floor_area_m2,
    latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
    tertiary_decree = EXCLUDED.tertiary_decree, reference_year = EXCLUDED.reference_year,
    reference_consumption_kwh = EXCLUDED.reference_consumption_kwh,
    reference_dju = EXCLUDED.reference_dju
WHERE (b.name, b.category, b.commune_id, b.district_id, b.floor_area_m2, b.latitude,
       b.longitude, b.tertiary_decree, b.reference_year, b.reference_consumption_kwh,
       b.reference_dju)
      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.commune_id,
                        EXCLUDED.district_id, EXCLUDED.floor_area_m2, EXCLUDED.latitude,
                        EXCLUDED.longitude, EXCLUDED.tertiary_decree, EXCLUDED.reference_year,
                        EXCLUDED.reference_consumption_kwh, EXCLUDED.reference_dju)
RETURNING (xmax = 0) AS created
