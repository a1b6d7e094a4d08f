-- The light points and buildings of an action's scope (marked: treated; not marked: its control
-- group), at most %(limit)s of each role, spread over the whole set.
WITH places AS (
    SELECT lp.id, lp.longitude, lp.latitude, sp.role
    FROM action_scope_light_points sp JOIN light_points lp ON lp.id = sp.light_point_id
    WHERE sp.action_id = %(action_id)s
    UNION ALL
    SELECT -b.id, b.longitude, b.latitude, s.role
    FROM action_scopes s JOIN buildings b ON b.id = s.building_id
    WHERE s.action_id = %(action_id)s AND b.longitude IS NOT NULL
),
numbered AS (
    SELECT longitude, latitude, role, row_number() OVER (PARTITION BY role ORDER BY id) AS n,
           count(*) OVER (PARTITION BY role) AS total
    FROM places
)
SELECT longitude, latitude, role = 'treated' AS marked FROM numbered
WHERE n %% greatest(1, ceil(total::float8 / %(limit)s)::bigint) = 0
