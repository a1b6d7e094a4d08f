-- The history of an action: every change to it and to its budgets, scope and indicators, oldest
-- first, paged by id.
SELECT c.id, c.changed_at, c.person_id, p.name AS person_name, c.source, c.subject, c.operation,
       c.before, c.after
FROM policy_changes c
LEFT JOIN people p ON p.id = c.person_id
WHERE c.action_id = %(action_id)s AND (%(after)s::bigint IS NULL OR c.id > %(after)s)
ORDER BY c.id
LIMIT %(limit)s
