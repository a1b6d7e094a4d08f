-- The missions of a territory's policies (or those with this code), as mission records.
SELECT po.code AS policy, m.code, m.title, m.domain, lead.email AS lead, m.id,
       po.code AS policy_code
FROM missions m
JOIN policies po ON po.id = m.policy_id
LEFT JOIN people lead ON lead.id = m.lead_id
WHERE po.territory_id = %(territory_id)s AND (%(code)s::text IS NULL OR m.code = %(code)s)
ORDER BY po.code, m.code
