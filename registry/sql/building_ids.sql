SELECT code, id FROM buildings
