"""A full simulated year of normal nights and seasons raises no alert at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from normal_year import lamp_rows, school_rows, utc
from rulekit import Conn, Place, copy_lamp_readings, copy_meter_readings, make_place, run

from rules.catalogue import RULES


def water_rows(meter: int, start: datetime, end: datetime) -> Iterator[tuple[object, ...]]:
    """An hourly water register that only moves while the school is open (8 h to 18 h)."""
    volume, ts = 500.0, start
    while ts < end:
        if ts.weekday() < 5 and 8 <= ts.hour < 18:
            volume += 0.04
        yield (meter, ts, round(volume, 3))
        ts += timedelta(hours=1)


LAMP_RULES = (
    "lamp_failure",
    "power_too_low",
    "power_too_high",
    "day_burner",
    "supply_voltage",
    "power_factor_low",
    "controller_overheating",
    "dimming_not_applied",
)
METER_RULES = ("meter_gap", "counter_rollover", "counter_reset", "impossible_delta", "stuck_meter")
DAILY_RULES = (
    "cycling_lamp",
    "building_drift",
    "out_of_hours",
    "overheating",
    "water_leak",
    "underheating",
    "readings_lost",
)
PLANNING = (
    "sodium_lamp_end_of_life",
    "sodium_fleet_deadline",
    "spare_lamp_stock",
    "tertiary_trajectory",
    "operat_deadline",
    "savings_behind_projection_lighting",
    "savings_behind_projection_buildings",
    "figure_at_risk_lighting",  # judges the effects, which this test leaves empty
    "figure_at_risk_buildings",  # same
    "cabinet_balance",  # judges the aggregation's daily rollups, which this test leaves empty
    "burning_hours_drift",  # same
)


def test_a_normal_year_is_quiet(db: Conn) -> None:
    """Four LED points through 2026 and a school through 2025-2026: every rule stays quiet."""
    place: Place = make_place(db, districts=1, points_per_cabinet=4)
    db.execute(b"UPDATE meters SET reporting_period_s = 3600")
    meters = place.small.meter_ids
    code = place.small.code
    copy_lamp_readings(
        db, lamp_rows(list(place.small.point_ids.values()), utc(2026), utc(2027), 60.0)
    )
    copy_meter_readings(
        db,
        school_rows(
            (meters[f"{code}-B0-ELEC"], meters[f"{code}-B0-GAS"], meters[f"{code}-B0-INDO"]),
            utc(2025),
            utc(2027),
        ),
    )
    db.execute(  # what sound controllers measure besides power: mains, driver, gear heat
        b"UPDATE lamp_readings_stored SET voltage_dv = round(2260 + 80 * random()),"
        b" power_factor_pct = CASE WHEN power_dw > 60 THEN round(93 + 4 * random()) END,"
        b" controller_temp_dc = round(100 + 250 * random()),"
        b" dimming_pct = CASE WHEN (ts AT TIME ZONE 'Europe/Paris')::time >= '22:30'"
        b" OR (ts AT TIME ZONE 'Europe/Paris')::time < '05:00' THEN 50 ELSE 100 END"  # dimmed
    )
    water = db.execute(
        b"INSERT INTO meters (code, building_id, quantity, unit, reading_kind,"
        b" reporting_period_s) SELECT %s, id, 'water', 'm3', 'cumulative', 3600"
        b" FROM buildings WHERE code = %s RETURNING id",
        (f"{code}-B0-WATE", f"{code}-B0"),
    ).fetchone()
    assert water is not None
    copy_meter_readings(db, water_rows(int(str(water[0])), utc(2026), utc(2027)))
    db.execute(b"ANALYZE lamp_readings_stored, meter_readings")
    day = timedelta(days=1)
    for d in range(365):
        start = utc(2026) + d * day
        if d % 4 == 0:  # a night every fourth day, a day every other fourth, drifting
            instant = start + timedelta(hours=1, minutes=(d * 53) % 300)
        else:
            instant = start + timedelta(hours=9, minutes=(d * 29) % 360)
        if d % 2 == 0:
            for rule in LAMP_RULES:
                run(db, place, rule, instant, (instant - timedelta(minutes=20), instant))
        if d % 3 == 0:
            run(db, place, "controller_offline", instant + timedelta(minutes=5))
            run(db, place, "meter_offline", instant + timedelta(minutes=5))
            for rule in METER_RULES:
                run(db, place, rule, start + 3 * day, (start, start + 3 * day))
        elif d % 3 == 1:
            for rule in DAILY_RULES:
                run(db, place, rule, start + timedelta(hours=10))
    alerts = db.execute(b"SELECT rule_id, subject_id, summary FROM alerts").fetchall()
    assert alerts == []
    judged = {
        str(rule): int(str(n))
        for rule, n in db.execute(b"SELECT rule_id, sum(subjects) FROM rule_runs GROUP BY 1")
    }
    offline = {"controller_offline", "cabinet_offline", "meter_offline"}
    assert {r for r, n in judged.items() if n != 0} == set(RULES) - set(PLANNING) - offline
    assert set(judged) >= offline - {"cabinet_offline"}
