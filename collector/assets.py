"""The devices a collector accepts: code-to-id maps of the territory's registered assets."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Meter:
    """A registered building meter: its id and what its readings must be."""

    id: int
    quantity: str
    unit: str


@dataclass(slots=True)
class Assets:
    """Registered light points, cabinets and meters of one territory, by code."""

    points: dict[str, int] = field(default_factory=dict)
    point_cabinets: dict[int, int | None] = field(default_factory=dict)
    cabinets: dict[str, int] = field(default_factory=dict)
    meters: dict[str, Meter] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.points) + len(self.cabinets) + len(self.meters)
