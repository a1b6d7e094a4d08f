-- The ids of the people of a territory.
SELECT person_id FROM person_territories WHERE territory_id = %(territory_id)s
