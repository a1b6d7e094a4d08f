INSERT INTO actions (mission_id, code, title, status, term, pilot_id, planned_start, planned_end,
                     actual_start, actual_end)
VALUES (%(mission_id)s, %(code)s, %(title)s, %(status)s, %(term)s, %(pilot_id)s,
        %(planned_start)s, %(planned_end)s, %(actual_start)s, %(actual_end)s)
RETURNING id
