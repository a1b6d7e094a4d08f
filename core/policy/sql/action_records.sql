-- The actions of a territory (or the one with this code), as action records, with their id.
SELECT a.code, m.code AS mission, a.title, a.description, a.status, a.term, pilot.email AS pilot,
       a.planned_start, a.planned_end, a.actual_start, a.actual_end, a.projected_saving_pct,
       a.projected_saving_kwh_per_year, a.saving_commitment, a.id, a.pilot_id,
       po.code AS policy_code
FROM actions a
JOIN missions m ON m.id = a.mission_id
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people pilot ON pilot.id = a.pilot_id
WHERE po.territory_id = %(territory_id)s AND (%(code)s::text IS NULL OR a.code = %(code)s)
ORDER BY a.code
