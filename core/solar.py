"""Sunrise, sunset, night length and the street lights' scheduled burning window.

Sun times come from astral (NOAA's solar equations, the sun's upper limb with standard
refraction: the "official" zenith of 90.833°). Longitudes are east-positive; every time returned
is a timezone-aware UTC datetime.

Near the poles, when the sun does not rise (or set) on a day, sunrise and sunset both fall at
solar noon (polar night: a 24-hour night) or half a day either side of it (midnight sun: no
night).

Street lights do not switch exactly at sunset and sunrise: photocells and astronomical clocks
switch them on some minutes after sunset and off some minutes before sunrise. ``lit_window``
gives a local day's scheduled burning window with those offsets; ``lit_hours`` its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from astral import Observer
from astral.sun import elevation, noon, sunrise, sunset

ZENITH_DEG = 90.833
_HORIZON_DEG = 90.0 - ZENITH_DEG
_HALF_DAY = timedelta(hours=12)


def sunrise_sunset(day: date, latitude: float, longitude: float) -> tuple[datetime, datetime]:
    """The sunrise and sunset of ``day`` (the local solar day) at a place, as UTC datetimes."""
    return _sun(day, latitude, longitude, timezone(timedelta(minutes=round(4 * longitude))))


def is_night(ts: datetime, latitude: float, longitude: float) -> bool:
    """Whether the sun is below the horizon (zenith 90.833°) at ``ts`` (timezone-aware)."""
    if ts.tzinfo is None:
        raise ValueError("ts must be timezone-aware")
    return elevation(Observer(latitude, longitude), ts.astimezone(UTC)) < _HORIZON_DEG


def night_hours(  # noqa: PLR0913 - the signature others code against; offsets are keywords
    start: date,
    end: date,
    latitude: float,
    longitude: float,
    *,
    on_offset_min: float = 0,
    off_offset_min: float = 0,
) -> float:
    """Burning hours of the nights that begin on ``start`` up to ``end`` (exclusive).

    Each night runs from the sunset of day d plus ``on_offset_min`` to the sunrise of d + 1
    minus ``off_offset_min`` (positive offsets shorten the night, as an astronomical clock set
    "30 minutes after sunset" does). A night never counts less than zero hours.
    """
    total_s = 0.0
    day = start
    _, evening = sunrise_sunset(day, latitude, longitude)
    while day < end:
        following = day + timedelta(days=1)
        morning, next_evening = sunrise_sunset(following, latitude, longitude)
        lit = (morning - evening).total_seconds() - 60.0 * (on_offset_min + off_offset_min)
        total_s += max(0.0, lit)
        day, evening = following, next_evening
    return total_s / 3600.0


def night_hours_of_day(day: date, latitude: float, longitude: float) -> float:
    """Hours of darkness falling on the UTC calendar day ``day`` (morning plus evening part)."""
    return lit_window(day, UTC, latitude, longitude).hours


@dataclass(frozen=True)
class LitWindow:
    """A local day's scheduled burning: lit from its start until ``off_at``, from ``on_at`` on.

    ``start`` and ``end`` bound the local day (23, 24 or 25 hours); ``hours`` is the lit time
    within it. ``off_at`` never precedes ``start`` nor follows ``on_at``.
    """

    start: datetime
    end: datetime
    off_at: datetime
    on_at: datetime

    @property
    def hours(self) -> float:
        """Scheduled burning hours within the local day."""
        lit = (self.off_at - self.start) + (self.end - self.on_at)
        return lit.total_seconds() / 3600.0


def lit_window(  # noqa: PLR0913 - the place, its clock and its switching rule
    day: date,
    zone: tzinfo,
    latitude: float,
    longitude: float,
    *,
    on_offset_min: float = 0,
    off_offset_min: float = 0,
) -> LitWindow:
    """The scheduled burning window of the local day ``day`` in ``zone``.

    Lights switch off ``off_offset_min`` before sunrise and on ``on_offset_min`` after sunset.
    """
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    rise, set_ = _sun(day, latitude, longitude, zone)
    off_at = min(max(rise - timedelta(minutes=off_offset_min), start), end)
    on_at = max(min(set_ + timedelta(minutes=on_offset_min), end), off_at)
    return LitWindow(start, end, off_at, on_at)


def _sun(day: date, latitude: float, longitude: float, zone: tzinfo) -> tuple[datetime, datetime]:
    """Sunrise and sunset on ``day`` as dated in ``zone``, returned in UTC."""
    observer = Observer(latitude, longitude)
    try:
        return (
            sunrise(observer, day, tzinfo=zone).astimezone(UTC),
            sunset(observer, day, tzinfo=zone).astimezone(UTC),
        )
    except ValueError:
        solar_noon = noon(observer, day, tzinfo=zone).astimezone(UTC)
        if elevation(observer, solar_noon) < _HORIZON_DEG:
            return solar_noon, solar_noon
        return solar_noon - _HALF_DAY, solar_noon + _HALF_DAY


__all__ = [
    "ZENITH_DEG",
    "LitWindow",
    "is_night",
    "lit_window",
    "night_hours",
    "night_hours_of_day",
    "sunrise_sunset",
]
