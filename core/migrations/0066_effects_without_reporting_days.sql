-- An effect computed before its reporting period has a day (works that ended yesterday) is
-- stored too, empty, with the reason: its reporting period may be empty.
ALTER TABLE effects DROP CONSTRAINT effects_check;
ALTER TABLE effects ADD CONSTRAINT effects_periods_check
    CHECK (baseline_end > baseline_start AND reporting_end >= reporting_start);
