COPY dead_letters (topic, payload, error_kind, reason, collector, payload_bytes, payload_sha256) FROM STDIN (FORMAT BINARY)
