-- The scope row of an action that names exactly this, if there is one.
SELECT id FROM action_scopes
WHERE action_id = %(action_id)s AND role = %(role)s
  AND district_id IS NOT DISTINCT FROM %(district_id)s::integer
  AND cabinet_id IS NOT DISTINCT FROM %(cabinet_id)s::integer
  AND light_point_id IS NOT DISTINCT FROM %(light_point_id)s::integer
  AND building_id IS NOT DISTINCT FROM %(building_id)s::integer
  AND in_district_id IS NOT DISTINCT FROM %(in_district_id)s::integer
  AND vigie_street_key(street) IS NOT DISTINCT FROM vigie_street_key(%(street)s::text)
  AND existed_on IS NOT DISTINCT FROM %(existed_on)s::date
  AND area_id IS NOT DISTINCT FROM %(area_id)s::integer
