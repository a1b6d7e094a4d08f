COPY light_points (code, district_id, cabinet_id, latitude, longitude, street) FROM STDIN
