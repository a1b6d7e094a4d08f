-- Block-range indexes on reading time: the rules read "what arrived between two instants" for
-- the whole fleet. Readings arrive in time order, so a BRIN index is a few pages and costs the
-- collector almost nothing per row.

CREATE INDEX lamp_readings_ts_brin ON lamp_readings USING brin (ts) WITH (pages_per_range = 32);
CREATE INDEX cabinet_readings_ts_brin ON cabinet_readings USING brin (ts) WITH (pages_per_range = 32);
CREATE INDEX meter_readings_ts_brin ON meter_readings USING brin (ts) WITH (pages_per_range = 32);
