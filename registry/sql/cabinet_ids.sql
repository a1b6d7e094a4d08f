SELECT code, id FROM control_cabinets
