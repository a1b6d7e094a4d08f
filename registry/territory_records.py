"""Records of the territory files: territories, districts, cabinets, buildings, meters, equipment.

Each model is one row of a file; its fields are the file's columns (``docs/bring-your-own-
territory.md`` documents them). The checks mirror the database's, so that a bad row is named
with its line before anything is written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from core.policy.areas import MultiPolygon, Polygon
from registry.records import DEFAULT_BALLAST_LOSS_PCT, Code

Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
InseeCode = Annotated[str, Field(pattern=r"^[0-9][0-9AB][0-9]{3}$")]
Offset = Annotated[float, Field(ge=-120, le=120, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Outline = Annotated[Polygon | MultiPolygon, Field(discriminator="type")]


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (e.g. Europe/Paris)") from exc
    return name


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TerritoryRecord(_Row):
    """A territory: what it is called, its clock, and where its sun rises."""

    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
    name: Name
    timezone: Annotated[str, AfterValidator(_time_zone)] = "Europe/Paris"
    latitude: Latitude
    longitude: Longitude
    switch_on_offset_min: Offset = 15.0
    switch_off_offset_min: Offset = 15.0
    normal_heating_dju: Positive | None = None


class DistrictRecord(_Row):
    """A district of a commune of a territory, with its outline when the file is GeoJSON."""

    code: Code
    name: Name
    territory: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
    insee_code: InseeCode
    commune: Name
    lit_street_km: Positive | None = None
    outline: Outline | None = None


class CabinetRecord(_Row):
    """A control cabinet: where it stands and how its controller reports."""

    code: Code
    district: Code
    latitude: Latitude
    longitude: Longitude
    remote_controlled: bool = False
    reporting_period_s: Annotated[int, Field(gt=0, le=86_400)] = 600


class BuildingRecord(_Row):
    """A public building, with its décret tertiaire reference when it is subject to it."""

    code: Code
    name: Name
    category: Literal[
        "school", "nursery", "office", "sports", "culture", "social", "technical", "other"
    ]
    insee_code: InseeCode
    district: Code | None = None
    floor_area_m2: Positive
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    tertiary_decree: bool = False
    reference_year: Annotated[int, Field(ge=2010, le=2020)] | None = None
    reference_consumption_kwh: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    reference_dju: Positive | None = None

    @model_validator(mode="after")
    def _consistent(self) -> BuildingRecord:
        if self.tertiary_decree and (
            self.reference_year is None or self.reference_consumption_kwh is None
        ):
            raise ValueError(
                "tertiary_decree is true: reference_year and reference_consumption_kwh are needed"
            )
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self


class MeterRecord(_Row):
    """A meter of a building, or the supply meter of a cabinet."""

    code: Code
    building: Code | None = None
    cabinet: Code | None = None
    quantity: Literal["electricity", "gas", "heat", "water", "indoor_temperature"]
    unit: Literal["kWh", "Wh", "m3", "L", "degC"]
    reading_kind: Literal["cumulative", "interval", "instant"]
    register_max: Positive | None = None
    reporting_period_s: Annotated[int, Field(gt=0, le=86_400)] | None = None
    installed_on: date | None = None
    removed_on: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> MeterRecord:
        if (self.building is None) == (self.cabinet is None):
            raise ValueError("a meter belongs to a building or to a cabinet: fill exactly one")
        if self.cabinet is not None:
            kind = (self.quantity, self.unit, self.reading_kind)
            if kind != ("electricity", "kWh", "cumulative"):
                raise ValueError("a cabinet's meter is an electricity, kWh, cumulative register")
            if self.reporting_period_s or self.installed_on or self.removed_on:
                raise ValueError(
                    "a cabinet's meter reports on the cabinet's topic: leave reporting_period_s,"
                    " installed_on and removed_on empty"
                )
        if (self.quantity == "indoor_temperature") != (self.unit == "degC"):
            raise ValueError("unit degC goes with quantity indoor_temperature, and only with it")
        if (self.quantity == "indoor_temperature") != (self.reading_kind == "instant"):
            raise ValueError("reading_kind instant goes with indoor_temperature, and only with it")
        if self.removed_on and self.installed_on and self.removed_on <= self.installed_on:
            raise ValueError("removed_on is not after installed_on")
        return self


class EquipmentRecord(_Row):
    """What is mounted on a light point from ``valid_from`` (a row of a GIS export of works)."""

    code: Code
    valid_from: date
    technology: Literal["HPS", "LPS", "MH", "MV", "LED"]
    nominal_power_w: Annotated[float, Field(gt=0, le=2000, allow_inf_nan=False)]
    ballast_loss_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    lantern_installed_on: date | None = None
    lamp_installed_on: date | None = None
    rated_life_h: Annotated[int, Field(gt=0, le=500_000)] | None = None
    controller_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    remote_controlled: bool = False
    dimmable: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> EquipmentRecord:
        if self.remote_controlled and self.controller_id is None:
            raise ValueError("remote_controlled is true but controller_id is empty")
        if self.valid_from > date.today():  # noqa: DTZ011 - a calendar date
            raise ValueError("valid_from is in the future")
        return self

    def equipment(self) -> tuple[object, ...]:
        """The equipment columns, in the order of ``EQUIPMENT_COLUMNS``."""
        loss = self.ballast_loss_pct
        return (
            self.technology,
            self.nominal_power_w,
            DEFAULT_BALLAST_LOSS_PCT[self.technology] if loss is None else loss,
            self.lantern_installed_on,
            self.lamp_installed_on,
            self.rated_life_h,
            self.controller_id,
            self.remote_controlled,
            self.dimmable,
        )


EQUIPMENT_COLUMNS = (
    "technology",
    "nominal_power_w",
    "ballast_loss_pct",
    "lantern_installed_on",
    "lamp_installed_on",
    "rated_life_h",
    "controller_id",
    "remote_controlled",
    "dimmable",
)
