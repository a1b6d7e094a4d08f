"""What an action's works changed, read from the equipment history of its scope's light points.

An effect compares the same points before and after the works (``docs/methods.md`` §3): the
points whose equipment in the baseline differs from their equipment in the reporting period
are *changed*; points with equipment only after the works were *added*, points with equipment
only before were *removed*; the others are *unchanged*. The works window is the action's actual
dates, widened to the first and last equipment change among its points: a baseline never holds
a renovated point and a reporting period never holds the works. A change dated outside the
action's own dates is kept and said (``changes_outside_works_dates``), never silently dropped.
When the history records no change at all, the scope says what was treated (``SILENT``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

YEAR = timedelta(days=365)
DAY = timedelta(days=1)
# The equipment history records no change of the scope's points during the works: every point
# of the scope is taken as treated, and nothing is stipulated from its (unchanged) nameplate.
SILENT = "no_equipment_change_recorded"


@dataclass(frozen=True)
class EquipmentSpan:
    """One row of a light point's equipment history: its system power from a date to another."""

    point_id: int
    cabinet_id: int | None
    valid_from: date
    valid_to: date | None
    technology: str
    system_w: float
    metered: bool

    def holds(self, day: date) -> bool:
        """Whether this equipment was in place on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class PointWorks:
    """A light point's equipment before and after the works, and when it changed."""

    point_id: int
    cabinet_id: int | None
    before: EquipmentSpan | None
    after: EquipmentSpan | None
    changed_on: date | None
    assumed: bool = False

    @property
    def kind(self) -> str:
        """``changed``, ``added``, ``removed``, ``unchanged`` or ``absent``."""
        if self.assumed:
            return "changed"
        if self.before is None:
            return "absent" if self.after is None else "added"
        if self.after is None:
            return "removed"
        return "changed" if self.changed_on is not None else "unchanged"


@dataclass(frozen=True)
class Works:
    """An action's works: the window they span and what they did to each point of the scope."""

    start: date
    end: date
    points: tuple[PointWorks, ...]
    in_progress: bool
    warnings: tuple[str, ...] = ()
    outside_dates: int = 0
    by_kind: dict[str, tuple[PointWorks, ...]] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[PointWorks, ...]:
        """The points of one kind (see ``PointWorks.kind``)."""
        return self.by_kind.get(kind, ())


def works_of(
    spans: Iterable[EquipmentSpan],
    dates: tuple[date | None, date | None],
    as_of: date,
    *,
    done: bool = False,
) -> Works | None:
    """The works of an action from its scope's equipment history and its actual dates.

    ``dates`` are the action's actual start and end (the end None while in progress, unless the
    action is ``done``: its works then end with their last recorded change). Returns None when
    nothing says when the works happened.
    """
    by_point: dict[int, list[EquipmentSpan]] = {}
    for span in spans:
        by_point.setdefault(span.point_id, []).append(span)
    actual_start, actual_end = dates
    known = [d for d in (actual_start, _first_change(by_point.values(), actual_start)) if d]
    if not known:
        return None
    start = min(known)
    points = [_point_works(history, start - DAY, as_of) for history in by_point.values()]
    changes = [p.changed_on for p in points if p.changed_on is not None]
    silent = not changes and any(p.before is not None and p.after is not None for p in points)
    if silent:
        points = [replace(p, assumed=p.before is not None and p.after is not None) for p in points]
    end = max([d for d in (actual_end, *changes) if d is not None], default=start)
    outside = sum(
        1
        for d in changes
        if (actual_start is not None and d < actual_start)
        or (actual_end is not None and d > actual_end)
    )
    warnings = (
        (["changes_outside_works_dates"] if outside else [])
        + (["works_dates_from_equipment_history"] if actual_start is None else [])
        + ([SILENT] if silent else [])
    )
    by_kind: dict[str, list[PointWorks]] = {}
    for p in points:
        by_kind.setdefault(p.kind, []).append(p)
    return Works(
        start=start,
        end=end,
        points=tuple(points),
        in_progress=actual_end is None and not (done and changes),
        warnings=tuple(warnings),
        outside_dates=outside,
        by_kind={k: tuple(v) for k, v in by_kind.items()},
    )


def _first_change(histories: Iterable[Sequence[EquipmentSpan]], near: date | None) -> date | None:
    """The earliest equipment change of the scope that belongs to these works.

    A point renovated years before the action (an earlier programme) is not part of it: only
    changes within a year of the action's start count, when it has one.
    """
    found: date | None = None
    for history in histories:
        for previous, span in itertools.pairwise(history):
            if _same(previous, span):
                continue
            if near is not None and abs((span.valid_from - near).days) > YEAR.days:
                continue
            found = span.valid_from if found is None else min(found, span.valid_from)
    return found


def _point_works(history: Sequence[EquipmentSpan], before_day: date, as_of: date) -> PointWorks:
    """A point's equipment the day before the works and its equipment as of the computation."""
    before = next((s for s in history if s.holds(before_day)), None)
    after = next((s for s in history if s.holds(as_of - DAY)), None)
    changed_on = None
    if before is not None and after is not None and not _same(before, after):
        changed_on = after.valid_from
    first = history[0]
    return PointWorks(first.point_id, first.cabinet_id, before, after, changed_on)


def _same(a: EquipmentSpan, b: EquipmentSpan) -> bool:
    """Whether two equipment rows draw the same: same technology and system power."""
    return a.technology == b.technology and abs(a.system_w - b.system_w) < 0.5  # noqa: PLR2004 - W


def points_works(spans: Iterable[EquipmentSpan], start: date, as_of: date) -> list[PointWorks]:
    """Each point's equipment the day before ``start`` and as of ``as_of``, classified."""
    by_point: dict[int, list[EquipmentSpan]] = {}
    for span in spans:
        by_point.setdefault(span.point_id, []).append(span)
    return [_point_works(history, start - DAY, as_of) for history in by_point.values()]
