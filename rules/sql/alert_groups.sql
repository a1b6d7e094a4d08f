-- The groups (a cabinet, else a district) of a light-point rule's live alerts that a group
-- alert stands for: %(group_over)s live alerts or more, or, once its group alert is live, half
-- that many (hysteresis); with their count, worst severity, code and the first points' codes.
WITH members AS (
    SELECT a.group_key, a.severity, lp.code
    FROM alerts a
    JOIN light_points lp ON lp.id = a.subject_id
    WHERE a.territory_id = %(territory_id)s AND a.rule_id = %(rule_id)s
      AND a.subject_kind = 'light_point' AND a.state IN ('open', 'acknowledged')
      AND a.group_key ~ '^(cabinet|district):[0-9]+$'
),
counted AS (
    SELECT group_key, split_part(group_key, ':', 1) AS kind,
           split_part(group_key, ':', 2)::integer AS subject_id, count(*) AS members,
           (%(scale)s::text[])[max(array_position(%(scale)s::text[], severity))] AS severity,
           (array_agg(code ORDER BY code))[1:50] AS codes
    FROM members
    GROUP BY group_key
)
SELECT k.group_key, k.kind, k.subject_id, k.members, k.severity, k.codes,
       coalesce(cc.code, d.code) AS code
FROM counted k
LEFT JOIN control_cabinets cc ON k.kind = 'cabinet' AND cc.id = k.subject_id
LEFT JOIN districts d ON k.kind = 'district' AND d.id = k.subject_id
WHERE k.members >= %(group_over)s
   OR (k.members * 2 >= %(group_over)s AND EXISTS (
           SELECT 1 FROM alerts g
           WHERE g.territory_id = %(territory_id)s AND g.rule_id = %(rule_id)s
             AND g.subject_kind = k.kind AND g.subject_id = k.subject_id
             AND g.state IN ('open', 'acknowledged')))
ORDER BY k.group_key
