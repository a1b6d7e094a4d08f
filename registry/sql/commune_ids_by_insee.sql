-- Every commune, by its INSEE code (a code may be registered in several territories).
SELECT insee_code, id FROM communes ORDER BY insee_code, id
