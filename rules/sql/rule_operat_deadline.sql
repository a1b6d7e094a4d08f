-- The OPERAT declaration deadline (T-02), for the whole territory: its buildings subject to the
-- décret tertiaire whose consumption of %(consumption_year)s is not recorded as declared
-- (operat_declarations). One alert for the declaration campaign, with the count and the codes:
-- from %(warn_from)s (medium) and, past %(deadline)s, overdue (high). Clears once every one is
-- declared; before %(warn_from)s, no change.
WITH undeclared AS (
    SELECT b.code
    FROM buildings b
    JOIN communes c ON c.id = b.commune_id
    LEFT JOIN operat_declarations d
      ON d.building_id = b.id AND d.consumption_year = %(consumption_year)s
    WHERE c.territory_id = %(territory_id)s AND b.tertiary_decree AND d.building_id IS NULL
)
SELECT %(territory_id)s::integer AS subject_id,
       CASE WHEN count(*) = 0 THEN false
            WHEN %(now)s::date >= %(warn_from)s::date THEN true
       END AS firing,
       CASE WHEN %(now)s::date > %(deadline)s::date THEN 'high' END AS severity,
       'fleet:' || %(territory_id)s AS group_key,
       jsonb_build_object('undeclared', count(*), 'year', %(consumption_year)s,
                          'deadline', %(deadline)s::date,
                          'buildings', to_jsonb((array_agg(code ORDER BY code))[1:50]),
                          'state', CASE WHEN %(now)s::date > %(deadline)s::date
                                        THEN 'overdue' ELSE 'due' END) AS details
FROM undeclared
