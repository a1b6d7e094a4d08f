-- The number the next report will carry, reserved (printed in the report it numbers).
SELECT nextval(pg_get_serial_sequence('activity_reports', 'number'))
