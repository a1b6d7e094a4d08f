INSERT INTO action_scopes (action_id, role, district_id)
VALUES (%(action_id)s, %(role)s, %(district_id)s)
