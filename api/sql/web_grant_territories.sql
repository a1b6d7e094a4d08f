-- Let a person see these territories (by code), kept with those they already see.
INSERT INTO person_territories (person_id, territory_id)
SELECT %(person_id)s, t.id FROM territories t WHERE t.code = ANY(%(territories)s::text[])
ON CONFLICT DO NOTHING
