-- The missions of a territory with this code (one per policy at most), with their policy's code.
SELECT m.id, po.code AS policy
FROM missions m
JOIN policies po ON po.id = m.policy_id
WHERE po.territory_id = %(territory_id)s AND m.code = %(code)s
  AND (%(policy)s::text IS NULL OR po.code = %(policy)s)
ORDER BY po.code
