-- An action's latest effects are those of its latest computation: a method that no longer
-- applies to it (its control group removed) does not stay on show from an older date, and an
-- action never shows two headline figures.
CREATE OR REPLACE VIEW effects_latest AS
SELECT DISTINCT ON (e.action_id, e.method) e.*
FROM effects e
WHERE e.reporting_end = (SELECT max(x.reporting_end) FROM effects x
                         WHERE x.action_id = e.action_id)
ORDER BY e.action_id, e.method, e.reporting_end DESC, e.computed_at DESC, e.id DESC;
