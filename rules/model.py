"""What a rule is, what it is given and what it finds.

A rule is a small typed unit: an id, a title, a severity, a subject, default parameters
(overridable per territory in ``rule_parameters``), one SQL query and, when it needs values
computed in Python (sun times, date windows), a ``prepare`` function. Its query returns one row
per subject it judged: ``firing`` true (raise), false (clear) or null (no change).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

Severity = Literal["informational", "low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("informational", "low", "medium", "high", "critical")
SubjectKind = Literal["light_point", "cabinet", "meter", "building", "district", "action", "fleet"]
Domain = Literal["lighting", "buildings"]
Source = Literal["lamp", "cabinet", "meter"]
Parameter = int | float | bool | str
GROUP_OVER = (
    10  # live alerts of a light-point rule behind one cabinet that make one (rules.grouping)
)
Inputs = dict[str, Any]


@dataclass(frozen=True)
class Territory:
    """Where the rules run: the territory's id, code, coordinates and time zone."""

    id: int
    code: str
    latitude: float
    longitude: float
    timezone: str


@dataclass(frozen=True)
class Context:
    """What a rule is evaluated with: the territory, the clock, the readings window, parameters."""

    territory: Territory
    now: datetime
    parameters: Mapping[str, Parameter]
    window_start: datetime | None = None
    window_end: datetime | None = None


def no_inputs(_: Context) -> Inputs:
    """Rules whose query needs nothing beyond the context."""
    return {}


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue; ``reads`` makes it event-driven, ``every`` scheduled."""

    id: str
    reference: str
    title: str
    description: str
    severity: Severity
    subject: SubjectKind
    domain: Domain
    query: str
    summary: str
    defaults: Mapping[str, Parameter] = field(default_factory=dict)
    reads: Source | None = None
    every: timedelta | None = None
    whole_fleet: bool = False
    clear_after: int = 2
    prepare: Callable[[Context], Inputs] = no_inputs
    group_over: int = 0  # this many live light-point alerts behind one cabinet make one; 0: never

    def __post_init__(self) -> None:
        if (self.reads is None) == (self.every is None):
            raise ValueError(f"rule {self.id} must be either event-driven or scheduled")


@dataclass(frozen=True)
class Finding:
    """One subject judged by a rule."""

    subject_id: int
    firing: bool | None
    severity: Severity | None
    group_key: str
    details: dict[str, Any]


@dataclass(frozen=True)
class RunResult:
    """What one evaluation of one rule did."""

    rule_id: str
    subjects: int
    raised: int
    opened: list[int]
    resolved: list[int]
    duration_ms: int
