-- The OPERAT declaration deadline (T-02): a building subject to the décret tertiaire whose
-- consumption of %(consumption_year)s is not recorded as declared (operat_declarations): from
-- %(warn_from)s (medium) and, past %(deadline)s, overdue (high). Clears once it is declared;
-- before %(warn_from)s, no change.
SELECT b.id AS subject_id,
       CASE WHEN d.building_id IS NOT NULL THEN false
            WHEN %(now)s::date >= %(warn_from)s::date THEN true
       END AS firing,
       CASE WHEN d.building_id IS NULL AND %(now)s::date > %(deadline)s::date THEN 'high' END
           AS severity,
       'building:' || b.id AS group_key,
       jsonb_build_object('code', b.code, 'year', %(consumption_year)s,
                          'deadline', %(deadline)s::date,
                          'state', CASE WHEN %(now)s::date > %(deadline)s::date
                                        THEN 'overdue' ELSE 'due' END) AS details
FROM buildings b
JOIN communes c ON c.id = b.commune_id
LEFT JOIN operat_declarations d
  ON d.building_id = b.id AND d.consumption_year = %(consumption_year)s
WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree
