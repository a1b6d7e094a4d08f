-- What the territory files carry that the tables did not hold: a district's outline (a GeoJSON
-- Polygon or MultiPolygon in longitude and latitude, as drawn in a GIS) and the supply meter of
-- a control cabinet (its reference at the distributor and the size of its energy register, whose
-- readings arrive on the cabinet's own topic).

ALTER TABLE districts
    ADD COLUMN outline jsonb
        CHECK (outline IS NULL OR outline->>'type' IN ('Polygon', 'MultiPolygon'));

ALTER TABLE control_cabinets
    ADD COLUMN meter_code text UNIQUE
        CHECK (meter_code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    ADD COLUMN meter_register_max_kwh double precision
        CHECK (meter_register_max_kwh > 0),
    ADD CHECK (meter_register_max_kwh IS NULL OR meter_code IS NOT NULL);
