-- A territory's normal heating degree-days: the year's total and its twelve months.
SELECT normal_heating_dju, normal_heating_dju_months
FROM territories
WHERE id = %(territory_id)s
