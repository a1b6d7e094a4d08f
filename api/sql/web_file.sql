-- One attached file with its bytes (or where they are), and what it is attached to.
SELECT f.id, f.name, f.content_type, f.size_bytes, f.sha256, f.content, f.stored_as,
       f.uploaded_by, f.action_id, f.mission_id, a.code AS action_code, m.code AS mission_code
FROM attached_files f
LEFT JOIN actions a ON a.id = f.action_id
LEFT JOIN missions m ON m.id = coalesce(f.mission_id, a.mission_id)
JOIN policies po ON po.id = m.policy_id
WHERE f.id = %(id)s AND po.territory_id = %(territory_id)s
