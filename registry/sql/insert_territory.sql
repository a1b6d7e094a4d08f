INSERT INTO territories (code, name, timezone, latitude, longitude, normal_heating_dju,
                         normal_heating_dju_months)
VALUES (%(code)s, %(name)s, %(timezone)s, %(latitude)s, %(longitude)s, %(normal_heating_dju)s,
        %(normal_heating_dju_months)s)
RETURNING id
