"""Light-point inventory records as cities export them from their GIS (CSV or GeoJSON).

The columns are documented in ``docs/inventory-import.md``; this model is their single source.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
DEFAULT_BALLAST_LOSS_PCT = {"HPS": 15.0, "LPS": 15.0, "MH": 10.0, "MV": 10.0, "LED": 0.0}


class LightPointRecord(BaseModel):
    """One light point and the equipment mounted on it from ``valid_from``."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: Code
    district: Code
    cabinet: Code | None = None
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
    street: Annotated[str, Field(max_length=200)] | None = None
    technology: Literal["HPS", "LPS", "MH", "MV", "LED"]
    nominal_power_w: Annotated[float, Field(gt=0, le=2000, allow_inf_nan=False)]
    ballast_loss_pct: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    lantern_installed_on: date | None = None
    lamp_installed_on: date | None = None
    rated_life_h: Annotated[int, Field(gt=0, le=500_000)] | None = None
    controller_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    remote_controlled: bool = False
    dimmable: bool = False
    valid_from: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> LightPointRecord:
        if self.remote_controlled and self.controller_id is None:
            raise ValueError("remote_controlled is true but controller_id is empty")
        if (
            self.lantern_installed_on
            and self.lamp_installed_on
            and self.lamp_installed_on < self.lantern_installed_on
        ):
            raise ValueError("lamp_installed_on is before lantern_installed_on")
        if self.valid_from and self.valid_from > date.today():  # noqa: DTZ011 - a calendar date
            raise ValueError("valid_from is in the future")
        return self

    @property
    def equipped_on(self) -> date:
        """When this equipment was put in place (``valid_from``, else the lantern's date)."""
        return self.valid_from or self.lantern_installed_on or date(1970, 1, 1)

    @property
    def ballast_loss(self) -> float:
        """The declared ballast loss, or the usual one for the technology."""
        if self.ballast_loss_pct is not None:
            return self.ballast_loss_pct
        return DEFAULT_BALLAST_LOSS_PCT[self.technology]

    def equipment(self) -> tuple[object, ...]:
        """The equipment columns, in the order the store compares and writes them."""
        return (
            self.technology,
            self.nominal_power_w,
            self.ballast_loss,
            self.lantern_installed_on,
            self.lamp_installed_on,
            self.rated_life_h,
            self.controller_id,
            self.remote_controlled,
            self.dimmable,
        )


COLUMNS = tuple(LightPointRecord.model_fields)
