"""``/v1/exports``: indicator values and effects for evaluators, as CSV or JSON.

Every row carries its method, periods, coverage and warnings; columns are stable and documented
in ``docs/exports.md``. Admins and evaluators only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from api import store_data
from api.deps import CurrentUser, Place, allow, get_caller
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_data import Period
from api.store import Row
from api.tokens import Role
from core.tabular import spreadsheet_text

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/exports", tags=["exports"], responses=RESPONSES
)
Format = Literal["csv", "json"]
SIGNIFICANT_DIGITS = 12
Cell = str | float | bool | dict[str, object] | None  # a number is an int or a float
Day = Annotated[date, Query(ge=date(1900, 1, 1), le=date(2200, 1, 1))]

INDICATOR_VALUE_COLUMNS = (
    "indicator_code",
    "indicator_title",
    "indicator_kind",
    "unit",
    "direction",
    "mission_code",
    "action_code",
    "period",
    "period_start",
    "value",
    "source",
    "method",
    "method_version",
    "coverage",
    "warnings",
    "details",
    "recorded_at",
    "value_low",
    "value_high",
)
EFFECT_COLUMNS = (
    "action_code",
    "mission_code",
    "method",
    "method_version",
    "baseline_start",
    "baseline_end",
    "reporting_start",
    "reporting_end",
    "counterfactual_kwh",
    "actual_kwh",
    "saved_kwh",
    "saved_kwh_low",
    "saved_kwh_high",
    "saved_pct",
    "saved_pct_low",
    "saved_pct_high",
    "coverage_baseline",
    "coverage_reporting",
    "sufficient",
    "warnings",
    "control_group",
    "computed_at",
    "as_of",
    "headline",
    "boundary",
    "ipmvp_option",
    "deemed",
    "measured",
    "stipulated",
    "parameters",
    "adjustments",
    "adjustments_kwh",
    "annual_saved_kwh",
    "annual_saved_kwh_low",
    "annual_saved_kwh_high",
    "reliable",
    "fit",
)
CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "CSV (header row, ``;``-joined lists) or JSON (an array of objects).",
        "content": {"text/csv": {"schema": {"type": "string"}}, "application/json": {}},
    }
}


def _cell(value: object, fmt: Format) -> Cell:  # noqa: PLR0911 - one return per kind of value
    """One value as both formats carry it: lists ``; ``-joined, dates ISO, numbers rounded.

    A number keeps at most ``SIGNIFICANT_DIGITS`` significant digits: more than any meter
    measures, fewer than the binary noise a sum of doubles carries (22244.867999999995 is
    written 22244.868). An object (what a value rests on) is a JSON object in JSON and its JSON
    text in CSV.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float | Decimal):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, dict):
        if fmt == "json":
            return value
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _csv_text(value: Cell) -> str:
    """A cell's CSV text: the JSON token of a number or boolean, empty for a missing value.

    Text that a spreadsheet would read as a formula is escaped (``spreadsheet_text``).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return json.dumps(value)


def _render(rows: Iterable[Row], columns: Sequence[str], fmt: Format, name: str) -> Response:
    records = [{c: _cell(row[c], fmt) for c in columns} for row in rows]
    if fmt == "json":
        body = json.dumps(records, ensure_ascii=False)
        return Response(body, media_type="application/json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_text(v) for v in record.values()])
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/indicator-values", response_class=Response, responses=CONTENT)
def export_indicator_values(
    conn: ReadConn,
    caller: CurrentUser,
    place: Place,
    fmt: Annotated[Format, Query(alias="format")] = "csv",
    period: Period | None = None,
    indicator: str | None = None,
    start: Annotated[Day, Query(alias="from")] = date(2000, 1, 1),
    end: Annotated[Day, Query(alias="to")] = date(2100, 1, 1),
) -> Response:
    """Indicator values whose period starts in [from, to), with method, coverage and warnings."""
    allow(caller, Role.ADMIN, Role.EVALUATOR, to="export")
    params = {
        "territory_id": place.id,
        "from": start,
        "to": end,
        "period": period,
        "indicator": indicator,
    }
    rows = store_data.export_indicator_values(conn, params)
    return _render(rows, INDICATOR_VALUE_COLUMNS, fmt, "indicator-values")


@router.get("/effects", response_class=Response, responses=CONTENT)
def export_effects(
    conn: ReadConn,
    caller: CurrentUser,
    place: Place,
    fmt: Annotated[Format, Query(alias="format")] = "csv",
    mission: str | None = None,
    method: str | None = None,
    history: Annotated[  # noqa: FBT002 - a query flag
        bool, Query(description="Every computation, not only the latest.")
    ] = False,
) -> Response:
    """The latest effect of each action by each method (every computation with ``history``).

    Estimate, 95 % interval, normal-year figure, method and version, boundary, IPMVP option,
    what was measured and stipulated, parameters, adjustments, fit statistics, periods, control
    group, coverage, flags and warnings.
    """
    allow(caller, Role.ADMIN, Role.EVALUATOR, to="export")
    rows = store_data.effects(
        conn, place.id, mission=mission, method=method, history=history, limit=10_000_000
    )
    return _render([_effect_record(r) for r in rows], EFFECT_COLUMNS, fmt, "effects")


def _effect_record(row: Row) -> Row:
    """An effect's row with its adjustments as ``kind:kWh`` items (kWh to one decimal)."""
    listed = [f"{a['kind']}:{a['kwh']:.1f}" for a in row["adjustments"]]
    return {**row, "adjustments": listed}
