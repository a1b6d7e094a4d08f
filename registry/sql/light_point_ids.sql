SELECT code, id FROM light_points
