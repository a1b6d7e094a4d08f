-- The database answers.
SELECT 1
