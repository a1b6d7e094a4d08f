"""The policy's objects as a writer gives them: an API request body or a row of a policy file.

One model per kind, whose field names are the API's body fields and the files' columns. Each
model checks what needs no database (codes, enumerations, dates in order, a saving commitment
with its figure, a scope's fields for its kind, an indicator's computation and parameters); the
references to other objects are checked against the database (``core.policy.lookups``). An
error names its field, as ``body.<field>`` at the API and as the column of a file's line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from core.policy.computations import check_computation, check_parameters

Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5_000)]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2200, 12, 31))]
Euros = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Role = Literal["admin", "pilot", "evaluator", "viewer"]
Status = Literal["planned", "in_progress", "done", "suspended", "cancelled"]
Domain = Literal[
    "information_system", "operations_centre", "lighting", "buildings", "green_spaces", "waste"
]
ScopeKind = Literal["district", "street", "cabinet", "light_point", "building", "area"]
ROLES: tuple[Role, ...] = ("admin", "pilot", "evaluator", "viewer")


class Record(BaseModel):
    """Base of the records: unknown fields are refused by name; text is trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _not_before(start_field: str, value: date | None, info: ValidationInfo) -> date | None:
    start = info.data.get(start_field)
    if value is not None and start is not None and value < start:
        raise ValueError(f"{value} is before {start_field} {start}")
    return value


class PolicyRecord(Record):
    """A policy of a territory: its code, title and ambition."""

    territory: Code | None = None
    code: Code
    title: Title
    ambition: Prose | None = None


class PersonRecord(Record):
    """A person who leads, pilots, evaluates or follows the policy, known by e-mail."""

    email: Email
    name: Title
    department: Title | None = None


class RoleRecord(Record):
    """A role of the API that a person holds."""

    person: Email
    role: Role


class MissionRecord(Record):
    """A mission of a policy, with its domain and its lead."""

    policy: Code
    code: Code
    title: Title
    domain: Domain | None = None
    lead: Email | None = Field(default=None, description="The lead's e-mail.")


class ActionRecord(Record):
    """An action of a mission: pilot, status, dates, and its projected or guaranteed saving."""

    code: Code
    mission: Code
    title: Title
    description: Prose | None = None
    status: Status = "planned"
    term: Literal["short", "medium", "long"] | None = None
    pilot: Email | None = Field(default=None, description="The pilot's e-mail.")
    planned_start: Day | None = None
    planned_end: Day | None = None
    actual_start: Day | None = None
    actual_end: Day | None = None
    projected_saving_pct: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] | None = (
        None
    )
    projected_saving_kwh_per_year: (
        Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] | None
    ) = None
    saving_commitment: Literal["projected", "guaranteed"] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("planned_end")
    @classmethod
    def _planned_in_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _not_before("planned_start", value, info)

    @field_validator("actual_end")
    @classmethod
    def _actual_in_order(cls, value: date | None, info: ValidationInfo) -> date | None:
        return _not_before("actual_start", value, info)

    @field_validator("saving_commitment")
    @classmethod
    def _commitment_has_a_figure(cls, value: str | None, info: ValidationInfo) -> str | None:
        figures = ("projected_saving_pct", "projected_saving_kwh_per_year")
        if value is not None and all(info.data.get(f) is None for f in figures):
            raise ValueError(
                f"a {value} saving needs projected_saving_pct or projected_saving_kwh_per_year"
            )
        return value


class BudgetRecord(Record):
    """Euros of a year for a mission's own line (no action) or one of its actions."""

    mission: Code
    action: Code | None = None
    year: Year
    planned_eur: Euros = Decimal(0)
    committed_eur: Euros = Decimal(0)
    spent_eur: Euros = Decimal(0)


# The fields each kind of scope reads: True when required, False when optional.
SCOPE_FIELDS: dict[str, dict[str, bool]] = {
    "district": {"code": True, "existed_on": False},
    "street": {"code": True, "street": True, "existed_on": False},
    "cabinet": {"code": True},
    "light_point": {"code": True},
    "building": {"code": True},
    "area": {"area": True},
}


class ScopeRecord(Record):
    """What a scope row names, by kind.

    ``code`` is the district's code (kinds district and street), the cabinet's, the light
    point's or the building's; ``street`` a street of that district; ``existed_on`` keeps only
    the district's (or street's) light points that existed on that date; ``area`` names a drawn
    area of the territory.
    """

    kind: ScopeKind
    code: Code | None = Field(default=None, validate_default=True)
    street: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        default=None, validate_default=True
    )
    existed_on: Day | None = Field(default=None, validate_default=True)
    area: Code | None = Field(default=None, validate_default=True)

    @field_validator("code", "street", "existed_on", "area")
    @classmethod
    def _used_by_the_kind(cls, value: object, info: ValidationInfo) -> object:
        kind = info.data.get("kind")
        if kind is None or info.field_name is None:
            return value
        fields = SCOPE_FIELDS[kind]
        if value is None and fields.get(info.field_name):
            raise ValueError(f"required for a {kind} scope")
        if value is not None and info.field_name not in fields:
            raise ValueError(f"a {kind} scope does not use {info.field_name}")
        return value


class IndicatorRecord(Record):
    """An indicator of the policy, a mission or an action: computed, or entered by hand."""

    code: Code
    title: Title
    description: Prose | None = None
    kind: Literal["means", "activity", "effect"]
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    direction: Literal["increase", "decrease"]
    policy: Code | None = None
    mission: Code | None = None
    action: Code | None = Field(default=None, validate_default=True)
    computation: Annotated[str, StringConstraints(max_length=64)] | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, validate_default=True)
    baseline_value: Annotated[float, Field(allow_inf_nan=False)] | None = None
    baseline_on: Day | None = Field(default=None, validate_default=True)

    @field_validator("action")
    @classmethod
    def _one_owner(cls, value: str | None, info: ValidationInfo) -> str | None:
        owners = [info.data.get("policy"), info.data.get("mission"), value]
        if sum(o is not None for o in owners) != 1:
            raise ValueError("give exactly one of policy, mission and action")
        return value

    @field_validator("parameters")
    @classmethod
    def _read_by_the_computation(
        cls, value: dict[str, Any], info: ValidationInfo
    ) -> dict[str, Any]:
        if "computation" not in info.data:
            return value  # the computation itself was refused
        return check_parameters(info.data["computation"], value)

    @field_validator("computation")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None:
            check_computation(value)
        return value

    @field_validator("baseline_on")
    @classmethod
    def _with_its_value(cls, value: date | None, info: ValidationInfo) -> date | None:
        if (value is None) != (info.data.get("baseline_value") is None) and (
            "baseline_value" in info.data
        ):
            raise ValueError("baseline_value and baseline_on go together")
        return value


class TargetRecord(Record):
    """A value an indicator should reach by a date."""

    indicator: Code
    target_on: Day
    value: Annotated[float, Field(allow_inf_nan=False)]
