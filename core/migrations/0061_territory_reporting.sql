-- Whether any device of a territory (light-point controller, cabinet or meter) has a reading
-- in the last p_periods reporting periods before p_at, the period being the shortest of the
-- territory's devices of kind p_kind ('light_point', 'cabinet' or 'meter') that the offline
-- rules judge. Those rules ask it first: when nothing of the territory arrived, the data path
-- is down (broker, network, collector, or a backlog being caught up in time order), and a
-- thousand devices are not a thousand alerts.
CREATE FUNCTION vigie_territory_reporting(
    p_territory_id integer,
    p_kind         text,
    p_periods      double precision,
    p_at           timestamptz
) RETURNS boolean
LANGUAGE sql STABLE AS $function$
    WITH period AS (
        SELECT CASE p_kind
            WHEN 'light_point' THEN (
                SELECT min(lp.reporting_period_s)
                FROM light_points_current lp
                JOIN districts d ON d.id = lp.district_id
                JOIN communes c ON c.id = d.commune_id
                WHERE c.territory_id = p_territory_id AND lp.remote_controlled)
            WHEN 'cabinet' THEN (
                SELECT min(cc.reporting_period_s)
                FROM control_cabinets cc
                JOIN districts d ON d.id = cc.district_id
                JOIN communes c ON c.id = d.commune_id
                WHERE c.territory_id = p_territory_id AND cc.remote_controlled)
            WHEN 'meter' THEN (
                SELECT min(m.reporting_period_s)
                FROM meters m
                JOIN buildings b ON b.id = m.building_id
                JOIN communes c ON c.id = b.commune_id
                WHERE c.territory_id = p_territory_id
                  AND (m.removed_on IS NULL OR m.removed_on > p_at::date))
        END AS seconds
    ), since AS (
        SELECT p_at - make_interval(secs => p_periods * seconds) AS ts FROM period
    )
    SELECT EXISTS (
               SELECT 1
               FROM lamp_readings r
               JOIN light_points lp ON lp.id = r.light_point_id
               JOIN districts d ON d.id = lp.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
        OR EXISTS (
               SELECT 1
               FROM cabinet_readings r
               JOIN control_cabinets cc ON cc.id = r.cabinet_id
               JOIN districts d ON d.id = cc.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
        OR EXISTS (
               SELECT 1
               FROM meter_readings r
               JOIN meters m ON m.id = r.meter_id
               JOIN buildings b ON b.id = m.building_id
               JOIN communes c ON c.id = b.commune_id
               WHERE c.territory_id = p_territory_id
                 AND r.ts > (SELECT ts FROM since) AND r.ts <= p_at)
$function$;
