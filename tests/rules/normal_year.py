"""Readings of a normal year, deterministic for a given seed.

Lamps light at dusk, dim at night and stop at dawn; a school's electricity follows its
timetable, its gas follows the weather and its rooms are kept at 19 °C in the heating season.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.solar import sunrise_sunset

PARIS = ZoneInfo("Europe/Paris")
LAT, LON = 47.47, -0.55


def lamp_rows(
    point_ids: list[int], start: datetime, end: datetime, power_w: float, seed: int = 1
) -> Iterator[tuple[object, ...]]:
    """10-minute readings of dimmable LED points: 100 % at dusk and dawn, 50 % from 23 h to 5 h."""
    rng = random.Random(seed)
    step = timedelta(minutes=10)
    day, sunrise, sunset = None, start, start
    ts = start
    while ts < end:
        if ts.date() != day:
            day = ts.date()
            sunrise, sunset = sunrise_sunset(day, LAT, LON)
        lit = ts < sunrise or ts >= sunset
        hour = ts.astimezone(PARIS).hour
        dimming = (50 if hour >= 23 or hour < 5 else 100) if lit else 0
        for point in point_ids:
            if lit:
                yield (
                    point,
                    ts,
                    round(power_w * dimming / 100 * rng.uniform(0.97, 1.03), 1),
                    dimming,
                    "on",
                )
            else:
                yield (point, ts, round(rng.uniform(0.3, 0.6), 2), 0, "off")
        ts += step


def outdoor_c(ts: datetime) -> float:
    """A smooth yearly temperature: 4 °C mid-January, 18 °C mid-July."""
    doy = ts.timetuple().tm_yday
    return 11.0 - 7.0 * math.cos(2 * math.pi * (doy - 15) / 365.0)


def school_rows(
    meters: tuple[int, int, int], start: datetime, end: datetime, seed: int = 2
) -> Iterator[tuple[object, ...]]:
    """Hourly readings of a school's electricity register, gas use and indoor temperature."""
    electricity, gas, indoor = meters
    rng = random.Random(seed)
    register = 10_000.0
    ts = start
    while ts < end:
        local = ts.astimezone(PARIS)
        open_ = local.weekday() < 5 and 7 <= local.hour < 18
        heating = local.month >= 10 or local.month <= 4
        register += (8.0 if open_ else 2.0) * rng.uniform(0.9, 1.1)
        yield (electricity, ts, round(register, 3))
        need = max(0.0, 16.0 - outdoor_c(ts)) * (6.0 if open_ else 2.0)
        yield (gas, ts, round(need * rng.uniform(0.9, 1.1), 3))
        if heating:
            indoor_c = (19.2 if open_ else 16.5) + rng.uniform(-0.4, 0.4)
        else:
            indoor_c = 21.0 + outdoor_c(ts) / 4 + rng.uniform(-1.0, 1.0)
        yield (indoor, ts, round(indoor_c, 2))
        ts += timedelta(hours=1)


def utc(year: int, month: int = 1, day: int = 1) -> datetime:
    """Midnight UTC."""
    return datetime(year, month, day, tzinfo=UTC)
