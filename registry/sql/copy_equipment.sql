COPY light_point_equipment (light_point_id, valid_from, valid_to, technology, nominal_power_w,
    ballast_loss_pct, lantern_installed_on, lamp_installed_on, rated_life_h, controller_id,
    remote_controlled, dimmable) FROM STDIN
