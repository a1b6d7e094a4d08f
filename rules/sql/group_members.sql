-- Mark the live light-point alerts of a rule with the live group alert of their group, and route
-- them to nobody: the group alert is what a person sees, is notified of and escalated.
UPDATE alerts m
SET grouped_in = g.id, routed_to = NULL, routed_via = NULL
FROM alerts g
WHERE g.territory_id = %(territory_id)s AND g.rule_id = %(rule_id)s
  AND g.subject_kind IN ('cabinet', 'district') AND g.state IN ('open', 'acknowledged')
  AND m.territory_id = g.territory_id AND m.rule_id = g.rule_id
  AND m.subject_kind = 'light_point' AND m.state IN ('open', 'acknowledged')
  AND m.group_key = g.group_key
  AND m.grouped_in IS DISTINCT FROM g.id
