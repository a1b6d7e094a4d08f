INSERT INTO light_point_equipment (light_point_id, valid_from, valid_to, technology,
    nominal_power_w, ballast_loss_pct, lantern_installed_on, lamp_installed_on, rated_life_h,
    controller_id, remote_controlled, dimmable)
VALUES (%(light_point_id)s, %(valid_from)s, %(valid_to)s, %(technology)s, %(nominal_power_w)s,
    %(ballast_loss_pct)s, %(lantern_installed_on)s, %(lamp_installed_on)s, %(rated_life_h)s,
    %(controller_id)s, %(remote_controlled)s, %(dimmable)s)
