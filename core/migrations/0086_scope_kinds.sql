-- Scopes that say what a city means. A row of action_scopes names one of:
--
--   district      district_id          every light point of the district, now and later
--   cabinet       cabinet_id           every light point fed by the cabinet
--   light_point   light_point_id       one light point (a list is several such rows)
--   building      building_id          one building
--   street        in_district_id,      the light points of the district on that street (names
--                 street               compared without case and repeated spaces), optionally
--                 [, existed_on]       only those that existed on existed_on
--   district on   in_district_id,      the light points of the district that existed on that
--   a date        existed_on           date: points added later by other works do not enter
--   area          area_id              the light points inside a drawn area (scope_areas)
--
-- A light point "exists on" a date when it has equipment in place that day
-- (light_point_equipment's [valid_from, valid_to) holds it). district_id, cabinet_id and
-- light_point_id keep their meaning for the queries that read them directly: the new kinds leave
-- them empty, so such a query never takes a street for its whole district.
--
-- Drawn areas are the territory's, by name: a GeoJSON Polygon or MultiPolygon in longitude and
-- latitude (WGS 84), kept as given, and, derived from it, its rings as built-in polygons and
-- its bounding box. A point is inside when an odd number of rings hold it (a hole is a ring
-- inside another; a point on an outline belongs to the ring): PostgreSQL's own geometric types
-- and operators, no PostGIS. Coordinates are taken as plane coordinates, which is exact enough
-- at the scale of a town.
--
-- action_scope_members lists the light points each scope row names; action_scope_light_points
-- (action_id, role, light_point_id) keeps its name, columns and meaning, "the light points an
-- action's scope names", for every kind.

CREATE FUNCTION vigie_street_key(p_street text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(btrim(regexp_replace(p_street, '\s+', ' ', 'g')));

COMMENT ON FUNCTION vigie_street_key(text) IS
    'A street name as scopes compare it: its words, one space between them, lower case.';

CREATE FUNCTION vigie_ring_polygon(p_ring jsonb) RETURNS polygon
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    SELECT ('(' || string_agg('(' || (pos ->> 0) || ',' || (pos ->> 1) || ')', ',' ORDER BY i)
            || ')')::polygon
    FROM jsonb_array_elements(p_ring) WITH ORDINALITY AS r(pos, i)
);

-- The polygons (as arrays of rings) of a GeoJSON Polygon or MultiPolygon.
CREATE FUNCTION vigie_area_polygons(p_geometry jsonb) RETURNS SETOF jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $function$
    SELECT jsonb_array_elements(
        CASE p_geometry ->> 'type'
            WHEN 'Polygon' THEN jsonb_build_array(p_geometry -> 'coordinates')
            WHEN 'MultiPolygon' THEN p_geometry -> 'coordinates'
        END)
$function$;

CREATE FUNCTION vigie_area_rings(p_geometry jsonb) RETURNS polygon[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ARRAY(
    SELECT vigie_ring_polygon(ring)
    FROM vigie_area_polygons(p_geometry) AS p(rings),
         jsonb_array_elements(p.rings) AS r(ring)
);

CREATE FUNCTION vigie_area_bounds(p_geometry jsonb) RETURNS box
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
    SELECT box(point(min((pos ->> 0)::float8), min((pos ->> 1)::float8)),
               point(max((pos ->> 0)::float8), max((pos ->> 1)::float8)))
    FROM vigie_area_polygons(p_geometry) AS p(rings),
         jsonb_array_elements(p.rings -> 0) AS pos
);

CREATE FUNCTION vigie_in_area(p_rings polygon[], p_point point) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT count(*) % 2 = 1 FROM unnest(p_rings) AS r(ring) WHERE r.ring @> p_point);

COMMENT ON FUNCTION vigie_in_area(polygon[], point) IS
    'Whether a point (longitude, latitude) is inside the rings of a drawn area (even-odd rule).';

CREATE TABLE scope_areas (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  smallint NOT NULL REFERENCES territories,
    name          text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    geometry      jsonb NOT NULL CHECK (geometry ->> 'type' IN ('Polygon', 'MultiPolygon')),
    rings         polygon[] GENERATED ALWAYS AS (vigie_area_rings(geometry)) STORED,
    bounds        box GENERATED ALWAYS AS (vigie_area_bounds(geometry)) STORED,
    UNIQUE (territory_id, name)
);

CREATE TRIGGER scope_areas_changes AFTER INSERT OR DELETE ON scope_areas
FOR EACH ROW EXECUTE FUNCTION vigie_record_policy_change('', 'rings', 'bounds');
CREATE TRIGGER scope_areas_updates AFTER UPDATE ON scope_areas
FOR EACH ROW WHEN (OLD.geometry IS DISTINCT FROM NEW.geometry OR OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION vigie_record_policy_change('', 'rings', 'bounds');

ALTER TABLE action_scopes
    ADD COLUMN in_district_id integer REFERENCES districts,
    ADD COLUMN street text CHECK (length(btrim(street)) BETWEEN 1 AND 200),
    ADD COLUMN existed_on date,
    ADD COLUMN area_id integer REFERENCES scope_areas,
    DROP CONSTRAINT action_scopes_check,
    DROP CONSTRAINT action_scopes_action_id_role_district_id_cabinet_id_light_p_key,
    ADD CONSTRAINT action_scopes_one_kind CHECK (
        num_nonnulls(district_id, cabinet_id, light_point_id, building_id, in_district_id,
                     area_id) = 1),
    ADD CONSTRAINT action_scopes_district_selection CHECK (
        (in_district_id IS NULL) = (street IS NULL AND existed_on IS NULL));
CREATE UNIQUE INDEX action_scopes_identity ON action_scopes (
    action_id, role, district_id, cabinet_id, light_point_id, building_id, in_district_id,
    vigie_street_key(street), existed_on, area_id) NULLS NOT DISTINCT;
CREATE INDEX action_scopes_action_idx ON action_scopes (action_id, role);

-- The light points each scope row names. Each branch says which rows it reads (IS NOT NULL), so
-- that the planner, knowing how few rows of an action are of that kind, joins them by index
-- (an action listing 2,000 light points must not hash the whole fleet for its cabinets).
CREATE VIEW action_scope_members AS
SELECT s.id AS scope_id, s.action_id, s.role, lp.id AS light_point_id
FROM action_scopes s JOIN light_points lp ON lp.district_id = s.district_id
WHERE s.district_id IS NOT NULL
UNION ALL
SELECT s.id, s.action_id, s.role, lp.id
FROM action_scopes s JOIN light_points lp ON lp.cabinet_id = s.cabinet_id
WHERE s.cabinet_id IS NOT NULL
UNION ALL
SELECT s.id, s.action_id, s.role, s.light_point_id
FROM action_scopes s WHERE s.light_point_id IS NOT NULL
UNION ALL
SELECT s.id, s.action_id, s.role, lp.id
FROM action_scopes s JOIN light_points lp ON lp.district_id = s.in_district_id
WHERE s.in_district_id IS NOT NULL
  AND (s.street IS NULL OR vigie_street_key(lp.street) = vigie_street_key(s.street))
  AND (s.existed_on IS NULL OR EXISTS (
      SELECT 1 FROM light_point_equipment e
      WHERE e.light_point_id = lp.id AND e.valid_from <= s.existed_on
        AND (e.valid_to IS NULL OR e.valid_to > s.existed_on)))
UNION ALL
SELECT s.id, s.action_id, s.role, lp.id
FROM action_scopes s
JOIN scope_areas a ON a.id = s.area_id
JOIN communes c ON c.territory_id = a.territory_id
JOIN districts d ON d.commune_id = c.id
JOIN light_points lp ON lp.district_id = d.id
WHERE s.area_id IS NOT NULL AND a.bounds @> point(lp.longitude, lp.latitude)
  AND vigie_in_area(a.rings, point(lp.longitude, lp.latitude));

CREATE OR REPLACE VIEW action_scope_light_points AS
SELECT DISTINCT action_id, role, light_point_id
FROM action_scope_members;

-- The older copy of the same list (0012), read by action_scope_rollups_daily.
CREATE OR REPLACE VIEW action_scope_points AS
SELECT action_id, role, light_point_id
FROM action_scope_light_points;
