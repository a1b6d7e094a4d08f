"""The JSON API's operations, called by the pages: one code path for every rule of the domain.

An alert's transition, an action's status and dates, a year's budget, a manual indicator value,
an analysis: the page calls the very route function the JSON API runs for the same request, with
the person as its caller, so the roles, checks, store functions and database functions are the
same. Each runs in a savepoint: a refusal leaves nothing written, and the page can say why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from api.deps import Territory
from api.routes import action_writes, alerts, analyses, indicators
from api.schemas import AnalysisIn, AnalysisPatchIn
from api.schemas_data import AcknowledgeIn, CloseIn, ManualValueIn, Period, ResolveIn
from api.schemas_policy import ActionPatchIn, BudgetIn
from api.tokens import Caller
from api.web.forms import read, refusal_of
from core.database import Connection
from core.errors import InvalidInput

T = TypeVar("T")


def _in_savepoint(conn: Connection, operation: Callable[[], T]) -> T:
    """Run ``operation`` in a savepoint; its InvalidInput becomes a form's refusal."""
    try:
        with conn.transaction():
            return operation()
    except InvalidInput as exc:
        raise refusal_of(exc) from exc


def change_alert(  # noqa: PLR0913 - the operation, its alert, its comment and its context
    conn: Connection,
    place: Territory,
    caller: Caller,
    alert_id: int,
    *,
    change: str,
    comment: str | None,
) -> None:
    """Acknowledge, resolve or close an alert as ``POST /v1/alerts/{id}/{change}`` does."""
    values = {"comment": comment} if comment else {}

    def run() -> object:
        if change == "acknowledge":
            body = read(AcknowledgeIn, values, ("comment",))
            return alerts.acknowledge(alert_id, conn, caller, place, body)
        if change == "resolve":
            resolved = read(ResolveIn, values, ("comment",))
            return alerts.resolve(alert_id, resolved, conn, caller, place)
        return alerts.close(alert_id, conn, caller, place, read(CloseIn, values, ("comment",)))

    _in_savepoint(conn, run)


def edit_action(
    conn: Connection, place: Territory, caller: Caller, code: str, change: ActionPatchIn
) -> None:
    """Change an action's status and dates as ``PATCH /v1/actions/{code}`` does."""
    _in_savepoint(conn, lambda: action_writes.change_action(code, change, conn, caller, place))


def set_budget(  # noqa: PLR0913 - the action, the year, the amounts and the context
    conn: Connection, place: Territory, caller: Caller, code: str, *, year: int, budget: BudgetIn
) -> None:
    """Set a year's committed and spent euros as ``PUT /v1/actions/{code}/budgets/{year}``."""
    _in_savepoint(conn, lambda: action_writes.set_budget(code, year, budget, conn, caller, place))


def enter_value(  # noqa: PLR0913 - the indicator, its period, the value and the context
    conn: Connection,
    place: Territory,
    caller: Caller,
    code: str,
    *,
    period: Period,
    start: date,
    value: ManualValueIn,
) -> None:
    """Enter a manual value as ``PUT /v1/indicators/{code}/values/{period}/{start}`` does."""
    _in_savepoint(
        conn, lambda: indicators.enter_value(code, period, start, value, conn, caller, place)
    )


def write_analysis(
    conn: Connection, place: Territory, caller: Caller, analysis: AnalysisIn
) -> None:
    """Write an analysis or a recommendation as ``POST /v1/analyses`` does."""
    _in_savepoint(conn, lambda: analyses.create_analysis(analysis, conn, caller, place))


def edit_analysis(
    conn: Connection, place: Territory, caller: Caller, analysis_id: int, change: AnalysisPatchIn
) -> None:
    """Edit an analysis as ``PATCH /v1/analyses/{id}`` does."""
    _in_savepoint(conn, lambda: analyses.change_analysis(analysis_id, change, conn, caller, place))
