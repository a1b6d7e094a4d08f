INSERT INTO territories (code, name, timezone, latitude, longitude)
VALUES (%(code)s, %(name)s, %(timezone)s, %(latitude)s, %(longitude)s)
RETURNING id
