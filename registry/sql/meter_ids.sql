SELECT code, id FROM meters
