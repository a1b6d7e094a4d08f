"""A synthetic street-lighting and building inventory at Angers' scale, deterministic from a seed.

Each light point gets an equipment history: the sodium (or metal-halide) lantern it had, and the
LED lantern that replaced it, on the date the renovation reached it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from registry.angers import (
    DISTRICTS,
    INVENTORY_DATE,
    METAL_HALIDE_SHARE,
    RENOVATIONS,
    SODIUM_SHARE,
    District,
    Renovation,
)

POINTS_PER_CABINET = 40
HPS_WATTS = ((70, 0.35), (100, 0.35), (150, 0.22), (250, 0.08))
LED_FOR_HPS = {70: (22, 32), 100: (30, 45), 150: (45, 65), 250: (75, 110)}
EARLY_PROGRAMME = (date(2016, 1, 4), date(2019, 12, 20))
REMOTE_SODIUM_SHARE = 0.3  # sodium points that already had a point controller


@dataclass(frozen=True)
class Equipment:
    """One row of a light point's equipment history."""

    valid_from: date
    valid_to: date | None
    technology: str
    nominal_power_w: float
    ballast_loss_pct: float
    lantern_installed_on: date
    lamp_installed_on: date
    rated_life_h: int
    controller_id: str | None
    dimmable: bool


@dataclass(frozen=True)
class LightPoint:
    """A light point with its cabinet and equipment history, oldest first."""

    code: str
    district: str
    cabinet: str
    latitude: float
    longitude: float
    equipment: tuple[Equipment, ...]


@dataclass(frozen=True)
class Cabinet:
    """A control cabinet feeding a few dozen light points."""

    code: str
    district: str
    latitude: float
    longitude: float
    remote_controlled: bool


def light_points(seed: int) -> Iterator[tuple[Cabinet, list[LightPoint]]]:
    """Every cabinet of the territory with the light points it feeds."""
    renovations = {code: r for r in RENOVATIONS for code in r.districts}
    for district in DISTRICTS:
        rng = random.Random(f"{seed}:{district.code}")
        for start in range(0, district.light_points, POINTS_PER_CABINET):
            cabinet_code = f"{district.code}-CAB{start // POINTS_PER_CABINET:03d}"
            lat, lon = _near(rng, district.latitude, district.longitude, 0.008)
            points = [
                _light_point(
                    rng,
                    district=district,
                    cabinet=cabinet_code,
                    cabinet_lat=lat,
                    cabinet_lon=lon,
                    n=n,
                    renovation=renovations.get(district.code),
                )
                for n in range(start, min(start + POINTS_PER_CABINET, district.light_points))
            ]
            remote = (
                sum(p.equipment[-1].controller_id is not None for p in points) > len(points) / 2
            )
            yield Cabinet(cabinet_code, district.code, lat, lon, remote), points


def _light_point(  # noqa: PLR0913 - one point needs its whole context
    rng: random.Random,
    *,
    district: District,
    cabinet: str,
    cabinet_lat: float,
    cabinet_lon: float,
    n: int,
    renovation: Renovation | None,
) -> LightPoint:
    code = f"{district.code}-{n:05d}"
    lat, lon = _near(rng, cabinet_lat, cabinet_lon, 0.002)
    lantern_on = _day_between(rng, date(1985, 1, 1), date(2012, 12, 31))
    if rng.random() < METAL_HALIDE_SHARE:
        return LightPoint(code, district.code, cabinet, lat, lon, (_metal_halide(rng, lantern_on),))
    original = _sodium(rng, code, lantern_on)
    switch_on = _switch_date(rng, district, renovation)
    if switch_on is None:
        return LightPoint(code, district.code, cabinet, lat, lon, (original,))
    before = _close(original, switch_on)
    return LightPoint(
        code, district.code, cabinet, lat, lon, (before, _led(rng, code, original, switch_on))
    )


def _switch_date(
    rng: random.Random, district: District, renovation: Renovation | None
) -> date | None:
    """When this point went to LED, or None if it is still sodium as of the inventory date."""
    if renovation is not None:
        day = _day_between(rng, renovation.start, renovation.end)
        return day if day <= INVENTORY_DATE else None
    if rng.random() < SODIUM_SHARE.get(district.code, 0.0):
        return None
    return _day_between(rng, *EARLY_PROGRAMME)


def _sodium(rng: random.Random, code: str, lantern_on: date) -> Equipment:
    watts = rng.choices([w for w, _ in HPS_WATTS], weights=[p for _, p in HPS_WATTS])[0]
    remote = rng.random() < REMOTE_SODIUM_SHARE
    return Equipment(
        valid_from=lantern_on,
        valid_to=None,
        technology="HPS",
        nominal_power_w=float(watts),
        ballast_loss_pct=rng.choice((12.0, 15.0, 15.0, 18.0)),
        lantern_installed_on=lantern_on,
        lamp_installed_on=_day_between(rng, date(2019, 1, 1), INVENTORY_DATE - timedelta(days=30)),
        rated_life_h=rng.choice((16_000, 24_000, 24_000, 24_000, 32_000)),
        controller_id=f"LC-{code}" if remote else None,
        dimmable=False,
    )


def _metal_halide(rng: random.Random, lantern_on: date) -> Equipment:
    return Equipment(
        valid_from=lantern_on,
        valid_to=None,
        technology="MH",
        nominal_power_w=float(rng.choice((70, 100, 150))),
        ballast_loss_pct=10.0,
        lantern_installed_on=lantern_on,
        lamp_installed_on=_day_between(rng, date(2020, 1, 1), INVENTORY_DATE - timedelta(days=30)),
        rated_life_h=15_000,
        controller_id=None,
        dimmable=False,
    )


def _led(rng: random.Random, code: str, replaced: Equipment, on: date) -> Equipment:
    low, high = LED_FOR_HPS[int(replaced.nominal_power_w)]
    return Equipment(
        valid_from=on,
        valid_to=None,
        technology="LED",
        nominal_power_w=float(rng.randint(low, high)),
        ballast_loss_pct=0.0,
        lantern_installed_on=on,
        lamp_installed_on=on,
        rated_life_h=100_000,
        controller_id=f"LC-{code}",
        dimmable=True,
    )


def _close(equipment: Equipment, on: date) -> Equipment:
    lamp_on = min(equipment.lamp_installed_on, on - timedelta(days=1))
    return Equipment(**{**equipment.__dict__, "valid_to": on, "lamp_installed_on": lamp_on})


def _near(rng: random.Random, lat: float, lon: float, spread: float) -> tuple[float, float]:
    return round(rng.gauss(lat, spread), 6), round(rng.gauss(lon, spread * 1.4), 6)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))
