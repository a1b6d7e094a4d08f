SELECT committed_at, last_id FROM worker_cursors WHERE name = %(name)s
