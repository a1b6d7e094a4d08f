-- Remove an attached file; whether another row still keeps the same stored bytes.
WITH gone AS (
    DELETE FROM attached_files WHERE id = %(id)s RETURNING stored_as
)
SELECT gone.stored_as,
       EXISTS (SELECT 1 FROM attached_files f
               WHERE f.stored_as = gone.stored_as AND f.id <> %(id)s) AS shared
FROM gone
