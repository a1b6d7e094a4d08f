"""What the API returns and accepts about effects and the non-routine adjustments of baselines.

An effect is one method's figure for one action as of a date (``docs/methods.md`` §3). Energy
in kWh, percent in points; dates are local dates of the territory.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from api.schemas import Comment, In, Out, PersonOut
from core.adjustments import AssetRef, NewAdjustment


class AppliedAdjustmentOut(Out):
    """A non-routine adjustment a figure's baseline carries, in kWh over its reporting period."""

    id: int | None = Field(description="The recorded adjustment's id; null for the works' own.")
    kind: str
    source: str = Field(
        description="`recorded` (by a person) or `equipment_history` (points the works added "
        "to or removed from a measured cabinet)."
    )
    starts_on: date
    kwh: float = Field(description="kWh added to the counterfactual over the reporting period.")
    kwh_per_year: float | None
    note: str


class EffectOut(Out):
    """An action's effect by one method as of a date, with everything needed to judge it.

    An empty figure (``saved_kwh`` null) comes with the warnings that say why; it is never
    replaced by an older figure.
    """

    id: int
    action_code: str
    mission_code: str
    method: str
    method_version: str
    as_of: date = Field(description="The date it was computed as of: the reporting period's end.")
    headline: bool = Field(description="Whether it is the figure presented for its action.")
    boundary: str | None = Field(
        description="Measurement boundary: cabinet_meters, point_controllers, control_group, "
        "equipment_nameplate or building_meters."
    )
    ipmvp_option: Literal["A", "B", "C", "D"] | None
    deemed: bool = Field(description="Whether both parameters of the baseline are stipulated.")
    measured: list[str] = Field(description="The parameters measured.")
    stipulated: list[str] = Field(description="The parameters stipulated.")
    baseline_start: date
    baseline_end: date
    reporting_start: date
    reporting_end: date
    counterfactual_kwh: float | None
    actual_kwh: float | None
    saved_kwh: float | None
    saved_kwh_low: float | None
    saved_kwh_high: float | None
    saved_pct: float | None
    saved_pct_low: float | None
    saved_pct_high: float | None
    annual_saved_kwh: float | None = Field(
        description="The saving over a normal year (burning hours or degree-days of a normal "
        "year), with its 95 % interval below."
    )
    annual_saved_kwh_low: float | None
    annual_saved_kwh_high: float | None
    adjustments: list[AppliedAdjustmentOut]
    adjustments_kwh: float = Field(description="The adjustments' total, in the counterfactual.")
    coverage_baseline: float
    coverage_reporting: float
    sufficient: bool
    reliable: bool = Field(description="Sufficient data, and the method's own checks hold.")
    warnings: list[str]
    parameters: dict[str, Any] = Field(description="The method's parameters and what it counted.")
    fit: dict[str, Any] = Field(
        description="Fit statistics: cv_rmse, autocorrelation, units, population, "
        "measured_share, reporting_burning_hours; for buildings r_squared, nmbe, "
        "intercept_kwh, slope_kwh_per_dju."
    )
    control_group: list[str]
    computed_at: datetime


class AdjustmentIn(NewAdjustment):
    """A non-routine adjustment of an action's baseline, as a person records it."""


class WithdrawIn(In):
    """Withdrawing an adjustment, with why."""

    reason: Comment | None = None


class AdjustmentOut(Out):
    """A recorded non-routine adjustment; a withdrawn one is kept, marked."""

    id: int
    action_code: str
    kind: str
    starts_on: date
    ends_on: date | None
    kwh_per_year: float
    asset: AssetRef | None
    reason: str
    recorded_by: PersonOut | None
    recorded_at: datetime
    withdrawn: bool
    withdrawn_at: datetime | None
    withdrawn_by: PersonOut | None
    withdrawal_reason: str | None
