"""What a light-point controller measures at an instant.

Lamps burn from sunset to sunrise. Dimmable LEDs follow a night profile (full output in the
evening and the early morning, half output in the middle of the night); sodium (HPS) and
metal-halide lamps burn at full power plus their ballast losses. Sodium lamps age with their
burning hours: near the end of their life (a Weibull law around the rated life) they start
cycling (going out and restriking), then fail. A few relays stick and burn by day (day
burners), and a few controllers drop off the network for hours or days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from simulator.chance import unit, weibull
from simulator.sky import Sky
from simulator.territory import Equipment, LightPoint

CONTROLLER_STANDBY_W = 0.4
FAILED_BALLAST_W = 3.0
DIMMED_LEVEL = 0.5
DIM_FROM, DIM_TO = 22.5, 5.0  # local hours of the reduced-output part of the night
HPS_SHAPE = 3.6  # Weibull shape of sodium lamp mortality
CYCLING_FROM = 0.97  # share of a lamp's life after which it cycles
DAY_BURNER_SHARE = 0.002
OFFLINE_SHARE_PER_MONTH = 0.02
MONTH = timedelta(days=30)
CYCLE_MIN, CYCLE_ON_MIN = 15, 9  # a cycling lamp is out six minutes in fifteen


@dataclass(frozen=True, slots=True)
class Traits:
    """A light point's fixed fate, drawn once from the seed."""

    death_h: float
    day_burner_from: date | None
    switch_base: int
    energy_base_kwh: float


def traits_of(seed: int, point: LightPoint) -> Traits:
    """What the seed decides for this point."""
    rated = next((e.rated_life_h for e in point.equipment if e.technology != "LED"), None)
    burner = unit(seed, point.code, "burner") < DAY_BURNER_SHARE
    start = date(2024, 1, 1) + timedelta(days=int(unit(seed, point.code, "burner-on") * 1100))
    return Traits(
        death_h=weibull(
            unit(seed, point.code, "death"),
            median=float(rated or 24_000),
            shape=HPS_SHAPE,
        ),
        day_burner_from=start if burner else None,
        switch_base=int(unit(seed, point.code, "switches") * 200),
        energy_base_kwh=round(unit(seed, point.code, "energy") * 50, 3),
    )


def is_offline(seed: int, code: str, ts: datetime) -> bool:
    """Whether the controller is off the network at ``ts`` (a few outages of 6-72 h a year)."""
    month = int(ts.timestamp() // MONTH.total_seconds())
    if unit(seed, code, "offline", month) >= OFFLINE_SHARE_PER_MONTH:
        return False
    start = (
        month * MONTH.total_seconds() + unit(seed, code, "off-at", month) * MONTH.total_seconds()
    )
    length = 3600 * (6 + 66 * unit(seed, code, "off-for", month))
    return start <= ts.timestamp() < start + length


@dataclass(frozen=True, slots=True)
class State:
    """A lamp's condition at an instant."""

    dark: bool
    lit: bool
    level: float
    age_h: float
    failed: bool
    cycling: bool
    burner: bool


@dataclass(frozen=True)
class LampModel:
    """Readings of every light point of one territory, for one seed."""

    seed: int
    sky: Sky
    zone: tzinfo

    def state(self, traits: Traits, equipment: Equipment, ts: datetime) -> State:
        """Darkness, output level and the lamp's health at ``ts``."""
        dark = self.sky.is_dark(ts)
        age_h = self.sky.dark_hours(equipment.lamp_installed_on or equipment.valid_from, ts)
        sodium = equipment.technology != "LED"
        failed = sodium and age_h >= traits.death_h
        cycling = sodium and not failed and age_h >= CYCLING_FROM * traits.death_h
        burner = traits.day_burner_from is not None and ts.date() >= traits.day_burner_from
        lit = dark or burner
        if cycling and lit:
            lit = (ts.minute % CYCLE_MIN) < CYCLE_ON_MIN
        level = _level(equipment, ts, self.zone) if lit and not failed else 0.0
        return State(dark, lit and not failed, level, age_h, failed, cycling, burner)

    def values(
        self, point: LightPoint, traits: Traits, equipment: Equipment, ts: datetime
    ) -> dict[str, Any]:
        """The controller's reading at ``ts`` in the names of the payload contract."""
        s = self.state(traits, equipment, ts)
        noise = unit(self.seed, point.code, ts.timestamp())
        power = _power(equipment, s.level, noise=noise) if s.lit else 0.0
        if s.failed and s.dark:
            power = FAILED_BALLAST_W
        power += CONTROLLER_STANDBY_W
        burnt = self.sky.dark_hours(equipment.valid_from, ts)
        energy_kwh = traits.energy_base_kwh + mean_system_w(equipment) * burnt / 1000
        switches = traits.switch_base + int(s.age_h / 11.5) + (int(s.age_h * 4) if s.cycling else 0)
        values: dict[str, Any] = {
            "powerState": ("on" if s.level >= 1.0 else "low") if s.lit else "off",
            "powerConsumption": round(power, 1),
            "illuminanceLevel": round(s.level, 2),
            "totalActiveEnergyImport": round(energy_kwh, 3),
            "lampOperatingHours": round(s.age_h, 1),
            "lampSwitchCounter": switches,
            "lampFailure": s.failed,
            "dayBurner": s.burner and not s.dark,
            "cyclingFailure": s.cycling,
        }
        if s.lit:
            pf = 0.95 if equipment.technology == "LED" else 0.85
            voltage = round(229 + 4 * noise, 1)
            values |= {
                "powerFactor": pf,
                "voltage": voltage,
                "current": round(power / (voltage * pf), 3),
            }
        return values


def system_power_w(equipment: Equipment, ts: datetime, sky: Sky, zone: tzinfo) -> float:
    """The power drawn from the cabinet's line at ``ts`` (for the cabinet meter)."""
    if not sky.is_dark(ts):
        return 0.0
    return _power(equipment, _level(equipment, ts, zone), noise=0.5) + CONTROLLER_STANDBY_W


def _level(equipment: Equipment, ts: datetime, zone: tzinfo) -> float:
    if not equipment.dimmable:
        return 1.0
    local = ts.astimezone(zone)
    hour = local.hour + local.minute / 60
    return DIMMED_LEVEL if hour >= DIM_FROM or hour < DIM_TO else 1.0


def _mean_level(equipment: Equipment) -> float:
    return 0.7 if equipment.dimmable else 1.0


def mean_system_w(equipment: Equipment) -> float:
    """The mean power a point draws from the line while lit, dimming averaged over the night."""
    return _system_w(equipment) * _mean_level(equipment)


def _system_w(equipment: Equipment) -> float:
    return equipment.nominal_power_w * (1 + equipment.ballast_loss_pct / 100)


def _power(equipment: Equipment, level: float, *, noise: float) -> float:
    jitter = 1 + 0.04 * (noise - 0.5)
    if equipment.technology == "LED":
        return equipment.nominal_power_w * (0.08 + 0.92 * level) * jitter
    return _system_w(equipment) * jitter
