-- System power (kW: lamp power plus ballast losses) that the points an action renovated drew
-- before it: the equipment in place the day before the action started, for every point of the
-- treated scope whose equipment changed during the action.
WITH scope_points AS (
    SELECT light_point_id AS id FROM action_scope_light_points
    WHERE action_id = %(action_id)s AND role = 'treated'
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
