-- A person of the seeded territory's policy, who may see that territory (person_territories).
WITH person AS (
    INSERT INTO people (name, email, department)
    VALUES (%(name)s, %(email)s, %(department)s)
    ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
    RETURNING id
), seeing AS (
    INSERT INTO person_territories (person_id, territory_id)
    SELECT id, %(territory_id)s FROM person
    ON CONFLICT DO NOTHING
)
SELECT id FROM person
