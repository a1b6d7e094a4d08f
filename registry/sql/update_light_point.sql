UPDATE light_points
SET district_id = %(district_id)s, cabinet_id = %(cabinet_id)s, latitude = %(latitude)s,
    longitude = %(longitude)s, street = %(street)s
WHERE id = %(id)s
