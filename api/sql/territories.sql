-- Every territory with its time zone: the API keeps them in memory.
SELECT id, code, name, timezone FROM territories ORDER BY code
