"""What a non-routine adjustment a person records may be (IPMVP), for every program recording one.

A non-routine adjustment restates an action's baseline for a change that is not the action's: a
switch-off policy, points added or removed by other works, a change of floor area or occupancy.
``kwh_per_year`` is added to the baseline (negative to take energy out of it) from ``starts_on``
until the day before ``ends_on`` (open-ended without one); the effects engine prorates it to the
days of each reporting period. The API and ``vigie adjustments`` check a new adjustment with
``NewAdjustment``; the database checks the same again (``effect_adjustments``), resolves the
asset in the action's territory and stores it (``vigie_record_adjustment``, migration 0067).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

AdjustmentKind = Literal[
    "points_added", "points_removed", "switch_off_policy", "floor_area", "occupancy", "other"
]
AssetKind = Literal["district", "cabinet", "light_point", "building"]
KINDS: tuple[str, ...] = get_args(AdjustmentKind)
ASSET_KINDS: tuple[str, ...] = get_args(AssetKind)
# A city's whole public lighting uses tens of GWh a year: no single action's baseline moves by
# a TWh. Larger values are typing errors.
MAX_KWH_PER_YEAR = 1e9
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 1, 1)

Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]
AssetCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class AssetRef(BaseModel):
    """An asset of the territory by kind and code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AssetKind
    code: AssetCode


class NewAdjustment(BaseModel):
    """A non-routine adjustment of an action's baseline, as a person records it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AdjustmentKind = Field(description="What changed, outside the action.")
    starts_on: Day = Field(description="First day it applies (a local date of the territory).")
    ends_on: Day | None = Field(
        default=None,
        description="First day it no longer applies; null while it lasts. After starts_on.",
    )
    kwh_per_year: Annotated[
        float, Field(allow_inf_nan=False, ge=-MAX_KWH_PER_YEAR, le=MAX_KWH_PER_YEAR)
    ] = Field(
        description="kWh a year added to the baseline (negative: taken out of it), prorated to "
        "the days of a reporting period it applies to."
    )
    asset: AssetRef | None = Field(
        default=None, description="The asset it concerns, when one; of the action's territory."
    )
    reason: Reason = Field(description="Why: what changed, and where the figure comes from.")

    @field_validator("ends_on")
    @classmethod
    def _after_start(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on <= starts_on:
            message = f"must be after starts_on ({starts_on.isoformat()})"
            raise ValueError(message)
        return ends_on
