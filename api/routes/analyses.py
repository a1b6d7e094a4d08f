"""``/v1/analyses``: dated analyses and recommendations on a mission or an action."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api import store_policy
from api.deps import Conn, CurrentUser, Place, allow, allow_action_write, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, int_key, next_cursor
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas import AnalysisIn, AnalysisOut, AnalysisPatchIn
from api.schemas_data import Page
from api.tokens import Caller, Role
from api.views import analysis_out
from core.database import Connection
from core.errors import InvalidInput, NotFound, PermissionDenied, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)],
    prefix="/v1/analyses",
    tags=["analyses"],
    responses=RESPONSES,
)
AnalysisId = Annotated[int, Path(ge=1, lt=2**31)]


def _check_window(fields: dict[str, object]) -> None:
    start, end = fields.get("window_start"), fields.get("window_end")
    if start is not None and end is not None and end < start:  # type: ignore[operator]
        raise InvalidInput(
            "window_end is before window_start", [Problem("body.window_end", "before window_start")]
        )


def _allow_on(conn: Connection, place_id: int, caller: Caller, action: str | None) -> None:
    allow(caller, Role.ADMIN, Role.PILOT, Role.EVALUATOR, to="write analyses")
    if caller.role is not Role.PILOT:
        return
    if action is None:
        raise PermissionDenied("a pilot writes analyses on their own actions, not on missions")
    found = store_policy.actions(conn, place_id, code=action)
    if not found:
        raise NotFound(f"no action {action}")
    allow_action_write(caller, found[0]["pilot_id"], action)


@router.get("", response_model=Page[AnalysisOut])
def list_analyses(
    conn: ReadConn,
    place: Place,
    mission: str | None = None,
    action: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
) -> Page[AnalysisOut]:
    """Analyses and recommendations, newest first, of a mission (and its actions) or an action."""
    found = store_policy.analyses(
        conn, place.id, mission=mission, action=action, after=int_key(cursor), limit=limit
    )
    items = [analysis_out(row) for row in found]
    return Page(items=items, next_cursor=next_cursor([a.id for a in items], limit))


@router.get("/{analysis_id}", response_model=AnalysisOut)
def read_analysis(analysis_id: AnalysisId, conn: ReadConn, place: Place) -> AnalysisOut:
    """One analysis."""
    found = store_policy.analyses(conn, place.id, analysis_id=analysis_id)
    if not found:
        raise NotFound(f"no analysis {analysis_id}")
    return analysis_out(found[0])


@router.post("", response_model=AnalysisOut, status_code=201)
def create_analysis(
    analysis: AnalysisIn, conn: Conn, caller: CurrentUser, place: Place
) -> AnalysisOut:
    """Write an analysis or recommendation on one mission or one action."""
    if (analysis.mission_code is None) == (analysis.action_code is None):
        raise InvalidInput(
            "name exactly one of mission_code and action_code",
            [Problem("body.mission_code", "give it or action_code, not both, not neither")],
        )
    _allow_on(conn, place.id, caller, analysis.action_code)
    fields = analysis.model_dump()
    _check_window(fields)
    mission_id = action_id = None
    if analysis.mission_code is not None:
        mission_id = store_policy.mission_id(conn, place.id, analysis.mission_code)
        if mission_id is None:
            raise NotFound(f"no mission {analysis.mission_code}")
    else:
        found = store_policy.actions(conn, place.id, code=analysis.action_code)
        if not found:
            raise NotFound(f"no action {analysis.action_code}")
        action_id = found[0]["id"]
    new_id = store_policy.insert_analysis(
        conn,
        {
            "mission_id": mission_id,
            "action_id": action_id,
            "author_id": caller.person_id,
            **{k: v for k, v in fields.items() if k not in {"mission_code", "action_code"}},
        },
    )
    return analysis_out(store_policy.analyses(conn, place.id, analysis_id=new_id)[0])


@router.patch("/{analysis_id}", response_model=AnalysisOut)
def change_analysis(
    analysis_id: AnalysisId, change: AnalysisPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> AnalysisOut:
    """Edit an analysis (its author or an admin)."""
    found = store_policy.analyses(conn, place.id, analysis_id=analysis_id)
    if not found:
        raise NotFound(f"no analysis {analysis_id}")
    row = found[0]
    allow(caller, Role.ADMIN, Role.PILOT, Role.EVALUATOR, to="edit analyses")
    if caller.role is not Role.ADMIN and (
        caller.person_id is None or caller.person_id != row["author_id"]
    ):
        raise PermissionDenied(f"analysis {analysis_id} was written by someone else")
    fields = {k: row[k] for k in ("kind", "written_on", "body", "window_start", "window_end")}
    fields.update(
        {
            k: v
            for k, v in change.model_dump(exclude_unset=True).items()
            if v is not None or k.startswith("window")
        }
    )
    _check_window(fields)
    store_policy.update_analysis(conn, analysis_id, fields)
    return analysis_out(store_policy.analyses(conn, place.id, analysis_id=analysis_id)[0])
