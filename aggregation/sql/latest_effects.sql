-- The latest effect by a method of an action, or of every action of a mission.
SELECT DISTINCT ON (e.action_id) e.action_id, e.counterfactual_kwh, e.saved_kwh,
       e.saved_kwh_low, e.saved_kwh_high, least(e.coverage_baseline, e.coverage_reporting),
       e.warnings
FROM effects_latest e
JOIN actions a ON a.id = e.action_id
WHERE e.method = %(method)s
  AND (%(action_id)s::integer IS NULL OR e.action_id = %(action_id)s)
  AND (%(mission_id)s::integer IS NULL OR a.mission_id = %(mission_id)s)
  AND e.saved_kwh IS NOT NULL
ORDER BY e.action_id
