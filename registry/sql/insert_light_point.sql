INSERT INTO light_points (code, district_id, cabinet_id, latitude, longitude, street)
VALUES (%(code)s, %(district_id)s, %(cabinet_id)s, %(latitude)s, %(longitude)s, %(street)s)
RETURNING id
