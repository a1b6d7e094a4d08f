"""The pages' images: an indicator's chart, an action's savings and scope map, an alert's map.

Each is an SVG drawn from what the person may read (the same checks as the pages), kept by the
browser for a few minutes.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request, Response

from api import store_data
from api.deps import Conn
from api.routes import actions as action_routes
from api.routes import alerts as alert_routes
from api.store import Row
from api.web import charts, store_pages
from api.web.deps import Here
from api.web.render import words_of
from api.web.routes_plan import today
from api.web.series import series_of
from api.web.sessions import User, current_user
from core.errors import NotFound

router = APIRouter(
    prefix="/web/charts", include_in_schema=False, dependencies=[Depends(current_user)]
)
HEADERS = {
    "Cache-Control": "private, max-age=300",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}


def svg(body: bytes) -> Response:
    """An SVG image answer."""
    return Response(body, media_type="image/svg+xml", headers=HEADERS)


@router.get("/indicators/{code}.svg")
def indicator_chart(code: str, request: Request, conn: Conn, place: Here) -> Response:
    """An indicator's values, targets and baseline."""
    found = store_data.indicators(conn, place.id, code=code)
    if not found:
        raise NotFound(f"no indicator {code}")
    row = found[0]
    series = series_of(conn, row["id"], today() + timedelta(days=1))
    baseline = None
    if row["baseline_value"] is not None and row["baseline_on"] is not None:
        baseline = charts.Point(row["baseline_on"], float(row["baseline_value"]))
    words = words_of(request)
    return svg(charts.series_svg(series.points, series.target_points, baseline, row["unit"], words))


def savings_of(effects: list[Row], label_of_method: bool) -> list[charts.Saving]:  # noqa: FBT001 - one switch
    """The effects that have a saving, as bars."""
    return [
        charts.Saving(
            e["method"] if label_of_method else e["action_code"],
            float(e["saved_kwh"]),
            None if e["saved_kwh_low"] is None else float(e["saved_kwh_low"]),
            None if e["saved_kwh_high"] is None else float(e["saved_kwh_high"]),
        )
        for e in effects
        if e["saved_kwh"] is not None
    ]


@router.get("/actions/{code}/savings.svg")
def savings_chart(code: str, request: Request, conn: Conn, place: Here) -> Response:
    """An action's savings by method with their 95 % intervals."""
    action_routes.find_action(conn, place.id, code)
    effects = store_pages.effects(conn, place.id, action=code)
    return svg(charts.savings_svg(savings_of(effects, label_of_method=True), words_of(request)))


def _map(rows: list[Row], request: Request) -> Response:
    marked = [charts.Place(r["longitude"], r["latitude"]) for r in rows if r["marked"]]
    around = [charts.Place(r["longitude"], r["latitude"]) for r in rows if not r["marked"]]
    return svg(charts.map_svg(around, marked, words_of(request)))


@router.get("/actions/{code}/scope.svg")
def scope_map(code: str, request: Request, conn: Conn, place: Here) -> Response:
    """Where an action's scope is: treated places marked, the control group around."""
    row = action_routes.find_action(conn, place.id, code)
    return _map(store_pages.action_places(conn, row["id"]), request)


@router.get("/alerts/{alert_id}/map.svg")
def alert_map(alert_id: int, request: Request, conn: Conn, user: User, place: Here) -> Response:
    """Where an alert's subject is among its neighbours."""
    alert_routes.read_alert(alert_id, conn, user.caller, place)
    return _map(store_pages.alert_places(conn, alert_id), request)
