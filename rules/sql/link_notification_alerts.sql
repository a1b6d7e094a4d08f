INSERT INTO notification_alerts (notification_id, alert_id, channel, kind)
SELECT %(notification_id)s, alert_id, %(channel)s, %(kind)s
FROM unnest(%(alert_ids)s::bigint[]) AS alert_id
ON CONFLICT DO NOTHING
