"""Small lighting territories whose true consumption is known, to judge the effects methods.

A scenario is a set of lamps on cabinets in one place. Every local day the lamps burn from the
day's start to the morning switch-off and from the evening switch-on to its end (sun times with
the scenario's *true* switching offsets, which the territory's configured offsets may not
match). A sodium lamp draws its system power all night; an LED its power, halved in the middle
of the night when it dims (22:30 to 05:00 local). Each lamp's draw on a day carries a factor of
noise (normal, mean 1), drawn for its former equipment and, once changed, independently for its
new one: the *true counterfactual* of a changed lamp — what its former equipment would have
drawn on the same days, noise included — is known exactly, and is no more predictable from the
baseline than a real one.

``readings`` gives what the cabinets would publish every ``step``: the cabinet meter's counter
and power (when it has a meter) and, as a gateway, the counters and power of the lamps whose
controller is fitted at that date. The tests and ``bench/effects_calibration.py`` publish them
through the broker (or write them) and compare what Vigie finds with ``truth``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.solar import lit_window

DAY = timedelta(days=1)
DIM_FROM, DIM_TO = time(22, 30), time(5, 0)
DIMMED = 0.5


@dataclass(frozen=True)
class Lamp:
    """A lamp: its system power before and after the works, when it changed, when metered."""

    code: str
    cabinet: str
    before_w: float
    after_w: float | None = None
    switched_on: date | None = None
    dimmed: bool = True
    metered_before: bool = False
    metered_after: bool = True

    def watts(self, day: date) -> tuple[float, bool]:
        """Full power on ``day`` and whether it dims mid-night."""
        if self.after_w is not None and self.switched_on is not None and day >= self.switched_on:
            return self.after_w, self.dimmed
        return self.before_w, False

    def metered(self, day: date) -> bool:
        """Whether a controller reports this lamp on ``day``."""
        changed = self.switched_on is not None and day >= self.switched_on
        return self.metered_after if changed else self.metered_before


@dataclass
class Scenario:
    """Where the lamps are, how they truly switch, and the days their readings span."""

    lamps: list[Lamp]
    first: date
    end: date
    zone: str = "Europe/Paris"
    latitude: float = 47.47
    longitude: float = -0.55
    on_offset_min: float = 15.0
    off_offset_min: float = 15.0
    noise: float = 0.03
    seed: int = 0
    metered_cabinets: frozenset[str] | None = None  # None: every cabinet has a meter
    _pieces: dict[date, list[tuple[datetime, datetime, bool]]] = field(default_factory=dict)
    _noise: dict[tuple[str, date], float] = field(default_factory=dict)  # (lamp:stream, day)

    def pieces(self, day: date) -> list[tuple[datetime, datetime, bool]]:
        """The lit pieces of a local day, each with whether an LED dims during it."""
        found = self._pieces.get(day)
        if found is None:
            found = self._pieces[day] = _pieces_of(self, day)
        return found

    def factor(self, lamp: Lamp, day: date, *, former: bool = False) -> float:
        """The lamp's noise factor on a day, for its equipment of the day or its former one."""
        new = not former and lamp.watts(day)[0] != lamp.before_w
        key = (f"{lamp.code}:{'new' if new else 'former'}", day)
        found = self._noise.get(key)
        if found is None:
            rng = random.Random(f"{self.seed}:{key[0]}:{day.toordinal()}")
            found = self._noise[key] = rng.gauss(1.0, self.noise)
        return found

    def lit_hours(self, day: date) -> float:
        """The true burning hours of a local day."""
        return sum((b - a).total_seconds() for a, b, _ in self.pieces(day)) / 3600.0

    def energy_kwh(self, lamp: Lamp, day: date, *, former: bool = False) -> float:
        """What the lamp drew on a local day, or would have with its former equipment."""
        watts, dims = (lamp.before_w, False) if former else lamp.watts(day)
        total = 0.0
        for a, b, dimmed in self.pieces(day):
            level = DIMMED if dims and dimmed else 1.0
            total += watts * level * (b - a).total_seconds() / 3600.0
        return total * self.factor(lamp, day, former=former) / 1000.0


@dataclass(frozen=True)
class Truth:
    """The changed lamps' true counterfactual and actual energy over a period."""

    counterfactual_kwh: float
    actual_kwh: float

    @property
    def saved_kwh(self) -> float:
        """What they truly saved."""
        return self.counterfactual_kwh - self.actual_kwh

    @property
    def saved_pct(self) -> float:
        """What they truly saved, in percent of their counterfactual."""
        return 100.0 * self.saved_kwh / self.counterfactual_kwh


def truth(scenario: Scenario, first: date, end: date) -> Truth:
    """The true saving of the lamps that changed, over the local days [first, end)."""
    changed = [lamp for lamp in scenario.lamps if lamp.after_w is not None]
    counterfactual = actual = 0.0
    day = first
    while day < end:
        for lamp in changed:
            counterfactual += scenario.energy_kwh(lamp, day, former=True)
            actual += scenario.energy_kwh(lamp, day)
        day += DAY
    return Truth(counterfactual, actual)


@dataclass(frozen=True)
class Reading:
    """What one cabinet publishes at an instant."""

    cabinet: str
    ts: datetime
    meter_kwh: float | None
    meter_w: float | None
    points: dict[str, tuple[float, float]]  # code: (counter kWh, power W)


def readings(scenario: Scenario, step: timedelta) -> Iterator[Reading]:
    """Every cabinet's reading every ``step`` from the first local day's start to the end."""
    zone = ZoneInfo(scenario.zone)
    start = datetime.combine(scenario.first, time(0), tzinfo=zone).astimezone(UTC)
    stop = datetime.combine(scenario.end, time(0), tzinfo=zone).astimezone(UTC)
    cabinets = sorted({lamp.cabinet for lamp in scenario.lamps})
    counters = {lamp.code: 0.0 for lamp in scenario.lamps}
    ts = start
    while ts <= stop:
        for lamp in scenario.lamps:
            counters[lamp.code] += _energy_between(scenario, lamp, ts - step, ts)
        for cabinet in cabinets:
            on_cabinet = [lamp for lamp in scenario.lamps if lamp.cabinet == cabinet]
            metered = scenario.metered_cabinets is None or cabinet in scenario.metered_cabinets
            day = ts.astimezone(zone).date()
            yield Reading(
                cabinet,
                ts,
                sum(counters[lamp.code] for lamp in on_cabinet) if metered else None,
                sum(_power(scenario, lamp, ts) for lamp in on_cabinet) if metered else None,
                {
                    lamp.code: (counters[lamp.code], _power(scenario, lamp, ts))
                    for lamp in on_cabinet
                    if lamp.metered(day)
                },
            )
        ts += step


def _pieces_of(scenario: Scenario, day: date) -> list[tuple[datetime, datetime, bool]]:
    zone = ZoneInfo(scenario.zone)
    window = lit_window(
        day,
        zone,
        scenario.latitude,
        scenario.longitude,
        on_offset_min=scenario.on_offset_min,
        off_offset_min=scenario.off_offset_min,
    )
    dim_end = datetime.combine(day, DIM_TO, tzinfo=zone).astimezone(UTC)
    dim_start = datetime.combine(day, DIM_FROM, tzinfo=zone).astimezone(UTC)
    found = []
    for a, b in ((window.start, window.off_at), (window.on_at, window.end)):
        for lo, hi, dimmed in ((window.start, dim_end, True), (dim_end, dim_start, False),
                               (dim_start, window.end, True)):  # fmt: skip
            s, e = max(a, lo), min(b, hi)
            if e > s:
                found.append((s, e, dimmed))
    return found


def _energy_between(scenario: Scenario, lamp: Lamp, a: datetime, b: datetime) -> float:
    """The lamp's energy (kWh) over [a, b)."""
    zone = ZoneInfo(scenario.zone)
    total = 0.0
    day = a.astimezone(zone).date()
    while datetime.combine(day, time(0), tzinfo=zone) < b:
        if scenario.first <= day < scenario.end:
            watts, dims = lamp.watts(day)
            factor = scenario.factor(lamp, day)
            for s, e, dimmed in scenario.pieces(day):
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    level = DIMMED if dims and dimmed else 1.0
                    total += watts * level * factor * (hi - lo).total_seconds() / 3.6e6
        day += DAY
    return total


def _power(scenario: Scenario, lamp: Lamp, ts: datetime) -> float:
    """The lamp's power (W) at ``ts``."""
    day = ts.astimezone(ZoneInfo(scenario.zone)).date()
    if not scenario.first <= day < scenario.end:
        return 0.0
    watts, dims = lamp.watts(day)
    for s, e, dimmed in scenario.pieces(day):
        if s <= ts < e:
            return watts * (DIMMED if dims and dimmed else 1.0) * scenario.factor(lamp, day)
    return 0.0
