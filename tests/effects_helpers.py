"""A school renovated in known ways: daily meter data, weather and an action, for effect tests.

The school draws 200 kWh a day plus 30 kWh per heating degree-day (electricity for the base,
gas for the heating) and saves 25 % after works from 20 December 2024 to 5 January 2025. Its
days go straight into ``meter_consumption_daily`` (what the rollups make of a meter's readings)
so that a test computes its effects in a second.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import psycopg
from factories import SmallTerritory

from aggregation import effects, store
from aggregation.degree_days import dju_meteo

Conn = psycopg.Connection[tuple[object, ...]]
FIRST, END = date(2023, 12, 1), date(2026, 1, 2)
WORKS = (date(2024, 12, 20), date(2025, 1, 5))
SAVING = 0.25


def temperatures(day: date) -> tuple[float, float]:
    """The day's minimum and maximum outdoor temperatures (°C): a smooth year."""
    mean = 12.0 - 8.0 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
    return mean - 4.0, mean + 4.0


def one(conn: Conn, query: str, params: tuple[object, ...]) -> int:
    """The integer the query returns."""
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return int(str(row[0]))


def add_school_action(
    conn: Conn, town: SmallTerritory, mission_id: int, code: str, pilot_id: int | None = None
) -> int:
    """The renovation of the town's first school as an action with two years of daily data."""
    building = town.building_codes[0]
    elec = town.meter_ids[f"{building}-ELEC"]
    gas = town.meter_ids[f"{building}-GAS"]
    rng = random.Random(11)
    day = FIRST
    with conn.cursor() as cur:
        with cur.copy(
            "COPY meter_consumption_daily (meter_id, day, value, coverage) FROM STDIN"
        ) as copy:
            while day < END:
                factor = (1 - SAVING) if day > WORKS[1] else 1.0
                noise = rng.gauss(1.0, 0.03)
                copy.write_row((elec, day, 200.0 * factor * noise, 1.0))
                copy.write_row((gas, day, 30.0 * dju_meteo(*temperatures(day)) * factor, 1.0))
                day += timedelta(days=1)
        with cur.copy(
            "COPY weather_observations (territory_id, day, tmin_c, tmax_c, source) FROM STDIN"
        ) as copy:
            day = FIRST
            while day < END:
                copy.write_row((town.territory_id, day, *temperatures(day), "test"))
                day += timedelta(days=1)
    action = one(
        conn,
        "INSERT INTO actions (mission_id, code, title, status, pilot_id, actual_start,"
        " actual_end) VALUES (%s, %s, 'School insulation', 'done', %s, %s, %s) RETURNING id",
        (mission_id, code, pilot_id, *WORKS),
    )
    conn.execute(
        "INSERT INTO action_scopes (action_id, building_id)"
        " SELECT %s, id FROM buildings WHERE code = %s",
        (action, building),
    )
    return action


def compute(conn: Conn, town: SmallTerritory, as_of: date) -> None:
    """Compute the town's effects as of a date, as the hourly evaluation does."""
    (place,) = store.territories(conn, town.code)
    effects.compute_effects(conn, place, as_of)
