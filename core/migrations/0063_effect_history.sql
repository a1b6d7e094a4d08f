-- Every computation of an effect is kept, so an evaluator can see how a saving evolved through
-- the reporting year. A computation's reporting period ends on the date it was computed as of
-- (exclusive), so (action, method, reporting_end) names one computation; a computation as of
-- the same date replaces the earlier one. effects_latest is the newest computation of each
-- action's effect by each method: what every read shows unless it asks for the series.

ALTER TABLE effects DROP CONSTRAINT effects_action_id_method_reporting_start_key;
ALTER TABLE effects ADD CONSTRAINT effects_action_method_as_of_key
    UNIQUE (action_id, method, reporting_end);

CREATE VIEW effects_latest AS
SELECT DISTINCT ON (e.action_id, e.method) e.*
FROM effects e
ORDER BY e.action_id, e.method, e.reporting_end DESC, e.computed_at DESC, e.id DESC;
