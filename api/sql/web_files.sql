-- The files attached to an action or a mission, newest first, without their bytes.
SELECT f.id, f.name, f.description, f.content_type, f.size_bytes, f.sha256, f.uploaded_by,
       p.name AS uploaded_by_name, f.uploaded_at
FROM attached_files f
LEFT JOIN people p ON p.id = f.uploaded_by
WHERE (%(action_id)s::integer IS NOT NULL AND f.action_id = %(action_id)s)
   OR (%(mission_id)s::integer IS NOT NULL AND f.mission_id = %(mission_id)s)
ORDER BY f.uploaded_at DESC, f.id DESC
