-- A mission's title, domain and lead; no row when nothing changes.
UPDATE missions SET title = %(title)s, domain = %(domain)s, lead_id = %(lead_id)s
WHERE id = %(id)s
  AND (title, domain, lead_id)
      IS DISTINCT FROM (%(title)s::text, %(domain)s::text, %(lead_id)s::integer)
RETURNING id
