DELETE FROM light_point_equipment WHERE light_point_id = %(light_point_id)s
