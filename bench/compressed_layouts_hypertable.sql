-- {table} made a hypertable of 7-day chunks compressed by light point and time, as
-- lamp_readings_stored is on TimescaleDB (migrations 0004, 0161 and 0164).
SELECT create_hypertable({name}::regclass, 'ts', chunk_time_interval => interval '7 days');
ALTER TABLE {table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'light_point_id',
                         timescaledb.compress_orderby = 'ts')
