"""What the API returns and accepts about indicators, effects, alerts, readings and rollups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from api.schemas import ActionOut, AnalysisOut, BudgetLineOut, Comment, In, Out, ScopeOut
from api.schemas_effects import EffectOut as EffectOut  # noqa: PLC0414 - re-exported

T = TypeVar("T")
Period = Literal["day", "month", "year"]


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_cursor`` fetches the next one, null on the last page."""

    items: list[T]
    next_cursor: str | None


class TargetOut(Out):
    """A value an indicator should reach by a date."""

    target_on: date
    value: float


class IndicatorOut(Out):
    """An indicator of the policy tree and what it is attached to."""

    code: str
    title: str
    description: str | None
    kind: Literal["means", "activity", "effect"]
    unit: str
    direction: Literal["increase", "decrease"]
    level: Literal["policy", "mission", "action"]
    mission_code: str | None
    action_code: str | None
    computation: str | None = Field(description="The named computation; null: entered by hand.")
    parameters: dict[str, Any]
    baseline_value: float | None
    baseline_on: date | None
    targets: list[TargetOut]


class IndicatorValueOut(Out):
    """One value of an indicator for a period starting on a local date of the territory."""

    period: Period
    period_start: date
    value: float
    value_low: float | None = Field(
        description="Lower bound of its 95 % interval, when it has one."
    )
    value_high: float | None = Field(description="Upper bound of its 95 % interval.")
    source: Literal["computed", "manual"]
    method: str | None
    method_version: str | None
    coverage: float | None
    warnings: list[str]
    details: dict[str, Any] = Field(
        description="What the value rests on; for the décret-tertiaire figures, the year to "
        "date and the period with their degree-days, the kWh and the buildings counted "
        "(docs/methods.md §4.2). Empty for manual values."
    )
    entered_by: int | None
    recorded_at: datetime


class ManualValueIn(In):
    """A value a person enters for an indicator and a period."""

    value: Annotated[float, Field(allow_inf_nan=False)]
    method: Annotated[str, Field(min_length=1, max_length=200)] = "manual entry"
    coverage: Annotated[float, Field(ge=0, le=1)] | None = None
    warnings: Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=20)] = Field(
        default_factory=list
    )


class AlertEventOut(Out):
    """One step of an alert's history."""

    at: datetime
    kind: str
    person_id: int | None
    person_name: str | None
    comment: str | None


class AlertOut(Out):
    """An alert, its subject, its routing and its lifecycle."""

    id: int
    rule_id: str
    domain: str
    subject_kind: str
    subject_code: str | None
    district_code: str | None
    severity: Literal["informational", "low", "medium", "high", "critical"]
    state: Literal["open", "acknowledged", "resolved", "closed"]
    summary: str
    details: dict[str, Any]
    first_seen: datetime
    last_seen: datetime
    occurrences: int
    routed_to: int | None
    routed_to_name: str | None
    routed_via: str | None
    action_code: str | None
    mission_code: str | None
    acknowledged_by: int | None
    acknowledged_at: datetime | None
    resolved_by: int | None
    resolved_at: datetime | None
    closed_at: datetime | None
    comment: str | None
    escalated_to: int | None
    escalated_at: datetime | None


class AlertDetailOut(AlertOut):
    """An alert with its history."""

    events: list[AlertEventOut]


class AcknowledgeIn(In):
    """Acknowledging an alert, with an optional comment."""

    comment: Comment | None = None


class ResolveIn(In):
    """Resolving an alert by hand: the comment says what was done."""

    comment: Comment


class CloseIn(In):
    """Closing a resolved alert, with an optional comment."""

    comment: Comment | None = None


class SeverityCountsOut(Out):
    """How many alerts of each severity."""

    critical: int
    high: int
    medium: int
    low: int
    informational: int


class LiveStateCountsOut(Out):
    """How many live alerts are open and how many acknowledged."""

    open: int
    acknowledged: int


class ActionAlertsOut(Out):
    """An action's live alerts the caller sees: counts, the newest few, where to list them all."""

    total: int
    by_severity: SeverityCountsOut
    by_state: LiveStateCountsOut
    newest: list[AlertOut] = Field(description="The newest live alerts, newest first (5 at most).")
    list_url: str = Field(
        description="The list of them all: GET /v1/alerts?action=&live=true&territory=."
    )


class ActionDetailOut(ActionOut):
    """An action with its scope, budgets, indicators, effects, live alerts and analyses."""

    scope: list[ScopeOut]
    budgets: list[BudgetLineOut]
    indicators: list[IndicatorOut]
    effects: list[EffectOut]
    open_alerts: ActionAlertsOut | None = Field(
        description="Its open and acknowledged alerts the caller sees; null for a viewer."
    )
    analyses: list[AnalysisOut]


class ReadingOut(Out):
    """A raw reading: its time and the values the device sent (column names with units)."""

    ts: datetime
    values: dict[str, Any]


class BucketOut(Out):
    """A time bucket of rollups: sum, mean, min, max of its base rollups, their count, coverage."""

    bucket_start: datetime
    sum: float
    mean: float
    min: float
    max: float
    count: int
    coverage: float


class CheckOut(Out):
    """One dependency of the service and whether it answers."""

    ok: bool
    detail: str


Status = Literal["ok", "degraded", "saturated", "unavailable"]


class HealthOut(Out):
    """Whether the API can serve: database, broker, load and how far behind the collector is.

    ``saturated``: the database answers but the API is at its concurrency cap or has every
    connection busy; ``unavailable``: the database does not answer.
    """

    status: Status
    database: CheckOut
    broker: CheckOut
    collector_lag_s: float | None
    requests_in_flight: int
    max_concurrent: int
