-- Every partition of the readings tables: bounds, size on disk (table, indexes, TOAST) and the
-- planner's estimate of its rows (-1 before its first ANALYZE on PostgreSQL 15).
SELECT p.table_name, part.partition_name, part.starts, part.ends,
       pg_total_relation_size(c.oid) AS bytes, c.reltuples::bigint AS rows_estimate
FROM partition_policies p
CROSS JOIN LATERAL vigie_reading_partitions(p.table_name) part
JOIN pg_class c ON c.oid = to_regclass('public.' || quote_ident(part.partition_name))
ORDER BY p.table_name, part.starts
