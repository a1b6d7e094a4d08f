-- The territory and its assets: communes, districts, control cabinets, light points (with the
-- history of their equipment), public buildings and their meters.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE territories (
    id          smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    name        text NOT NULL,
    timezone    text NOT NULL DEFAULT 'Europe/Paris',
    latitude    double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude   double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);

CREATE TABLE communes (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  smallint NOT NULL REFERENCES territories,
    insee_code    text NOT NULL CHECK (insee_code ~ '^[0-9][0-9AB][0-9]{3}$'),
    name          text NOT NULL,
    UNIQUE (territory_id, insee_code),
    UNIQUE (territory_id, name)
);

CREATE TABLE districts (
    id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commune_id        integer NOT NULL REFERENCES communes,
    code              text NOT NULL UNIQUE,
    name              text NOT NULL,
    lit_street_km     double precision CHECK (lit_street_km > 0),
    UNIQUE (commune_id, name)
);

CREATE TABLE control_cabinets (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    district_id         integer NOT NULL REFERENCES districts,
    latitude            double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude           double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    remote_controlled   boolean NOT NULL DEFAULT false,
    reporting_period_s  integer NOT NULL DEFAULT 600 CHECK (reporting_period_s > 0)
);

CREATE TABLE light_points (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    district_id         integer NOT NULL REFERENCES districts,
    cabinet_id          integer REFERENCES control_cabinets,
    latitude            double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude           double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    street              text,
    reporting_period_s  integer NOT NULL DEFAULT 600 CHECK (reporting_period_s > 0)
);
CREATE INDEX light_points_district_idx ON light_points (district_id);
CREATE INDEX light_points_cabinet_idx ON light_points (cabinet_id);

-- What is mounted on a light point, from valid_from (inclusive) to valid_to (exclusive, null =
-- still in place). A renovation closes one row and opens the next: history stays queryable.
CREATE TABLE light_point_equipment (
    light_point_id        integer NOT NULL REFERENCES light_points ON DELETE CASCADE,
    valid_from            date NOT NULL,
    valid_to              date,
    technology            text NOT NULL CHECK (technology IN ('HPS', 'LPS', 'MH', 'MV', 'LED')),
    nominal_power_w       real NOT NULL CHECK (nominal_power_w > 0 AND nominal_power_w <= 2000),
    ballast_loss_pct      real NOT NULL DEFAULT 0 CHECK (ballast_loss_pct BETWEEN 0 AND 100),
    lantern_installed_on  date,
    lamp_installed_on     date,
    rated_life_h          integer CHECK (rated_life_h > 0),
    controller_id         text,
    remote_controlled     boolean NOT NULL DEFAULT false,
    dimmable              boolean NOT NULL DEFAULT false,
    PRIMARY KEY (light_point_id, valid_from),
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    CHECK (NOT remote_controlled OR controller_id IS NOT NULL),
    EXCLUDE USING gist (light_point_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX light_point_equipment_current_idx
    ON light_point_equipment (light_point_id) WHERE valid_to IS NULL;
CREATE INDEX light_point_equipment_technology_idx
    ON light_point_equipment (technology) WHERE valid_to IS NULL;

CREATE VIEW light_points_current AS
SELECT lp.id, lp.code, lp.district_id, lp.cabinet_id, lp.latitude, lp.longitude, lp.street,
       lp.reporting_period_s, e.valid_from AS equipped_on, e.technology, e.nominal_power_w,
       e.ballast_loss_pct, e.lantern_installed_on, e.lamp_installed_on, e.rated_life_h,
       e.controller_id, e.remote_controlled, e.dimmable
FROM light_points lp
LEFT JOIN light_point_equipment e ON e.light_point_id = lp.id AND e.valid_to IS NULL;

CREATE TABLE buildings (
    id                           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                         text NOT NULL UNIQUE,
    name                         text NOT NULL,
    category                     text NOT NULL CHECK (category IN (
                                     'school', 'nursery', 'office', 'sports', 'culture',
                                     'social', 'technical', 'other')),
    commune_id                   integer NOT NULL REFERENCES communes,
    district_id                  integer REFERENCES districts,
    floor_area_m2                double precision NOT NULL CHECK (floor_area_m2 > 0),
    latitude                     double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude                    double precision CHECK (longitude BETWEEN -180 AND 180),
    tertiary_decree              boolean NOT NULL DEFAULT false,
    reference_year               smallint CHECK (reference_year BETWEEN 2010 AND 2020),
    reference_consumption_kwh    double precision CHECK (reference_consumption_kwh >= 0),
    CHECK (NOT tertiary_decree OR (reference_year IS NOT NULL
                                   AND reference_consumption_kwh IS NOT NULL))
);

CREATE TABLE meters (
    id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    building_id         integer NOT NULL REFERENCES buildings,
    quantity            text NOT NULL CHECK (quantity IN (
                            'electricity', 'gas', 'heat', 'water', 'indoor_temperature')),
    unit                text NOT NULL CHECK (unit IN ('kWh', 'Wh', 'm3', 'L', 'degC')),
    reading_kind        text NOT NULL CHECK (reading_kind IN ('cumulative', 'interval', 'instant')),
    register_max        double precision CHECK (register_max > 0),
    reporting_period_s  integer NOT NULL DEFAULT 900 CHECK (reporting_period_s > 0),
    installed_on        date,
    removed_on          date,
    CHECK (removed_on IS NULL OR installed_on IS NULL OR removed_on > installed_on),
    CHECK ((quantity = 'indoor_temperature') = (unit = 'degC')),
    CHECK ((quantity = 'indoor_temperature') = (reading_kind = 'instant'))
);
CREATE INDEX meters_building_idx ON meters (building_id);
