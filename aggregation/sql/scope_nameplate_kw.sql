-- System power (kW: lamp power plus ballast losses) that the points an action renovated drew
-- before it: the equipment in place the day before the action started, for every point of the
-- treated scope whose equipment changed during the action.
WITH scope_points AS (
    SELECT lp.id FROM action_scopes s JOIN light_points lp ON lp.district_id = s.district_id
    WHERE s.action_id = %(action_id)s AND s.role = 'treated'
    UNION
    SELECT lp.id FROM action_scopes s JOIN light_points lp ON lp.cabinet_id = s.cabinet_id
    WHERE s.action_id = %(action_id)s AND s.role = 'treated'
    UNION
    SELECT s.light_point_id FROM action_scopes s
    WHERE s.action_id = %(action_id)s AND s.role = 'treated' AND s.light_point_id IS NOT NULL
)
SELECT coalesce(sum(before.nominal_power_w * (1 + before.ballast_loss_pct / 100.0)), 0) / 1000.0
FROM scope_points p
JOIN light_point_equipment before
  ON before.light_point_id = p.id
 AND daterange(before.valid_from, before.valid_to) @> (%(start)s::date - 1)
WHERE EXISTS (
    SELECT 1 FROM light_point_equipment after
    WHERE after.light_point_id = p.id
      AND after.valid_from BETWEEN %(start)s AND %(end)s
)
