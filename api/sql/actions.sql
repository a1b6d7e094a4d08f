-- Actions of a territory, filtered and paged by code, with their mission, pilot, schedule,
-- expected saving, budgets over every year and current météo.
SELECT a.id, a.code, a.title, a.description, m.code AS mission_code, a.status, a.term,
       a.pilot_id, pilot.name AS pilot_name, a.planned_start, a.planned_end, a.actual_start,
       a.actual_end, a.projected_saving_pct, a.projected_saving_kwh_per_year,
       a.saving_commitment, coalesce(b.planned_eur, 0) AS planned_eur,
       coalesce(b.committed_eur, 0) AS committed_eur, coalesce(b.spent_eur, 0) AS spent_eur,
       coalesce(mc.status, 'no_data') AS meteo, mc.explanation AS meteo_explanation
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id
LEFT JOIN LATERAL (
    SELECT sum(planned_eur) AS planned_eur, sum(committed_eur) AS committed_eur,
           sum(spent_eur) AS spent_eur
    FROM budget_lines WHERE action_id = a.id
) b ON true
LEFT JOIN meteo_current mc ON mc.subject_kind = 'action' AND mc.subject_id = a.id
WHERE po.territory_id = %(territory_id)s
  AND (%(code)s::text IS NULL OR a.code = %(code)s)
  AND (%(mission)s::text IS NULL OR m.code = %(mission)s)
  AND (%(status)s::text IS NULL OR a.status = %(status)s)
  AND (%(pilot_id)s::integer IS NULL OR a.pilot_id = %(pilot_id)s)
  AND (%(district)s::text IS NULL OR EXISTS (
      SELECT 1 FROM action_scopes s
      LEFT JOIN control_cabinets cc ON cc.id = s.cabinet_id
      LEFT JOIN light_points lp ON lp.id = s.light_point_id
      LEFT JOIN buildings bd ON bd.id = s.building_id
      JOIN districts d ON d.id = coalesce(s.district_id, s.in_district_id, cc.district_id,
                                          lp.district_id, bd.district_id)
      WHERE s.action_id = a.id AND d.code = %(district)s)
    OR EXISTS (
      SELECT 1 FROM action_scope_members sm
      JOIN light_points lp ON lp.id = sm.light_point_id
      JOIN districts d ON d.id = lp.district_id
      WHERE sm.action_id = a.id AND d.code = %(district)s))
  AND (%(after)s::text IS NULL OR a.code > %(after)s)
ORDER BY a.code
LIMIT %(limit)s
