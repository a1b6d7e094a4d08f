"""What the API returns (``*Out``) and accepts (``*In``) about the policy tree and its writes.

Money is in euros, energy in kWh; dates are local dates of the territory, instants are ISO 8601
with their offset.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Euros = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Comment = Annotated[str, StringConstraints(min_length=1, max_length=2_000, strip_whitespace=True)]
ActionStatus = Literal["planned", "in_progress", "done", "suspended", "cancelled"]
Meteo = Literal["sunny", "cloudy", "rainy", "stormy", "no_data"]


class Out(BaseModel):
    """Base of every response model."""

    model_config = ConfigDict(from_attributes=True)


class In(BaseModel):
    """Base of every request body: unknown fields are refused, by name."""

    model_config = ConfigDict(extra="forbid")


class PersonOut(Out):
    """A person named in the policy tree."""

    id: int
    name: str


class BudgetTotalsOut(Out):
    """Budgets summed over every year, in euros."""

    planned_eur: float
    committed_eur: float
    spent_eur: float


class MeteoOut(Out):
    """The current météo of a mission or an action and why."""

    status: Meteo
    explanation: str | None


class ScheduleOut(Out):
    """Planned and actual dates of an action."""

    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None


class SavingOut(Out):
    """The saving an action is expected to make: projected, or guaranteed by a contract."""

    projected_saving_pct: float | None
    projected_saving_kwh_per_year: float | None
    commitment: Literal["projected", "guaranteed"] | None


class ActionOut(Out):
    """An action: mission, status, pilot, schedule, expected saving, budgets and météo."""

    code: str
    title: str
    description: str | None
    mission_code: str
    status: ActionStatus
    term: str | None
    pilot: PersonOut | None
    schedule: ScheduleOut
    saving: SavingOut
    budget: BudgetTotalsOut
    meteo: MeteoOut


class MissionOut(Out):
    """A mission: lead, budgets (its own lines and its actions'), météo, number of actions."""

    code: str
    title: str
    domain: str | None
    policy_code: str
    lead: PersonOut | None
    budget: BudgetTotalsOut
    meteo: MeteoOut
    actions: int


class MissionTreeOut(MissionOut):
    """A mission with its actions."""

    action_list: list[ActionOut]


class PolicyOut(Out):
    """The policy tree of the territory."""

    code: str
    title: str
    ambition: str | None
    territory: str
    timezone: str
    budget: BudgetTotalsOut
    missions: list[MissionTreeOut]


class ScopeOut(Out):
    """A row of what an action treats, or leaves alone as its control group.

    ``code`` is the district's (kinds district and street), cabinet's, light point's or
    building's; ``street`` and ``existed_on`` narrow a district to a street or to the light
    points that existed on a date; ``area`` names a drawn area.
    """

    id: int
    role: Literal["treated", "control"]
    kind: Literal["district", "street", "cabinet", "light_point", "building", "area"]
    code: str | None
    street: str | None
    existed_on: date | None
    area: str | None


class BudgetLineOut(Out):
    """An action's budget in one year, in euros."""

    year: int
    planned_eur: float
    committed_eur: float
    spent_eur: float


class AnalysisOut(Out):
    """A dated analysis or recommendation on a mission or an action, with its data window."""

    id: int
    kind: Literal["analysis", "recommendation"]
    written_on: date
    mission_code: str
    action_code: str | None
    author: PersonOut | None
    body: str
    window_start: date | None
    window_end: date | None
    created_at: datetime
    updated_at: datetime


class AnalysisIn(In):
    """A new analysis or recommendation on exactly one mission or action."""

    kind: Literal["analysis", "recommendation"]
    written_on: date
    mission_code: Code | None = None
    action_code: Code | None = None
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    window_start: date | None = None
    window_end: date | None = None


class AnalysisPatchIn(In):
    """Changes to an analysis; fields left out stay as they are."""

    kind: Literal["analysis", "recommendation"] | None = None
    written_on: date | None = None
    body: Annotated[str, StringConstraints(min_length=1, max_length=20_000)] | None = None
    window_start: date | None = None
    window_end: date | None = None
