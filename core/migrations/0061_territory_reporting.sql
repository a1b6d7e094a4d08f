-- Whether any device of a territory (light-point controller, cabinet or meter) has a reading
-- in (since, until]. The offline rules ask it before judging devices one by one: when nothing
-- of the territory arrived, the data path is down (broker, network, collector, or a backlog
-- being caught up in time order), and a thousand devices are not a thousand alerts.
CREATE FUNCTION vigie_territory_reporting(
    p_territory_id integer,
    p_since        timestamptz,
    p_until        timestamptz
) RETURNS boolean
LANGUAGE sql STABLE AS $function$
    SELECT EXISTS (
               SELECT 1
               FROM lamp_readings r
               JOIN light_points lp ON lp.id = r.light_point_id
               JOIN districts d ON d.id = lp.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id AND r.ts > p_since AND r.ts <= p_until)
        OR EXISTS (
               SELECT 1
               FROM cabinet_readings r
               JOIN control_cabinets cc ON cc.id = r.cabinet_id
               JOIN districts d ON d.id = cc.district_id
               JOIN communes c ON c.id = d.commune_id
               WHERE c.territory_id = p_territory_id AND r.ts > p_since AND r.ts <= p_until)
        OR EXISTS (
               SELECT 1
               FROM meter_readings r
               JOIN meters m ON m.id = r.meter_id
               JOIN buildings b ON b.id = m.building_id
               JOIN communes c ON c.id = b.commune_id
               WHERE c.territory_id = p_territory_id AND r.ts > p_since AND r.ts <= p_until)
$function$;
