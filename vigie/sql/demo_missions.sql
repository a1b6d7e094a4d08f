-- Each mission of the territory's policies with its budgets and current météo.
SELECT m.code, m.title,
       coalesce(sum(b.planned_eur), 0) AS planned_eur,
       coalesce(sum(b.committed_eur), 0) AS committed_eur,
       coalesce(sum(b.spent_eur), 0) AS spent_eur,
       mc.status AS meteo
FROM missions m
JOIN policies p ON p.id = m.policy_id
JOIN territories t ON t.id = p.territory_id
LEFT JOIN budget_lines b ON b.mission_id = m.id
LEFT JOIN meteo_current mc ON mc.subject_kind = 'mission' AND mc.subject_id = m.id
WHERE t.code = %(territory)s
GROUP BY m.code, m.title, mc.status
ORDER BY m.code
