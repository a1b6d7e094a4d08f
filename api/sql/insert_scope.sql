-- Add an asset, named by kind and code, to an action's scope; nothing when the code is unknown.
INSERT INTO action_scopes (action_id, role, district_id, cabinet_id, light_point_id, building_id)
SELECT %(action_id)s, %(role)s,
       (SELECT id FROM districts WHERE %(kind)s = 'district' AND code = %(code)s),
       (SELECT id FROM control_cabinets WHERE %(kind)s = 'cabinet' AND code = %(code)s),
       (SELECT id FROM light_points WHERE %(kind)s = 'light_point' AND code = %(code)s),
       (SELECT id FROM buildings WHERE %(kind)s = 'building' AND code = %(code)s)
WHERE EXISTS (SELECT 1 FROM districts WHERE %(kind)s = 'district' AND code = %(code)s)
   OR EXISTS (SELECT 1 FROM control_cabinets WHERE %(kind)s = 'cabinet' AND code = %(code)s)
   OR EXISTS (SELECT 1 FROM light_points WHERE %(kind)s = 'light_point' AND code = %(code)s)
   OR EXISTS (SELECT 1 FROM buildings WHERE %(kind)s = 'building' AND code = %(code)s)
ON CONFLICT DO NOTHING
RETURNING id
