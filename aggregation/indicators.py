"""Compute the indicators of a territory's policy tree for a range of periods.

Each indicator names a computation of the registry (``computations*.py``) and its parameters;
each value is stored with the computation's name and version, the coverage of its data, its
warnings and the run that produced it. Manual values (entered through the API) are never
overwritten.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from psycopg.types.json import Jsonb

from aggregation import (
    computations_buildings,  # noqa: F401 - registers its computations
    computations_effects,  # noqa: F401 - registers its computations
    store_indicators,
)
from aggregation.computations import REGISTRY, Computation, Computed
from aggregation.store import TerritoryRow
from aggregation.store_indicators import Buckets
from core.database import Connection

log = logging.getLogger(__name__)

PERIODS = ("day", "month", "year")


@dataclass(frozen=True)
class IndicatorsResult:
    """What one computation run did."""

    indicators: int
    values: int
    unknown: tuple[str, ...]
    seconds: float


def buckets(period: str, start: date, end: date) -> Buckets:
    """The periods of kind ``period`` that start in [start, end), aligned on their calendar."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    first = _align(period, start)
    starts, ends = [], []
    while first < end:
        following = _next(period, first)
        starts.append(first)
        ends.append(following)
        first = following
    return Buckets(period, starts, ends)


def compute_indicators(
    conn: Connection, territory: TerritoryRow, period: str, start: date, end: date
) -> IndicatorsResult:
    """Compute every computed indicator of a territory for the periods in [start, end)."""
    started = time.perf_counter()
    chosen = buckets(period, start, end)
    if not chosen.starts:
        return IndicatorsResult(0, 0, (), 0.0)
    indicators = store_indicators.computed_indicators(conn, territory.id)
    unknown: list[str] = []
    written = 0
    with conn.transaction():
        run_id = store_indicators.open_run(conn, chosen)
        for indicator in indicators:
            computation = REGISTRY.get(indicator.computation)
            if computation is None:
                unknown.append(indicator.code)
                continue
            began = time.perf_counter()
            values = computation.compute(conn, indicator, chosen)
            log.debug(
                "indicator computed",
                extra={
                    "code": indicator.code,
                    "computation": computation.name,
                    "seconds": time.perf_counter() - began,
                },
            )
            rows = [
                _row(computation, run_id, indicator.id, period_start=s, period=period, value=v)
                for s, v in zip(chosen.starts, values, strict=True)
                if v.value is not None
            ]
            written += store_indicators.save_values(conn, rows)
        store_indicators.close_run(conn, run_id, len(indicators), written)
    result = IndicatorsResult(
        len(indicators), written, tuple(unknown), time.perf_counter() - started
    )
    if unknown:
        log.warning("indicators with an unknown computation", extra={"codes": unknown})
    log.info("indicators computed", extra={"territory": territory.code, **result.__dict__})
    return result


def _row(  # noqa: PLR0913 - one stored value and its provenance, by keyword
    computation: Computation,
    run_id: int,
    indicator_id: int,
    *,
    period_start: date,
    period: str,
    value: Computed,
) -> dict[str, Any]:
    return {
        "indicator_id": indicator_id,
        "period": period,
        "period_start": period_start,
        "value": value.value,
        "value_low": value.low,
        "value_high": value.high,
        "method": computation.name,
        "method_version": computation.version,
        "coverage": value.coverage,
        "warnings": list(value.warnings),
        "details": Jsonb(value.details),
        "run_id": run_id,
    }


def _align(period: str, day: date) -> date:
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


def _next(period: str, first: date) -> date:
    if period == "day":
        return first + timedelta(days=1)
    if period == "month":
        return date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date(first.year + 1, 1, 1)
