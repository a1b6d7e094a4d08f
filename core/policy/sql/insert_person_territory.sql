-- A person may see this territory (kept when they already may).
INSERT INTO person_territories (person_id, territory_id)
VALUES (%(person_id)s, %(territory_id)s)
ON CONFLICT DO NOTHING
