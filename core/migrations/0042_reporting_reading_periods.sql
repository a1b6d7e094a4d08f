-- Each light-point reading carries its point's reporting period, so that a panel turns readings
-- into average power with one aggregate (sum of power x period over the bucket's length)
-- instead of grouping by point first. Columns are added at the end: the view keeps its grants.

CREATE OR REPLACE VIEW reporting.lamp_readings AS
SELECT r.ts, r.received_at, r.light_point_id, lp.code, d.code AS district_code, r.power_state,
       r.power_w, r.dimming_pct, r.energy_wh, r.lamp_failure, r.day_burner, r.cycling_failure,
       lp.reporting_period_s
FROM lamp_readings r
JOIN light_points lp ON lp.id = r.light_point_id
JOIN districts d ON d.id = lp.district_id;
