"""``/v1/policy`` (the tree with budgets and météo) and ``/v1/missions``."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api import store_policy
from api.deps import Place, get_caller
from api.pages import MAX_PAGE
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas import BudgetTotalsOut, MissionOut, MissionTreeOut, PolicyOut
from api.store import fetch_together
from api.views import action_out, mission_out
from core.errors import NotFound

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1", tags=["policy"], responses=RESPONSES
)


@router.get("/policy", response_model=PolicyOut)
def read_policy(conn: ReadConn, place: Place) -> PolicyOut:
    """The territory's policy: its missions, their actions, budgets and météo."""
    found, actions, every_mission = fetch_together(
        conn,
        store_policy.policies_query(place.id),
        store_policy.actions_query(place.id, limit=10_000),
        store_policy.missions_query(place.id),
    )
    if not found:
        raise NotFound(f"territory {place.code} has no policy yet")
    policy = found[0]
    missions = [
        MissionTreeOut(
            **mission_out(row).model_dump(),
            action_list=[action_out(a) for a in actions if a["mission_code"] == row["code"]],
        )
        for row in every_mission
        if row["policy_code"] == policy["code"]
    ]
    return PolicyOut(
        code=policy["code"],
        title=policy["title"],
        ambition=policy["ambition"],
        territory=place.code,
        timezone=place.timezone,
        budget=BudgetTotalsOut(
            planned_eur=sum(m.budget.planned_eur for m in missions),
            committed_eur=sum(m.budget.committed_eur for m in missions),
            spent_eur=sum(m.budget.spent_eur for m in missions),
        ),
        missions=missions,
    )


@router.get("/missions", response_model=list[MissionOut])
def list_missions(conn: ReadConn, place: Place) -> list[MissionOut]:
    """Every mission with its lead, budgets and météo."""
    return [mission_out(row) for row in store_policy.missions(conn, place.id)[:MAX_PAGE]]


@router.get("/missions/{code}", response_model=MissionOut)
def read_mission(code: str, conn: ReadConn, place: Place) -> MissionOut:
    """One mission."""
    found = store_policy.missions(conn, place.id, code)
    if not found:
        raise NotFound(f"no mission {code}")
    return mission_out(found[0])
