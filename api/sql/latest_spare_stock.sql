-- The latest recorded count of spare sodium lamps of the territory, if any.
SELECT s.quantity
FROM spare_stocks s
JOIN territories t ON t.id = s.territory_id
WHERE t.code = %(territory)s AND s.item = 'hps_lamp' AND s.counted_at <= %(now)s
ORDER BY s.counted_at DESC, s.id DESC
LIMIT 1
