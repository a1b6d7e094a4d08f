SELECT code, id FROM districts
