-- Facts several parts of Vigie read, registered with the territory, its buildings and actions:
--
-- * a territory's switching rule: street lights switch on some minutes after sunset and off
--   some minutes before sunrise (photocells, astronomical clocks). Burning hours estimated from
--   sun times use these offsets where no device measured the switching (docs/methods.md);
-- * a territory's normal heating degree-days (base 18 °C over a normal year, e.g. the 2001-2020
--   mean of its reference weather station): the climate both sides of a décret-tertiaire
--   comparison are brought to;
-- * a building's reference-year degree-days, so that its décret reference consumption has a
--   stated climate basis;
-- * an action's projected or contractually guaranteed saving, against which its measured saving
--   is judged.

ALTER TABLE territories
    ADD COLUMN switch_on_offset_min real NOT NULL DEFAULT 15
        CHECK (switch_on_offset_min BETWEEN -120 AND 120),
    ADD COLUMN switch_off_offset_min real NOT NULL DEFAULT 15
        CHECK (switch_off_offset_min BETWEEN -120 AND 120),
    ADD COLUMN normal_heating_dju real CHECK (normal_heating_dju > 0);

ALTER TABLE buildings
    ADD COLUMN reference_dju real CHECK (reference_dju > 0);

ALTER TABLE actions
    ADD COLUMN projected_saving_pct real CHECK (projected_saving_pct BETWEEN -100 AND 100),
    ADD COLUMN projected_saving_kwh_per_year double precision
        CHECK (projected_saving_kwh_per_year >= 0),
    ADD COLUMN saving_commitment text CHECK (saving_commitment IN ('projected', 'guaranteed')),
    ADD CHECK (saving_commitment IS NULL
               OR projected_saving_pct IS NOT NULL OR projected_saving_kwh_per_year IS NOT NULL);
