SELECT enabled, parameters
FROM rule_parameters
WHERE territory_id = %(territory_id)s AND rule_id = %(rule_id)s
