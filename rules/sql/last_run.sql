SELECT max(started_at) FROM rule_runs WHERE job = %(job)s AND trigger = 'schedule'
