-- The equipment changes (a light point, a date) that fall outside the works dates of an action
-- whose treated scope holds the point, but within a year of them: such a change lands in the
-- action's baseline or reporting period. The works dates are the actual ones, else the planned.
WITH changes AS (
    SELECT * FROM unnest(%(point_ids)s::integer[], %(days)s::date[]) AS c(light_point_id, day)
), works AS (
    SELECT a.id, a.code, coalesce(a.actual_start, a.planned_start) AS start_on,
           coalesce(a.actual_end, a.planned_end) AS end_on
    FROM actions a
)
SELECT c.light_point_id, c.day, w.code, w.start_on, w.end_on
FROM changes c
JOIN action_scope_light_points s ON s.light_point_id = c.light_point_id AND s.role = 'treated'
JOIN works w ON w.id = s.action_id
WHERE w.start_on IS NOT NULL
  AND (c.day < w.start_on OR (w.end_on IS NOT NULL AND c.day > w.end_on))
  AND c.day >= w.start_on - 365
  AND (w.end_on IS NULL OR c.day <= w.end_on + 365)
ORDER BY w.code, c.light_point_id, c.day
