"""Sunrise, sunset and night length from the NOAA solar equations.

The equations are the ones NOAA publishes (*solareqns.pdf*, reproduced in
``docs/methods.md``), with the "official" zenith of 90.833° (refraction plus the solar disk).
Times are computed to about a minute, which is what lighting schedules and burning-hour
normalisation need. Longitudes are east-positive.

Near the poles, when the sun does not rise (or set) on a day, the hour angle is clamped:
sunrise and sunset then both fall at solar noon (polar night: a 24-hour night) or half a day
either side of it (midnight sun: no night).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

ZENITH_DEG = 90.833


def sunrise_sunset(day: date, latitude: float, longitude: float) -> tuple[datetime, datetime]:
    """The sunrise and sunset of ``day`` (local solar day) at a place, as UTC datetimes."""
    rise = _event_minutes(day, latitude, longitude, rising=True)
    set_ = _event_minutes(day, latitude, longitude, rising=False)
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    return midnight + timedelta(minutes=rise), midnight + timedelta(minutes=set_)


def is_night(ts: datetime, latitude: float, longitude: float) -> bool:
    """Whether the sun is below the horizon (zenith 90.833°) at ``ts`` (timezone-aware)."""
    if ts.tzinfo is None:
        raise ValueError("ts must be timezone-aware")
    utc = ts.astimezone(UTC)
    solar_day = (utc + timedelta(minutes=4.0 * longitude)).date()
    sunrise, sunset = sunrise_sunset(solar_day, latitude, longitude)
    return utc < sunrise or utc >= sunset


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
    _, sunset = sunrise_sunset(day, latitude, longitude)
    while day < end:
        following = day + timedelta(days=1)
        sunrise_next, sunset_next = sunrise_sunset(following, latitude, longitude)
        lit = (sunrise_next - sunset).total_seconds() - 60.0 * (on_offset_min + off_offset_min)
        total_s += max(0.0, lit)
        day, sunset = following, sunset_next
    return total_s / 3600.0


def night_hours_of_day(day: date, latitude: float, longitude: float) -> float:
    """Hours of darkness falling on the UTC calendar day ``day`` (morning plus evening part)."""
    midnight = datetime.combine(day, time(0), tzinfo=UTC)
    sunrise, sunset = sunrise_sunset(day, latitude, longitude)
    next_midnight = midnight + timedelta(days=1)
    morning = (min(max(sunrise, midnight), next_midnight) - midnight).total_seconds()
    evening = (next_midnight - max(min(sunset, next_midnight), midnight)).total_seconds()
    return (morning + evening) / 3600.0


def _event_minutes(day: date, latitude: float, longitude: float, *, rising: bool) -> float:
    """Minutes after 00:00 UTC of ``day`` of the sunrise or sunset; refined once at its hour."""
    minutes = 720.0
    for _ in range(2):
        eot, declination = _equation_of_time_and_declination(day, minutes / 60.0)
        hour_angle = _hour_angle_deg(latitude, declination)
        offset = hour_angle if rising else -hour_angle
        minutes = 720.0 - 4.0 * (longitude + offset) - eot
    return minutes


def _equation_of_time_and_declination(day: date, hour_utc: float) -> tuple[float, float]:
    """The equation of time (minutes) and the sun's declination (radians) at a moment."""
    days_in_year = 366 if _is_leap(day.year) else 365
    doy = day.timetuple().tm_yday
    gamma = 2.0 * math.pi / days_in_year * (doy - 1 + (hour_utc - 12.0) / 24.0)
    eot = 229.18 * (
        0.000075
        + 0.001868 * math.cos(gamma)
        - 0.032077 * math.sin(gamma)
        - 0.014615 * math.cos(2 * gamma)
        - 0.040849 * math.sin(2 * gamma)
    )
    declination = (
        0.006918
        - 0.399912 * math.cos(gamma)
        + 0.070257 * math.sin(gamma)
        - 0.006758 * math.cos(2 * gamma)
        + 0.000907 * math.sin(2 * gamma)
        - 0.002697 * math.cos(3 * gamma)
        + 0.00148 * math.sin(3 * gamma)
    )
    return eot, declination


def _hour_angle_deg(latitude: float, declination: float) -> float:
    """The sunrise hour angle in degrees, clamped where the sun never rises or never sets."""
    phi = math.radians(latitude)
    cos_ha = math.cos(math.radians(ZENITH_DEG)) / (
        math.cos(phi) * math.cos(declination)
    ) - math.tan(phi) * math.tan(declination)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos_ha))))


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


__all__ = [
    "ZENITH_DEG",
    "is_night",
    "night_hours",
    "night_hours_of_day",
    "sunrise_sunset",
]
