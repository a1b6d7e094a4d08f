-- Create the partitions the given reading times need (plain PostgreSQL; nothing on TimescaleDB);
-- how many were created. A period past the retention, or more than a year ahead, is refused.
SELECT vigie_cover_readings(%(table)s, %(stamps)s::timestamptz[])
