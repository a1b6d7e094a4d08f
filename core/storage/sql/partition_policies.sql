-- How each readings table is partitioned and how long its readings are kept (NULL: kept).
SELECT table_name, period, ahead, retention, vigie_readings_partitioned() AS partitioned
FROM partition_policies
ORDER BY table_name
