"""Simulated light points whose true consumption is known, written with COPY.

A lamp burns from sunset to sunrise (NOAA times at Angers). An HPS lamp draws its system power
all night; an LED lamp draws its power with a dimming step at mid-night. Each night's power has
a little noise. ``true_kwh`` gives the expected energy, the truth the estimates are judged by.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import psycopg

from core.solar import sunrise_sunset

ANGERS = (47.47, -0.55)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Regime:
    """How a lamp burns: power (W), and the dimmed share of the night's middle hours."""

    power_w: float
    dimmed_hours: float = 0.0
    dimmed_fraction: float = 1.0


def segments(night: date, regime: Regime) -> list[tuple[datetime, datetime, float]]:
    """The (start, end, watts) pieces of the night that starts on ``night``."""
    _, sunset = sunrise_sunset(night, *ANGERS)
    sunrise, _ = sunrise_sunset(night + DAY, *ANGERS)
    if regime.dimmed_hours <= 0:
        return [(sunset, sunrise, regime.power_w)]
    middle = sunset + (sunrise - sunset) / 2
    half = timedelta(hours=regime.dimmed_hours / 2)
    dimmed = regime.power_w * regime.dimmed_fraction
    return [
        (sunset, middle - half, regime.power_w),
        (middle - half, middle + half, dimmed),
        (middle + half, sunrise, regime.power_w),
    ]


def true_kwh(first: date, end: date, regime: Regime) -> float:
    """Expected energy of one lamp over the nights starting in [first, end)."""
    total = 0.0
    night = first
    while night < end:
        total += sum(w * (b - a).total_seconds() / 3600 for a, b, w in segments(night, regime))
        night += DAY
    return total / 1000.0


def lamp_rows(  # noqa: PLR0913 - one simulated lamp needs its whole story
    point_id: int,
    first: date,
    end: date,
    regime_on: Callable[[date], Regime],
    *,
    step: timedelta = timedelta(minutes=30),
    seed: int = 0,
    noise: float = 0.03,
) -> Iterator[tuple[int, datetime, float, float]]:
    """(point, ts, energy_wh cumulative, power_w) every ``step`` over [first, end).

    Values are reported to the resolution they are stored to (1 Wh, 0.1 W).
    """
    rng = random.Random(seed)
    pieces: list[tuple[datetime, datetime, float]] = []
    night = first - DAY
    while night < end:
        factor = rng.gauss(1.0, noise)
        pieces.extend((a, b, w * factor) for a, b, w in segments(night, regime_on(night)))
        night += DAY
    ts = datetime.combine(first, time(0), tzinfo=UTC)
    stop = datetime.combine(end, time(0), tzinfo=UTC)
    energy, index = 0.0, 0
    while ts < stop:
        following = ts + step
        while index < len(pieces) and pieces[index][1] <= ts:
            index += 1
        power, j = 0.0, index
        while j < len(pieces) and pieces[j][0] < following:
            a, b, w = pieces[j]
            overlap = (min(b, following) - max(a, ts)).total_seconds()
            if overlap > 0:
                energy += w * overlap / 3600
                power = w
            j += 1
        ts = following
        yield point_id, ts, float(round(energy)), round(power, 1)  # as stored: 1 Wh, 0.1 W


def copy_lamp_rows(
    conn: psycopg.Connection[tuple[object, ...]], rows: Iterator[tuple[int, datetime, float, float]]
) -> int:
    """COPY simulated readings into lamp_readings."""
    count = 0
    with (
        conn.cursor() as cur,
        cur.copy("COPY lamp_readings (light_point_id, ts, energy_wh, power_w) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
