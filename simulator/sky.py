"""Darkness and weather over the territory: cumulative night hours and outdoor temperature."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from core.solar import night_hours_of_day, sunrise_sunset
from simulator.chance import unit

EPOCH = date(2000, 1, 1)


@dataclass
class Sky:
    """Sun and temperature at one place; cumulative darkness is cached per UTC day."""

    latitude: float
    longitude: float
    seed: int
    _prefix: list[float] = field(default_factory=lambda: [0.0])
    _sun: dict[date, tuple[datetime, datetime]] = field(default_factory=dict)
    _weather: list[tuple[float, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._weather = [
            (period, amplitude, 2 * math.pi * unit(self.seed, "weather", k))
            for k, (period, amplitude) in enumerate(((23.0, 2.2), (9.7, 1.6), (4.3, 1.1)))
        ]

    def sun(self, day: date) -> tuple[datetime, datetime]:
        """Sunrise and sunset of a UTC day."""
        times = self._sun.get(day)
        if times is None:
            times = self._sun[day] = sunrise_sunset(day, self.latitude, self.longitude)
        return times

    def is_dark(self, ts: datetime) -> bool:
        """Whether the sun is down at ``ts`` (what a photocell or astronomical clock follows)."""
        sunrise, sunset = self.sun(ts.astimezone(UTC).date())
        return ts < sunrise or ts >= sunset

    def dark_hours(self, since: date, ts: datetime) -> float:
        """Hours of darkness from midnight UTC of ``since`` to ``ts``."""
        return max(0.0, self._dark_until(ts) - self._prefix_at(since))

    def dark_hours_until(self, ts: datetime) -> float:
        """Hours of darkness from the epoch of the cache to ``ts``."""
        return self._dark_until(ts)

    def dark_hours_before(self, day: date) -> float:
        """Hours of darkness from the epoch of the cache to midnight UTC of ``day``."""
        return self._prefix_at(day)

    def _dark_until(self, ts: datetime) -> float:
        day = ts.astimezone(UTC).date()
        midnight = datetime.combine(day, time(0), tzinfo=UTC)
        sunrise, sunset = self.sun(day)
        morning = (min(ts, sunrise) - midnight).total_seconds()
        evening = (ts - sunset).total_seconds()
        return self._prefix_at(day) + (max(0.0, morning) + max(0.0, evening)) / 3600

    def _prefix_at(self, day: date) -> float:
        index = (day - EPOCH).days
        if index < 0:
            return 0.0
        while len(self._prefix) <= index:
            d = EPOCH + timedelta(days=len(self._prefix) - 1)
            self._prefix.append(
                self._prefix[-1] + night_hours_of_day(d, self.latitude, self.longitude)
            )
        return self._prefix[index]

    def outdoor_c(self, ts: datetime) -> float:
        """Outdoor temperature (°C): Angers' seasons, a daily cycle and weather that drifts."""
        days = (ts - datetime(2000, 1, 1, tzinfo=UTC)).total_seconds() / 86_400
        season = 12.4 - 7.4 * math.cos(2 * math.pi * (days - 15) / 365.25)
        hour = (days % 1) * 24
        daily = 4.0 * math.cos(2 * math.pi * (hour - 15) / 24)
        weather = sum(
            amplitude
            * math.sin(2 * math.pi * days / period + 2 * math.pi * unit(self.seed, "wx", k))
            for k, (period, amplitude) in enumerate(((23.0, 2.2), (9.7, 1.6), (4.3, 1.1)))
        )
        return season + daily + weather

    def mean_outdoor_c(self, day: date) -> float:
        """The mean outdoor temperature of a UTC day (four samples)."""
        midnight = datetime.combine(day, time(0), tzinfo=UTC)
        return sum(self.outdoor_c(midnight + timedelta(hours=h)) for h in (3, 9, 15, 21)) / 4
