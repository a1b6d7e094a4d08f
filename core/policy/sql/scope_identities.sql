-- The rows of an action's scope and control group: each one's id, then what tells it from the
-- others (its role and what it names, its street as scopes compare streets).
SELECT id, role, district_id, cabinet_id, light_point_id, building_id, in_district_id,
       vigie_street_key(street), existed_on, area_id
FROM action_scopes
WHERE action_id = %(action_id)s
