"""Drawn areas: GeoJSON Polygons and MultiPolygons (RFC 7946) in longitude and latitude.

A scope may name the light points inside an area drawn on a map (QGIS, geojson.io). The
database decides what is inside (migration 0086: PostgreSQL's geometric types, even-odd rule);
this module checks that a shape is one it can read: closed rings of at least four positions,
longitudes and latitudes in range. An altitude, when given, is dropped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

MAX_POSITIONS = 20_000


def _position(value: list[float]) -> list[float]:
    longitude, latitude = value[0], value[1]
    if not -180 <= longitude <= 180:  # noqa: PLR2004 - degrees
        raise ValueError(f"longitude {longitude} is not in [-180, 180]")
    if not -90 <= latitude <= 90:  # noqa: PLR2004 - degrees
        raise ValueError(f"latitude {latitude} is not in [-90, 90]")
    return [longitude, latitude]


def _ring(value: list[list[float]]) -> list[list[float]]:
    if value[0] != value[-1]:
        raise ValueError("a ring ends where it starts (its first and last positions are equal)")
    if len({(p[0], p[1]) for p in value}) < 3:  # noqa: PLR2004 - a triangle at least
        raise ValueError("a ring has at least three distinct positions")
    return value


Number = Annotated[float, Field(allow_inf_nan=False)]
Position = Annotated[list[Number], Field(min_length=2, max_length=3), AfterValidator(_position)]
Ring = Annotated[
    list[Position], Field(min_length=4, max_length=MAX_POSITIONS), AfterValidator(_ring)
]
Rings = Annotated[list[Ring], Field(min_length=1, max_length=1_000)]


def _size(rings: list[list[list[float]]]) -> int:
    return sum(len(ring) for ring in rings)


class Polygon(BaseModel):
    """A GeoJSON Polygon: an outer ring, then its holes."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: Literal["Polygon"]
    coordinates: Rings

    def positions(self) -> int:
        """How many positions the shape has."""
        return _size(self.coordinates)


class MultiPolygon(BaseModel):
    """A GeoJSON MultiPolygon: several polygons, each an outer ring and its holes."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Rings], Field(min_length=1, max_length=1_000)]

    def positions(self) -> int:
        """How many positions the shape has."""
        return sum(_size(polygon) for polygon in self.coordinates)


def _bounded(shape: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    if shape.positions() > MAX_POSITIONS:
        raise ValueError(f"more than {MAX_POSITIONS} positions")
    return shape


Geometry = Annotated[Polygon | MultiPolygon, Field(discriminator="type"), AfterValidator(_bounded)]
GEOMETRY: TypeAdapter[Polygon | MultiPolygon] = TypeAdapter(Geometry)


def stored(shape: Polygon | MultiPolygon) -> dict[str, Any]:
    """The shape as the database keeps it: its type and coordinates, nothing else."""
    return {"type": shape.type, "coordinates": shape.model_dump(mode="json")["coordinates"]}
