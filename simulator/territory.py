"""The simulated territory as read from the database: what each device is and how it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Equipment:
    """What was mounted on a light point from ``valid_from`` to ``valid_to`` (exclusive)."""

    valid_from: date
    valid_to: date | None
    technology: str
    nominal_power_w: float
    ballast_loss_pct: float
    lamp_installed_on: date | None
    rated_life_h: int | None
    remote_controlled: bool
    dimmable: bool


@dataclass(frozen=True, slots=True)
class LightPoint:
    """A light point and its equipment history, oldest first."""

    code: str
    cabinet: str | None
    reporting_period_s: int
    equipment: tuple[Equipment, ...]

    def equipment_on(self, day: date) -> Equipment | None:
        """The equipment in place on ``day``: a renovation is a new row in the history."""
        for item in reversed(self.equipment):
            if item.valid_from <= day and (item.valid_to is None or day < item.valid_to):
                return item
        return None


@dataclass(frozen=True, slots=True)
class Cabinet:
    """A control cabinet; a remote-controlled one is a gateway publishing its points' readings."""

    code: str
    remote_controlled: bool
    reporting_period_s: int
    points: tuple[LightPoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Meter:
    """A building meter and the building it measures."""

    code: str
    quantity: str
    unit: str
    reading_kind: str
    register_max: float | None
    reporting_period_s: int
    building: str
    category: str
    floor_area_m2: float


@dataclass
class Territory:
    """Everything the simulator publishes for."""

    code: str
    latitude: float
    longitude: float
    timezone: str
    cabinets: list[Cabinet] = field(default_factory=list)
    lone_points: list[LightPoint] = field(default_factory=list)
    meters: list[Meter] = field(default_factory=list)
