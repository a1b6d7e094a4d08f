-- Close the record of one indicator computation run.
UPDATE indicator_runs
SET finished_at = now(), indicators = %(indicators)s, values_written = %(values_written)s
WHERE id = %(id)s
