SELECT state FROM alerts WHERE id = %(alert_id)s
