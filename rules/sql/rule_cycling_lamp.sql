-- A cycling lamp (the end-of-life symptom of sodium lamps): during the last complete night it
-- went out and came back more than %(max_restarts)s times, or its switch counter rose by more
-- than that, or its controller flags cycling. Judged once per night, for every point that
-- reported during it; a quiet night clears it. ``cycles`` (what the summary says) is the larger
-- of the outages seen in power and the steps of the switch counter.
WITH night AS (
    SELECT light_point_id, ts, power_w, lamp_switch_counter, cycling_failure,
           (power_w > %(standby_max_w)s) AS lit
    FROM lamp_readings
    WHERE ts >= %(night_start)s AND ts < %(night_end)s
),
steps AS (
    SELECT light_point_id, ts, lamp_switch_counter, cycling_failure,
           lag(lit) OVER (PARTITION BY light_point_id ORDER BY ts) AS was_lit, lit
    FROM night
),
counted AS (
    SELECT light_point_id,
           count(*) FILTER (WHERE was_lit AND NOT lit) AS outages,
           max(lamp_switch_counter) - min(lamp_switch_counter) AS switches,
           bool_or(coalesce(cycling_failure, false)) AS flagged
    FROM steps
    GROUP BY light_point_id
)
SELECT lp.id AS subject_id,
       (k.outages > %(max_restarts)s OR coalesce(k.switches, 0) > %(max_restarts)s + 1
        OR k.flagged) AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || lp.cabinet_id, 'district:' || lp.district_id) AS group_key,
       jsonb_build_object('code', lp.code, 'outages', k.outages, 'switches', k.switches,
                          'cycles', greatest(k.outages, coalesce(k.switches, 0)),
                          'night_start', %(night_start)s::timestamptz) AS details
FROM counted k
JOIN light_points lp ON lp.id = k.light_point_id
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
WHERE c.territory_id = %(territory_id)s
