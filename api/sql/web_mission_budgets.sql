-- A mission's budget by year: its own lines and its actions', summed.
SELECT year, sum(planned_eur) AS planned_eur, sum(committed_eur) AS committed_eur,
       sum(spent_eur) AS spent_eur
FROM budget_lines
WHERE mission_id = %(mission_id)s
GROUP BY year
ORDER BY year
