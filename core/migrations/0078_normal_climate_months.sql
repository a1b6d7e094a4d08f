-- A territory's normal heating degree-days month by month (base 18 °C, January first), e.g.
-- the 2001-2020 monthly means of its reference weather station. They give the shape of the
-- normal year: a décret-tertiaire figure for part of a year is compared with the part of the
-- year's allowance that the normal climate puts in those days (docs/methods.md §4.2). The
-- annual figure, normal_heating_dju, stays the total; the months only share it out.

ALTER TABLE territories
    ADD COLUMN normal_heating_dju_months real[]
        CHECK (array_ndims(normal_heating_dju_months) = 1
               AND cardinality(normal_heating_dju_months) = 12
               AND array_position(normal_heating_dju_months, NULL) IS NULL
               AND 0 <= ALL (normal_heating_dju_months)
               AND 0 < ANY (normal_heating_dju_months));
