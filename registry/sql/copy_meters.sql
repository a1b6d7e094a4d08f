COPY meters (code, building_id, quantity, unit, reading_kind, register_max) FROM STDIN
