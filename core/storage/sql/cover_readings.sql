-- Create the partitions the given reading times need (plain PostgreSQL; nothing on TimescaleDB);
-- how many were created. A period more than a year ahead is refused (check_violation).
SELECT vigie_cover_readings(%(table)s, %(stamps)s::timestamptz[])
