SELECT code, id FROM territories
