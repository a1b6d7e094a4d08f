-- A new row of an action's scope (treated) or control group (control).
INSERT INTO action_scopes (action_id, role, district_id, cabinet_id, light_point_id, building_id,
                           in_district_id, street, existed_on, area_id)
VALUES (%(action_id)s, %(role)s, %(district_id)s, %(cabinet_id)s, %(light_point_id)s,
        %(building_id)s, %(in_district_id)s, %(street)s, %(existed_on)s, %(area_id)s)
RETURNING id
