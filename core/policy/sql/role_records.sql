-- Every role every person holds, as role records.
SELECT p.email AS person, r.role, r.person_id
FROM person_roles r
JOIN people p ON p.id = r.person_id
ORDER BY p.email, r.role
