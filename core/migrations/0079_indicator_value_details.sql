-- What a computed indicator value rests on, beyond its coverage and warnings. The décret-tertiaire
-- figures record there the days they cover, the actual and normal degree-days of the period and
-- of the year to date, the measured, climate-normalised and allowed kWh, and the buildings
-- counted or left out (docs/methods.md §4.2).

ALTER TABLE indicator_values
    ADD COLUMN details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object');
