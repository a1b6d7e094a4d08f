"""A synthetic stock of public buildings with their meters, deterministic from a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from registry.angers import COMMUNES, DISTRICTS, REFERENCE_YEAR_DJU

BUILDINGS = 300
DECREE_MIN_AREA_M2 = 1000  # the décret tertiaire applies from 1,000 m² of tertiary floor area
GAS_SHARE, WATER_METER_SHARE, GTC_SHARE = 0.7, 0.5, 0.45
# category: (share, median floor area m², reference intensity kWh/m²/year)
CATEGORIES = {
    "school": (0.34, 2200, 150),
    "nursery": (0.08, 600, 170),
    "office": (0.12, 1800, 180),
    "sports": (0.15, 1500, 220),
    "culture": (0.10, 1300, 200),
    "social": (0.11, 700, 160),
    "technical": (0.10, 1100, 130),
}
NAMES = {
    "school": "Groupe scolaire",
    "nursery": "Multi-accueil",
    "office": "Pôle administratif",
    "sports": "Gymnase",
    "culture": "Médiathèque",
    "social": "Maison de quartier",
    "technical": "Centre technique",
}
PATRONS = (
    "Jean Macé",
    "Marie Curie",
    "Jules Ferry",
    "Victor Hugo",
    "Louise Michel",
    "Jean Moulin",
    "George Sand",
    "Pierre Mendès France",
    "Simone Veil",
    "Camille Claudel",
    "David d'Angers",
    "Joachim du Bellay",
    "René d'Anjou",
    "Aimé Césaire",
    "Olympe de Gouges",
)


@dataclass(frozen=True)
class Meter:
    """A meter of a building: what it measures and how it reports."""

    code: str
    quantity: str
    unit: str
    reading_kind: str
    register_max: float | None


@dataclass(frozen=True)
class Building:
    """A public building and its meters."""

    code: str
    name: str
    category: str
    commune: str
    district: str | None
    floor_area_m2: float
    latitude: float
    longitude: float
    reference_year: int | None
    reference_consumption_kwh: float | None
    reference_dju: float | None
    meters: tuple[Meter, ...]


def buildings(seed: int) -> Iterator[Building]:
    """The public buildings of the territory, spread over districts like the light points."""
    rng = random.Random(f"{seed}:buildings")
    names = dict(COMMUNES)
    weights = [d.light_points for d in DISTRICTS]
    kinds = list(CATEGORIES)
    for n in range(BUILDINGS):
        district = rng.choices(DISTRICTS, weights=weights)[0]
        category = rng.choices(kinds, weights=[CATEGORIES[k][0] for k in kinds])[0]
        _, median_area, intensity = CATEGORIES[category]
        area = round(median_area * rng.lognormvariate(0, 0.45), 1)
        code = f"BAT-{n:04d}"
        decree = area >= DECREE_MIN_AREA_M2
        reference = round(area * intensity * rng.uniform(0.8, 1.25)) if decree else None
        title = f"{NAMES[category]} {rng.choice(PATRONS)}"
        latitude = round(rng.gauss(district.latitude, 0.006), 6)
        longitude = round(rng.gauss(district.longitude, 0.008), 6)
        reference_year = rng.randint(2012, 2019) if decree else None
        yield Building(
            code=code,
            name=title,
            category=category,
            commune=next(c for c, name in names.items() if name == district.commune),
            district=district.code if district.commune == "Angers" else None,
            floor_area_m2=area,
            latitude=latitude,
            longitude=longitude,
            reference_year=reference_year,
            reference_consumption_kwh=float(reference) if reference else None,
            reference_dju=REFERENCE_YEAR_DJU.get(reference_year) if reference_year else None,
            meters=_meters(rng, code),
        )


def _meters(rng: random.Random, code: str) -> tuple[Meter, ...]:
    meters = [
        Meter(
            f"{code}-ELEC", "electricity", "kWh", "cumulative", rng.choice((999_999.0, 9_999_999.0))
        )
    ]
    if rng.random() < GAS_SHARE:
        meters.append(Meter(f"{code}-GAS", "gas", "kWh", "cumulative", 9_999_999.0))
    if rng.random() < WATER_METER_SHARE:
        meters.append(Meter(f"{code}-WATER", "water", "m3", "cumulative", 99_999.0))
    if rng.random() < GTC_SHARE:
        meters.append(Meter(f"{code}-TEMP", "indoor_temperature", "degC", "instant", None))
    return tuple(meters)
