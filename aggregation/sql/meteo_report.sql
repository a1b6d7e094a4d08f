-- The current météo of a territory's missions and actions, missions first, for display.
SELECT mc.subject_kind, coalesce(a.code, m.code) AS code, coalesce(a.title, m.title) AS title,
       mc.status, mc.explanation, mc.changed_at
FROM meteo_current mc
LEFT JOIN actions a ON mc.subject_kind = 'action' AND a.id = mc.subject_id
LEFT JOIN missions m ON m.id = CASE mc.subject_kind WHEN 'mission' THEN mc.subject_id
                                                    ELSE a.mission_id END
JOIN policies p ON p.id = m.policy_id
WHERE p.territory_id = %(territory_id)s
ORDER BY m.code, mc.subject_kind DESC, a.code
