"""Known answers for a school: degree-day baseline, 25 % saving, and the décret tertiaire path."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

import psycopg
import pytest
from factories import make_territory

from aggregation import effects, indicators, jobs, store
from aggregation.builtin_indicators import define_builtin_indicators
from aggregation.degree_days import dju_meteo

Conn = psycopg.Connection[tuple[object, ...]]
FIRST, END = date(2024, 1, 1), date(2026, 1, 2)
WORKS = (date(2024, 12, 20), date(2025, 1, 5))
SAVING = 0.25


def _temperatures(day: date) -> tuple[float, float]:
    mean = 12.0 - 8.0 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
    return mean - 4.0, mean + 4.0


def _daily_kwh(day: date, rng: random.Random) -> float:
    kwh = (200.0 + 30.0 * dju_meteo(*_temperatures(day))) * rng.gauss(1.0, 0.04)
    return kwh * (1 - SAVING) if day > WORKS[1] else kwh


@pytest.fixture
def school(db: Conn) -> int:
    """A school with a year of baseline and a year after works, readings every hour."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    meter = made.meter_ids[f"{made.code}-B0-ELEC"]
    rng, index, rows, temps = random.Random(7), 0.0, [], []
    day = FIRST
    while day < END:
        temps.append((made.territory_id, day, *_temperatures(day), "test"))
        hourly = _daily_kwh(day, rng) / 24
        for hour in range(24):
            index += hourly
            ts = datetime.combine(day, time(hour), tzinfo=UTC) + timedelta(hours=1)
            rows.append((meter, ts, index))
        day += timedelta(days=1)
    with db.cursor() as cur:
        with cur.copy("COPY meter_readings (meter_id, ts, value) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cur.copy(
            "COPY weather_observations (territory_id, day, tmin_c, tmax_c, source) FROM STDIN"
        ) as copy:
            for t in temps:
                copy.write_row(t)
    # The school's gas meter is not connected in this story: only electricity is measured.
    db.execute("DELETE FROM meters WHERE quantity = 'gas'")
    building = db.execute("SELECT id FROM buildings").fetchone()
    assert building is not None
    db.execute(
        "UPDATE buildings SET tertiary_decree = true, reference_year = 2020,"
        " reference_consumption_kwh = 120000 WHERE id = %s",
        (building[0],),
    )
    policy = db.execute(
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'B', 'B') RETURNING id",
        (made.territory_id,),
    ).fetchone()
    assert policy is not None
    mission = db.execute(
        "INSERT INTO missions (policy_id, code, title, domain) VALUES (%s, '04', 'Bâtiments',"
        " 'buildings') RETURNING id",
        (policy[0],),
    ).fetchone()
    assert mission is not None
    action = db.execute(
        "INSERT INTO actions (mission_id, code, title, actual_start, actual_end)"
        " VALUES (%s, 'B-GTC', 'GTC', %s, %s) RETURNING id",
        (mission[0], *WORKS),
    ).fetchone()
    assert action is not None
    db.execute(
        "INSERT INTO action_scopes (action_id, building_id) VALUES (%s, %s)",
        (action[0], building[0]),
    )
    jobs.aggregate_all(db)
    (place,) = store.territories(db)
    effects.compute_effects(db, place, date(2026, 1, 1))
    return int(str(action[0]))


def test_school_saving_against_its_degree_day_baseline(db: Conn, school: int) -> None:
    """A 25 % cut is found within ±3 points, the interval covers it, the fit is reported."""
    row = db.execute(
        "SELECT saved_pct, saved_pct_low, saved_pct_high, sufficient, fit FROM effects"
        " WHERE action_id = %s AND method = 'building_degree_days'",
        (school,),
    ).fetchone()
    assert row is not None
    pct, low, high, sufficient, fit = row
    assert float(str(pct)) == pytest.approx(100 * SAVING, abs=3.0)
    assert float(str(low)) <= 100 * SAVING <= float(str(high))
    assert sufficient is True
    assert isinstance(fit, dict)
    assert fit["r_squared"] > 0.9
    assert fit["slope_kwh_per_dju"] == pytest.approx(30.0, rel=0.1)
    assert {"cv_rmse", "nmbe"} <= fit.keys()


def test_decree_figures_of_the_year(db: Conn, school: int) -> None:
    """2025 on the normal climate against its reference brought to it, on the path to 2030."""
    db.execute("UPDATE territories SET normal_heating_dju = 2200")
    db.execute("UPDATE buildings SET reference_dju = 2400 WHERE tertiary_decree")
    assert define_builtin_indicators(db, "B") > 0
    (place,) = store.territories(db)
    indicators.compute_indicators(db, place, "year", date(2025, 1, 1), date(2026, 1, 1))
    rows = db.execute(
        "SELECT i.code, v.value, v.warnings, v.details FROM indicator_values v"
        " JOIN indicators i ON i.id = v.indicator_id"
    ).fetchall()
    values = {str(r[0]): (float(str(r[1])), r[2], r[3]) for r in rows}
    corrected, warnings, details = values["B-04-CLIMATE-KWH"]
    assert warnings == ["estimate_not_operat", "normal_monthly_profile_assumed"]
    assert isinstance(details, dict)
    assert details["year_to_date"]["days"] == 365
    # The school's 2025 signature: 0.75 x (200 kWh a day + 30 kWh per DJU), at 2,200 DJU.
    base, slope = 0.75 * 200, 0.75 * 30
    assert corrected == pytest.approx(base * 365 + slope * 2200, rel=0.02)
    # Its 2020 reference (366 days of 2,400 DJU) at 2,200 DJU, on the path: -20 % in 2025.
    reference = 120000 * (366 * base + 2200 * slope) / (366 * base + 2400 * slope)
    allowed = reference * (1 - 0.4 * 5 / 10)
    assert details["allowed_kwh"] == pytest.approx(allowed, rel=0.01)
    gap = values["B-04-DECREE-GAP"][0]
    assert gap == pytest.approx(100 * (corrected / allowed - 1), abs=0.5)
