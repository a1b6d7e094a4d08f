"""The aggregation's units of work, each one log line: rollups, effects, indicators, météo."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aggregation import cabinet_days, rollups, store
from core.database import Connection

log = logging.getLogger(__name__)

CURSOR = "rollups"
MARGIN = timedelta(seconds=30)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class RollupResult:
    """What one rollup run did."""

    batches: int
    windows: int
    hours: float
    rows: int
    seconds: float


def aggregate_pending(conn: Connection, *, daily: bool = True) -> RollupResult:
    """Recompute the rollups the batches committed since the last run touch.

    ``daily``: also recompute the cabinets' days marked so far (``recompute_daily``); a live
    follower does that every few minutes instead of on every batch.
    """
    started = time.perf_counter()
    after, handled = store.cursor(conn, CURSOR) or (EPOCH, frozenset())
    seen = store.batches_since(conn, after, MARGIN)
    batches = [b for b in seen if b.id not in handled]
    windows = rollups.chunked(rollups.merged(rollups.window_of(b) for b in batches))
    rows = sum(
        _recompute(conn, territory, window)
        for territory in store.territories(conn)
        for window in windows
    )
    if batches:
        newest = max(b.committed_at for b in seen)
        recent = [b.id for b in seen if b.committed_at > newest - MARGIN]
        store.set_cursor(conn, CURSOR, newest, recent)
    if daily:
        rows += recompute_daily(conn)
    result = RollupResult(
        batches=len(batches),
        windows=len(windows),
        hours=sum((w.end - w.start).total_seconds() for w in windows) / 3600.0,
        rows=rows,
        seconds=time.perf_counter() - started,
    )
    log.info("rollups recomputed", extra=result.__dict__)
    return result


def aggregate_all(conn: Connection, since: datetime | None = None) -> RollupResult:
    """Recompute every rollup from the raw readings (from ``since`` when given)."""
    started = time.perf_counter()
    windows: list[store.Window] = []
    rows = 0
    for territory in store.territories(conn):
        span = store.readings_span(conn, territory.id)
        if span is None:
            continue
        start = max(span[0], since) if since else span[0]
        for window in rollups.chunks(start, span[1]):
            rows += _recompute(conn, territory, window)
            windows.append(window)
    rows += recompute_daily(conn)
    result = RollupResult(
        batches=0,
        windows=len(windows),
        hours=sum((w.end - w.start).total_seconds() for w in windows) / 3600.0,
        rows=rows,
        seconds=time.perf_counter() - started,
    )
    log.info("rollups rebuilt", extra=result.__dict__)
    return result


def recompute_daily(conn: Connection) -> int:
    """Recompute the cabinets' days marked by the rollup runs; rows written."""
    started = time.perf_counter()
    rows = sum(cabinet_days.recompute_pending(conn, t) for t in store.territories(conn))
    log.info(
        "daily rollups recomputed",
        extra={"rows": rows, "seconds": round(time.perf_counter() - started, 3)},
    )
    return rows


def _recompute(conn: Connection, territory: store.TerritoryRow, window: store.Window) -> int:
    return store.recompute(
        conn,
        territory,
        window,
        max_gap=rollups.MAX_GAP,
        max_power_w=rollups.MAX_POWER_W,
        max_interval=rollups.CABINET_MAX_INTERVAL,
        max_period=rollups.METER_MAX_PERIOD,
    )
