-- Attach a file to an action or a mission.
INSERT INTO attached_files (action_id, mission_id, name, description, content_type, size_bytes,
                            sha256, content, stored_as, uploaded_by)
VALUES (%(action_id)s, %(mission_id)s, %(name)s, %(description)s, %(content_type)s,
        %(size_bytes)s, %(sha256)s, %(content)s, %(stored_as)s, %(uploaded_by)s)
RETURNING id
