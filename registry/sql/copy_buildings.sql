COPY buildings (code, name, category, commune_id, district_id, floor_area_m2, latitude,
    longitude, tertiary_decree, reference_year, reference_consumption_kwh, reference_dju)
    FROM STDIN
