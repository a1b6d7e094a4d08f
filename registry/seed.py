"""``vigie seed angers``: the reference territory and its policy, in one transaction.

Seeding is idempotent: a territory that is already registered is left as it is (its data may
have been edited since), and the summary of what is there is returned.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from core.database import Connection
from registry import store
from registry.angers import (
    COMMUNES,
    DEPARTMENT_RECIPIENTS,
    DISTRICTS,
    INVENTORY_DATE,
    MISSION_LEADS,
    MISSIONS,
    NORMAL_HEATING_DJU,
    NORMAL_HEATING_DJU_MONTHS,
    NOTES,
    PEOPLE,
    POLICY,
    POLICY_TOTAL_EUR,
    PROGRAMME_YEARS,
    RENOVATION_PILOTS,
    RENOVATIONS,
    TERRITORY,
)
from registry.buildings import buildings
from registry.inventory import light_points

log = logging.getLogger(__name__)

DEFAULT_SEED = 49007
RENOVATION_COST_EUR_PER_POINT = Decimal(1150)


@dataclass(frozen=True)
class SeedResult:
    """What a seed run found or created."""

    created: bool
    light_points: int
    sodium_points: int
    buildings: int
    actions: int
    seconds: float


def seed_angers(conn: Connection, seed: int = DEFAULT_SEED) -> SeedResult:
    """Register Angers Loire Métropole, its inventory and its policy unless already there."""
    started = time.perf_counter()
    with conn.transaction():
        store.lock_seed(conn)
        existing = store.territory_id(conn, TERRITORY[0])
        created = existing is None
        territory = existing if existing is not None else _seed(conn, seed)
        summary = store.territory_summary(conn, territory)
    result = SeedResult(created=created, seconds=round(time.perf_counter() - started, 2), **summary)
    log.info(
        "territory seeded" if created else "territory already present",
        extra={"territory": TERRITORY[0], **{f"n_{k}": v for k, v in summary.items()}},
    )
    return result


def _seed(conn: Connection, seed: int) -> int:
    code, name, timezone, latitude, longitude = TERRITORY
    territory = store.insert_returning_id(
        conn,
        "insert_territory",
        {
            "code": code,
            "name": name,
            "timezone": timezone,
            "latitude": latitude,
            "longitude": longitude,
            "normal_heating_dju": NORMAL_HEATING_DJU,
            "normal_heating_dju_months": list(NORMAL_HEATING_DJU_MONTHS),
        },
    )
    _places(conn, territory)
    _inventory(conn, seed)
    _buildings(conn, seed)
    _policy(conn, territory)
    return territory


def _places(conn: Connection, territory: int) -> None:
    communes = {
        name: store.insert_returning_id(
            conn, "insert_commune", {"territory_id": territory, "insee_code": insee, "name": name}
        )
        for insee, name in COMMUNES
    }
    for d in DISTRICTS:
        store.insert_returning_id(
            conn,
            "insert_district",
            {
                "commune_id": communes[d.commune],
                "code": d.code,
                "name": d.name,
                "lit_street_km": d.lit_street_km,
            },
        )


def _inventory(conn: Connection, seed: int) -> None:
    districts = store.ids_by_code(conn, "district_ids")
    fleet = list(light_points(seed))
    store.copy_rows(
        conn,
        "copy_cabinets",
        (
            (c.code, districts[c.district], c.latitude, c.longitude, c.remote_controlled)
            for c, _ in fleet
        ),
    )
    cabinets = store.ids_by_code(conn, "cabinet_ids")
    points = [p for _, group in fleet for p in group]
    store.copy_rows(
        conn,
        "copy_light_points",
        (
            (p.code, districts[p.district], cabinets[p.cabinet], p.latitude, p.longitude, None)
            for p in points
        ),
    )
    ids = store.ids_by_code(conn, "light_point_ids")
    store.copy_rows(
        conn,
        "copy_equipment",
        (
            (
                ids[p.code],
                e.valid_from,
                e.valid_to,
                e.technology,
                e.nominal_power_w,
                e.ballast_loss_pct,
                e.lantern_installed_on,
                e.lamp_installed_on,
                e.rated_life_h,
                e.controller_id,
                e.controller_id is not None,
                e.dimmable,
            )
            for p in points
            for e in p.equipment
        ),
    )


def _buildings(conn: Connection, seed: int) -> None:
    communes = store.ids_by_code(conn, "commune_ids", {"territory": TERRITORY[0]})
    districts = store.ids_by_code(conn, "district_ids")
    stock = list(buildings(seed))
    store.copy_rows(
        conn,
        "copy_buildings",
        (
            (
                b.code,
                b.name,
                b.category,
                communes[b.commune],
                districts[b.district] if b.district else None,
                b.floor_area_m2,
                b.latitude,
                b.longitude,
                b.reference_year is not None,
                b.reference_year,
                b.reference_consumption_kwh,
                b.reference_dju,
            )
            for b in stock
        ),
    )
    ids = store.ids_by_code(conn, "building_ids")
    store.copy_rows(
        conn,
        "copy_meters",
        (
            (m.code, ids[b.code], m.quantity, m.unit, m.reading_kind, m.register_max)
            for b in stock
            for m in b.meters
        ),
    )


def _policy(conn: Connection, territory: int) -> None:
    people = [
        store.insert_returning_id(
            conn,
            "insert_person",
            {"name": n, "email": e, "department": d, "territory_id": territory},
        )
        for n, e, d in PEOPLE
    ]
    code, title, ambition = POLICY
    policy = store.insert_returning_id(
        conn,
        "insert_policy",
        {"territory_id": territory, "code": code, "title": title, "ambition": ambition},
    )
    missions = {
        m.code: store.insert_returning_id(
            conn,
            "insert_mission",
            {
                "policy_id": policy,
                "code": m.code,
                "title": m.title,
                "domain": m.domain,
                "lead_id": people[MISSION_LEADS[m.code]],
            },
        )
        for m in MISSIONS
    }
    for subject_kind, person in DEPARTMENT_RECIPIENTS.items():
        store.execute(
            conn, "insert_alert_recipient",
            {"territory_id": territory, "subject_kind": subject_kind,
             "person_id": people[person]},
        )  # fmt: skip
    allocated = _renovation_actions(conn, missions["03"], people)
    _mission_budgets(conn, missions, allocated)
    for kind, written_on, body in NOTES:
        store.execute(
            conn,
            "insert_analysis",
            {
                "mission_id": missions["03"],
                "kind": kind,
                "written_on": written_on,
                "author_id": people[MISSION_LEADS["03"]],
                "body": body,
            },
        )


def _renovation_actions(conn: Connection, mission: int, people: list[int]) -> Decimal:
    """The seven named renovation actions with scope and budget; return the budget allocated."""
    districts = store.ids_by_code(conn, "district_ids")
    sizes = {d.code: d.light_points for d in DISTRICTS}
    allocated = Decimal(0)
    for renovation, pilot in zip(RENOVATIONS, RENOVATION_PILOTS, strict=True):
        in_progress = renovation.end > INVENTORY_DATE
        action = store.insert_returning_id(
            conn,
            "insert_action",
            {
                "mission_id": mission,
                "code": renovation.code,
                "title": renovation.title,
                "status": "in_progress" if in_progress else "done",
                "term": "short",
                "pilot_id": people[pilot],
                "planned_start": renovation.start,
                "planned_end": renovation.end,
                "actual_start": renovation.start,
                "actual_end": None if in_progress else renovation.end,
            },
        )
        for district in renovation.districts:
            store.execute(
                conn,
                "insert_scope",
                {"action_id": action, "role": "treated", "district_id": districts[district]},
            )
        budget = RENOVATION_COST_EUR_PER_POINT * sum(sizes[d] for d in renovation.districts)
        spent = budget * (Decimal("0.62") if in_progress else Decimal("0.97"))
        store.execute(
            conn,
            "insert_budget_line",
            {
                "mission_id": mission,
                "action_id": action,
                "year": renovation.start.year,
                "planned_eur": budget,
                "committed_eur": budget,
                "spent_eur": spent.quantize(Decimal("0.01")),
            },
        )
        allocated += budget
    return allocated


def _mission_budgets(
    conn: Connection, missions: dict[str, int], lighting_allocated: Decimal
) -> None:
    """Each mission's total budget, less what its actions hold, spread over the programme years.

    Mission 02 shows no budget in the seed document; it gets the difference between the
    policy total and the other missions, so the policy total matches the document.
    """
    known = sum((m.budget_eur for m in MISSIONS if m.budget_eur is not None), Decimal(0))
    for mission in MISSIONS:
        total = mission.budget_eur if mission.budget_eur is not None else POLICY_TOTAL_EUR - known
        if mission.code == "03":
            total -= lighting_allocated
        committed = mission.committed_eur or Decimal(0)
        for year, share in _spread(total, len(PROGRAMME_YEARS)):
            store.execute(
                conn,
                "insert_budget_line",
                {
                    "mission_id": missions[mission.code],
                    "action_id": None,
                    "year": PROGRAMME_YEARS[year],
                    "planned_eur": share,
                    "committed_eur": committed if year == 0 else Decimal(0),
                    "spent_eur": Decimal(0),
                },
            )


def _spread(total: Decimal, parts: int) -> list[tuple[int, Decimal]]:
    """``total`` in ``parts`` equal shares to the cent, the last one taking the remainder."""
    share = (total / parts).quantize(Decimal("0.01"))
    return [(i, share if i < parts - 1 else total - share * (parts - 1)) for i in range(parts)]
