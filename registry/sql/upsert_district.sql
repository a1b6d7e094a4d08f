-- Create a district or update what changed; returns no row when nothing did.
INSERT INTO districts AS d (commune_id, code, name, lit_street_km, outline)
VALUES (%(commune_id)s, %(code)s, %(name)s, %(lit_street_km)s, %(outline)s)
ON CONFLICT (code) DO UPDATE
SET commune_id = EXCLUDED.commune_id, name = EXCLUDED.name,
    lit_street_km = EXCLUDED.lit_street_km, outline = EXCLUDED.outline
WHERE (d.commune_id, d.name, d.lit_street_km, d.outline)
      IS DISTINCT FROM (EXCLUDED.commune_id, EXCLUDED.name, EXCLUDED.lit_street_km,
                        EXCLUDED.outline)
RETURNING (xmax = 0) AS created
