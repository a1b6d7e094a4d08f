"""The history ``vigie demo`` publishes before its fleet goes live, so that effects have data.

An effect compares a baseline year before an action's works with the last year. The demo
publishes, through the broker and the collector like any reading, the daily readings of a sample
of the cabinet meters (and building meters) each action's scope reads — ``per_action`` of them,
drawn by the seed — over the year before its works started, then over the last year for every
one of them; the day before the detailed history is published hourly, so that the rules, which
judge what comes after it, find the meters reporting as they should. The effects engine treats
the cabinets it has data for as a sample of the action's changed points (a ratio estimator, its
interval widened by the sampling), as it does for a city whose history is patchy. Years of every
device of the fleet would take hours to publish; this sample takes about a minute.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core.database import Connection
from core.sql import Queries

QUERIES = Queries.of_package("vigie")
YEAR = timedelta(days=366)
DAY = timedelta(days=1)
DAILY_S = 86_400
HOURLY_S = 3_600


@dataclass(frozen=True)
class ScopedAction:
    """An action with a scope: when its works started and the devices its effects read."""

    code: str
    works_start: date | None
    devices: frozenset[str]


@dataclass(frozen=True)
class Stretch:
    """A span of history some devices publish, every ``every_s`` seconds."""

    label: str
    start: datetime
    until: datetime
    every_s: int
    devices: frozenset[str]

    @property
    def days(self) -> float:
        """Its length in days."""
        return (self.until - self.start).total_seconds() / 86_400


def scoped_actions(conn: Connection, territory: str) -> list[ScopedAction]:
    """The territory's actions with a scope, oldest works first."""
    cur = conn.execute(QUERIES["demo_history_devices"], {"territory": territory})
    return [ScopedAction(code, start, frozenset(devices)) for code, start, devices in cur]


def history_plan(
    actions: Iterable[ScopedAction], detailed_from: datetime, *, per_action: int, seed: int
) -> list[Stretch]:
    """The stretches to publish before ``detailed_from``, where the demo's detailed history starts.

    For a sample of each action's devices: its baseline year (daily, cut where the last year
    starts), then the last year of every sampled device (daily) and its last day (hourly).
    """
    actions = [
        ScopedAction(a.code, a.works_start, sample(a.devices, per_action, seed))
        for a in actions
        if a.devices
    ]
    last_day = _midnight(detailed_from) - DAY
    last_year = last_day - YEAR
    plan = []
    for action in actions:
        if action.works_start is None:
            continue
        start = _midnight(action.works_start) - YEAR
        until = min(_midnight(action.works_start), last_year)
        if start < until:
            plan.append(Stretch(f"{action.code} baseline", start, until, DAILY_S, action.devices))
    everyone = frozenset().union(*(a.devices for a in actions))
    if everyone:
        plan.append(Stretch("last year", last_year, last_day, DAILY_S, everyone))
        plan.append(Stretch("last day", last_day, detailed_from, HOURLY_S, everyone))
    return plan


def sample(devices: frozenset[str], size: int, seed: int) -> frozenset[str]:
    """``size`` of ``devices``, the same for the same seed."""
    ranked = sorted(devices, key=lambda code: (zlib.crc32(f"{seed}:{code}".encode()), code))
    return frozenset(ranked[:size])


def _midnight(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        day = day.astimezone(UTC).date()
    return datetime.combine(day, time(0), tzinfo=UTC)
