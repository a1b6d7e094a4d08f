COPY dead_letters (topic, payload, error_kind, reason, collector) FROM STDIN (FORMAT BINARY)
