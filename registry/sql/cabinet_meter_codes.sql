SELECT meter_code, id FROM control_cabinets WHERE meter_code IS NOT NULL
