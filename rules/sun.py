"""Day and night for the rules, from sunrise and sunset at the territory's coordinates.

Lamps are expected on from sunset plus a margin to sunrise minus a margin, and off from sunrise
plus a margin to sunset minus a margin; twilight (the margins) is left unjudged, because
photocells and astronomical clocks switch there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from psycopg.types.multirange import Multirange
from psycopg.types.range import Range

from core.solar import night_hours, sunrise_sunset

Span = tuple[datetime, datetime]


def nights(
    latitude: float, longitude: float, start: datetime, end: datetime, margin: timedelta
) -> list[Span]:
    """The nights (sunset + margin to next sunrise - margin) that overlap [start, end]."""
    spans = []
    for day in _days_around(start, end):
        _, sunset = sunrise_sunset(day, latitude, longitude)
        sunrise, _ = sunrise_sunset(day + timedelta(days=1), latitude, longitude)
        spans.append((sunset + margin, sunrise - margin))
    return spans


def days(
    latitude: float, longitude: float, start: datetime, end: datetime, margin: timedelta
) -> list[Span]:
    """The days (sunrise + margin to sunset - margin) that overlap [start, end]."""
    spans = []
    for day in _days_around(start, end):
        sunrise, sunset = sunrise_sunset(day, latitude, longitude)
        spans.append((sunrise + margin, sunset - margin))
    return spans


def last_night(latitude: float, longitude: float, now: datetime, margin: timedelta) -> Span:
    """The latest night (with its margins) that ended at or before ``now``."""
    done = [
        s for s in nights(latitude, longitude, now - timedelta(days=2), now, margin) if s[1] <= now
    ]
    return done[-1]


def night_hours_per_year(latitude: float, longitude: float, until: date) -> float:
    """Hours from sunset to sunrise over the 365 days before ``until``: yearly burning hours."""
    return round(night_hours(until - timedelta(days=365), until, latitude, longitude), 1)


def as_multirange(spans: list[Span]) -> Multirange[datetime]:
    """The spans as a PostgreSQL ``tstzmultirange`` parameter."""
    return Multirange([Range(a, b, "[)") for a, b in spans if b > a])


def _days_around(start: datetime, end: datetime) -> list[date]:
    first = start.astimezone(UTC).date() - timedelta(days=1)
    last = end.astimezone(UTC).date() + timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
