-- Record (or correct) a territory's outdoor temperatures of one day.
INSERT INTO weather_observations (territory_id, day, tmin_c, tmax_c, source)
VALUES (%(territory_id)s, %(day)s, %(tmin_c)s, %(tmax_c)s, %(source)s)
ON CONFLICT (territory_id, day) DO UPDATE
SET tmin_c = excluded.tmin_c, tmax_c = excluded.tmax_c, source = excluded.source
