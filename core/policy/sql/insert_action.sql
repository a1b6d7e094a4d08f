-- A new action of a mission.
INSERT INTO actions (mission_id, code, title, description, status, term, pilot_id,
                     planned_start, planned_end, actual_start, actual_end, projected_saving_pct,
                     projected_saving_kwh_per_year, saving_commitment)
VALUES (%(mission_id)s, %(code)s, %(title)s, %(description)s, %(status)s, %(term)s,
        %(pilot_id)s, %(planned_start)s, %(planned_end)s, %(actual_start)s, %(actual_end)s,
        %(projected_saving_pct)s, %(projected_saving_kwh_per_year)s, %(saving_commitment)s)
RETURNING id
