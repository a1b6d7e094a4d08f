-- A new mission of a policy.
INSERT INTO missions (policy_id, code, title, domain, lead_id)
VALUES (%(policy_id)s, %(code)s, %(title)s, %(domain)s, %(lead_id)s)
RETURNING id
