-- Create the partitions the given reading times need (plain PostgreSQL; nothing on TimescaleDB);
-- how many were created. Periods more than a year ahead are left to the default partition.
SELECT vigie_cover_readings(%(table)s, %(stamps)s::timestamptz[])
