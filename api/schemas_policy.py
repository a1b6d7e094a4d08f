"""What the API accepts to create and edit the policy (``*In``), and returns about its history.

A creation's body is the policy record of ``core.policy.records`` (the same fields as the
policy files' columns); an edit's body holds only the fields to change (``null`` clears an
optional one), and the record it makes is checked whole.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas import Code, Euros, In, Out, PersonOut
from core.policy.areas import Geometry
from core.policy.records import (
    ActionRecord,
    Day,
    Domain,
    Email,
    IndicatorRecord,
    MissionRecord,
    PersonRecord,
    PolicyRecord,
    Prose,
    Role,
    ScopeRecord,
    Status,
    TargetRecord,
    Title,
)

Pct = Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]
Kwh = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]


class PolicyIn(PolicyRecord):
    """A new policy of the request's territory (``territory``, when given, must name it)."""


class PolicyPatchIn(In):
    """Changes to a policy."""

    title: Title | None = None
    ambition: Prose | None = None


class PolicySummaryOut(Out):
    """A policy without its tree."""

    code: str
    title: str
    ambition: str | None
    territory: str


class MissionIn(MissionRecord):
    """A new mission of one of the territory's policies; ``lead`` is a person's e-mail."""


class MissionPatchIn(In):
    """Changes to a mission."""

    title: Title | None = None
    domain: Domain | None = None
    lead: Email | None = None


class ActionIn(ActionRecord):
    """A new action; ``pilot`` is a person's e-mail."""


class ActionPatchIn(In):
    """Changes to an action. Its pilot or an admin; only an admin moves it to another mission."""

    mission: Code | None = None
    title: Title | None = None
    description: Prose | None = None
    status: Status | None = None
    term: Literal["short", "medium", "long"] | None = None
    pilot: Email | None = None
    planned_start: Day | None = None
    planned_end: Day | None = None
    actual_start: Day | None = None
    actual_end: Day | None = None
    projected_saving_pct: Pct | None = None
    projected_saving_kwh_per_year: Kwh | None = None
    saving_commitment: Literal["projected", "guaranteed"] | None = None


class BudgetIn(In):
    """Euros of an action in a year. Committed and spent: its pilot or an admin; planned: admin."""

    committed_eur: Euros
    spent_eur: Euros
    planned_eur: Euros | None = Field(default=None, description="Left out: stays as it was.")


class MissionBudgetIn(In):
    """Euros of a mission's own line (not allocated to an action) in a year."""

    planned_eur: Euros
    committed_eur: Euros
    spent_eur: Euros


class ScopeIn(ScopeRecord):
    """A row to add to an action's scope (treated) or control group (control).

    For a drawn area, ``geometry`` (a GeoJSON Polygon or MultiPolygon) creates the area named
    ``area`` when the territory has none of that name; when it has one, it must be the same.
    """

    role: Literal["treated", "control"] = "treated"
    geometry: Geometry | None = None


class ScopeListIn(In):
    """Light points to add to an action's scope or control group at once, one row each."""

    role: Literal["treated", "control"] = "treated"
    codes: Annotated[list[Code], Field(min_length=1, max_length=2_000)]


class AreaIn(In):
    """The outline of a drawn area: a GeoJSON Polygon or MultiPolygon, longitude first."""

    geometry: Geometry


class AreaOut(Out):
    """A drawn area of the territory."""

    name: str
    geometry: dict[str, Any]


class IndicatorIn(IndicatorRecord):
    """A new indicator of the policy, a mission or an action (exactly one).

    ``computation`` names one of ``GET /v1/computations`` with its ``parameters``; none makes
    an indicator whose values are entered by hand.
    """


class IndicatorPatchIn(In):
    """Changes to an indicator (what it is attached to stays)."""

    title: Title | None = None
    description: Prose | None = None
    kind: Literal["means", "activity", "effect"] | None = None
    unit: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    direction: Literal["increase", "decrease"] | None = None
    computation: Annotated[str, Field(max_length=64)] | None = None
    parameters: dict[str, Any] | None = None
    baseline_value: Annotated[float, Field(allow_inf_nan=False)] | None = None
    baseline_on: Day | None = None


class TargetIn(TargetRecord):
    """A value an indicator should reach by a date (replaces that date's target)."""


class ComputationOut(Out):
    """A named computation an indicator may use, and the parameters it reads."""

    name: str
    gives: str
    parameters: dict[str, Any]


class PersonIn(PersonRecord):
    """A person, and the roles of the API they hold (a token made for them carries one)."""

    roles: Annotated[list[Role], Field(max_length=4)] = Field(default_factory=list)


class PersonPatchIn(In):
    """Changes to a person; ``roles``, when given, replaces their roles."""

    email: Email | None = None
    name: Title | None = None
    department: Title | None = None
    roles: Annotated[list[Role], Field(max_length=4)] | None = None


class PersonDetailOut(Out):
    """A person with their e-mail, department and roles."""

    id: int
    name: str
    email: str
    department: str | None
    roles: list[Role]


class ChangeOut(Out):
    """One change to the policy: when, by whom, through what, and the values before and after."""

    id: int
    changed_at: datetime
    person: PersonOut | None
    source: str
    subject: str
    operation: Literal["insert", "update", "delete"]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class TargetKeyOut(Out):
    """A target as stored."""

    indicator: str
    target_on: date
    value: float
