UPDATE light_point_equipment
SET valid_to = %(valid_from)s
WHERE light_point_id = %(light_point_id)s AND valid_to IS NULL
