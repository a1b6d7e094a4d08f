-- Everything an action says but its code, as a whole; no row when nothing changes.
UPDATE actions
SET mission_id = %(mission_id)s, title = %(title)s, description = %(description)s,
    status = %(status)s, term = %(term)s, pilot_id = %(pilot_id)s,
    planned_start = %(planned_start)s, planned_end = %(planned_end)s,
    actual_start = %(actual_start)s, actual_end = %(actual_end)s,
    projected_saving_pct = %(projected_saving_pct)s,
    projected_saving_kwh_per_year = %(projected_saving_kwh_per_year)s,
    saving_commitment = %(saving_commitment)s
WHERE id = %(id)s
  AND (mission_id, title, description, status, term, pilot_id, planned_start, planned_end,
       actual_start, actual_end, projected_saving_pct, projected_saving_kwh_per_year,
       saving_commitment)
      IS DISTINCT FROM
      (%(mission_id)s::integer, %(title)s::text, %(description)s::text, %(status)s::text,
       %(term)s::text, %(pilot_id)s::integer, %(planned_start)s::date, %(planned_end)s::date,
       %(actual_start)s::date, %(actual_end)s::date, %(projected_saving_pct)s::real,
       %(projected_saving_kwh_per_year)s::float8, %(saving_commitment)s::text)
RETURNING id
