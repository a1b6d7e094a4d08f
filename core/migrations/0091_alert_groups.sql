-- Package-level alerts: when many live alerts of a light-point rule share a cabinet (else a
-- district), one alert on that cabinet or district stands for them. grouped_in names it on each
-- member; a member is then routed to nobody, notified and escalated through its group alert.
ALTER TABLE alerts ADD COLUMN grouped_in bigint REFERENCES alerts ON DELETE SET NULL;
CREATE INDEX alerts_grouped_in_idx ON alerts (grouped_in) WHERE grouped_in IS NOT NULL;
