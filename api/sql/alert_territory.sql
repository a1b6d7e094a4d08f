-- The territory of an alert.
SELECT territory_id FROM alerts WHERE id = %(id)s
