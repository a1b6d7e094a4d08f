-- Every computation of an effect is kept with the date it was computed as of, so an evaluator
-- can see how a saving evolved through the reporting year; a computation on the same as-of
-- date replaces the earlier one. effects_latest is the newest computation of each action's
-- effect by each method: what every read shows unless it asks for the series.

ALTER TABLE effects ADD COLUMN as_of date;
UPDATE effects SET as_of = reporting_end;
ALTER TABLE effects ALTER COLUMN as_of SET NOT NULL;
ALTER TABLE effects DROP CONSTRAINT effects_action_id_method_reporting_start_key;
ALTER TABLE effects ADD CONSTRAINT effects_action_method_as_of_key UNIQUE (action_id, method, as_of);

CREATE VIEW effects_latest AS
SELECT DISTINCT ON (e.action_id, e.method) e.*
FROM effects e
ORDER BY e.action_id, e.method, e.as_of DESC, e.computed_at DESC, e.id DESC;
