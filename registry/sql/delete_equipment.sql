DELETE FROM light_point_equipment WHERE light_point_id = ANY(%(light_point_ids)s::integer[])
