-- How many light points of a district are on a street (names compared as scopes compare them).
SELECT count(*) FROM light_points
WHERE district_id = %(district_id)s AND vigie_street_key(street) = vigie_street_key(%(street)s)
