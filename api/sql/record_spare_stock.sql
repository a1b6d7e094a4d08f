-- Record a count of spare sodium lamps in the territory's stock.
INSERT INTO spare_stocks (territory_id, item, quantity, counted_at, note)
SELECT t.id, 'hps_lamp', %(quantity)s, %(now)s, %(note)s
FROM territories t
WHERE t.code = %(territory)s
RETURNING id
