-- Missions of a territory (or the one with this code), with their lead, their budgets summed
-- over every year and every line (their own and their actions') and their current météo.
SELECT m.id, m.code, m.title, m.domain, po.code AS policy_code, m.lead_id, lead.name AS lead_name,
       coalesce(b.planned_eur, 0) AS planned_eur, coalesce(b.committed_eur, 0) AS committed_eur,
       coalesce(b.spent_eur, 0) AS spent_eur, coalesce(mc.status, 'no_data') AS meteo,
       mc.explanation AS meteo_explanation,
       (SELECT count(*) FROM actions a WHERE a.mission_id = m.id) AS actions
FROM missions m
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people lead ON lead.id = m.lead_id
LEFT JOIN LATERAL (
    SELECT sum(planned_eur) AS planned_eur, sum(committed_eur) AS committed_eur,
           sum(spent_eur) AS spent_eur
    FROM budget_lines WHERE mission_id = m.id
) b ON true
LEFT JOIN meteo_current mc ON mc.subject_kind = 'mission' AND mc.subject_id = m.id
WHERE po.territory_id = %(territory_id)s
  AND (%(code)s::text IS NULL OR m.code = %(code)s)
ORDER BY po.code, m.code
