COPY control_cabinets (code, district_id, latitude, longitude, remote_controlled) FROM STDIN
