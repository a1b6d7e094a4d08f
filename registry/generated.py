"""``vigie seed generated``: a reference territory drawn from a few parameters.

A second (third, ...) territory for tests and demos of several territories in one database: one
commune, ``districts`` districts around a centre, ``points`` light points fed by cabinets of
forty, of which exactly ``round(points * sodium_share)`` still burn sodium (HPS); the others
went from sodium to LED on a day of the last ten years. Codes start with the territory's code
(``beta-D01-00042``), so that no two territories' assets share a code. The same parameters and
seed give the same territory. Seeding is idempotent, as ``vigie seed angers`` is.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.database import Connection
from core.errors import InvalidInput
from registry import store
from registry.inventory import Cabinet, Equipment, LightPoint
from registry.seed import SeedResult

log = logging.getLogger(__name__)

POINTS_PER_CABINET = 40
TERRITORY_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")  # territories_code_check
DISTRICT_RING_DEG = 0.03  # districts sit on a ring this far from the centre
HPS_WATTS = (70, 100, 150, 250)
LED_WATTS = {70: 27, 100: 38, 150: 55, 250: 90}
SWITCH_YEARS = 10


@dataclass(frozen=True)
class TerritoryPlan:
    """The parameters of a generated territory."""

    code: str
    name: str
    points: int
    districts: int
    sodium_share: float
    seed: int
    timezone: str = "Europe/Paris"
    latitude: float = 47.47
    longitude: float = -0.55
    inventory_date: date = date(2026, 10, 31)


def check_plan(plan: TerritoryPlan) -> None:
    """Refuse, saying why, a plan that cannot become a territory."""
    if not TERRITORY_CODE.fullmatch(plan.code):
        raise InvalidInput(
            f"--code {plan.code!r}: lower-case letters, digits and '-', at most 32 characters"
        )
    if not 1 <= plan.districts <= plan.points:
        raise InvalidInput("--districts must be between 1 and the number of points")
    if not 0.0 <= plan.sodium_share <= 1.0:
        raise InvalidInput("--sodium-share must be between 0 and 1")
    try:
        ZoneInfo(plan.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"--timezone {plan.timezone!r} is not an IANA time zone") from exc


def fleet(plan: TerritoryPlan) -> Iterator[tuple[Cabinet, list[LightPoint]]]:
    """Every cabinet of the territory with the light points it feeds."""
    rng = random.Random(f"{plan.seed}:{plan.code}")
    sodium = set(rng.sample(range(plan.points), round(plan.points * plan.sodium_share)))
    n = 0
    for d in range(plan.districts):
        district = district_code(plan, d)
        angle = 2 * math.pi * d / plan.districts
        centre = (
            plan.latitude + DISTRICT_RING_DEG * math.sin(angle),
            plan.longitude + DISTRICT_RING_DEG * 1.4 * math.cos(angle),
        )
        size = plan.points // plan.districts + (d < plan.points % plan.districts)
        for start in range(0, size, POINTS_PER_CABINET):
            lat, lon = _near(rng, *centre, 0.006)
            cabinet = Cabinet(
                f"{district}-C{start // POINTS_PER_CABINET:03d}",
                district,
                lat,
                lon,
                remote_controlled=True,
            )
            points = []
            for k in range(start, min(start + POINTS_PER_CABINET, size)):
                code = f"{district}-{k:05d}"
                history = _equipment(rng, code, plan.inventory_date, still_sodium=n in sodium)
                points.append(
                    LightPoint(code, district, cabinet.code, *_near(rng, lat, lon, 0.002), history)
                )
                n += 1
            yield cabinet, points


def district_code(plan: TerritoryPlan, index: int) -> str:
    """The code of the territory's ``index``-th district (from 0): ``beta-D01``."""
    return f"{plan.code}-D{index + 1:02d}"


def seed_generated(conn: Connection, plan: TerritoryPlan) -> SeedResult:
    """Register the territory of ``plan`` with its inventory, unless it is already there."""
    check_plan(plan)
    started = time.perf_counter()
    with conn.transaction():
        store.lock_seed(conn)
        existing = store.territory_id(conn, plan.code)
        created = existing is None
        territory = existing if existing is not None else _seed(conn, plan)
        summary = store.territory_summary(conn, territory)
    result = SeedResult(created=created, seconds=round(time.perf_counter() - started, 2), **summary)
    log.info(
        "territory seeded" if created else "territory already present",
        extra={"territory": plan.code, **{f"n_{k}": v for k, v in summary.items()}},
    )
    return result


def _seed(conn: Connection, plan: TerritoryPlan) -> int:
    territory = store.insert_returning_id(
        conn,
        "insert_territory",
        {
            "code": plan.code,
            "name": plan.name,
            "timezone": plan.timezone,
            "latitude": plan.latitude,
            "longitude": plan.longitude,
            "normal_heating_dju": None,
            "normal_heating_dju_months": None,
        },
    )
    commune = store.insert_returning_id(
        conn,
        "insert_commune",
        {"territory_id": territory, "insee_code": "99001", "name": plan.name},
    )
    districts = {
        district_code(plan, d): store.insert_returning_id(
            conn,
            "insert_district",
            {
                "commune_id": commune,
                "code": district_code(plan, d),
                "name": f"{plan.name} {d + 1}",
                "lit_street_km": None,
            },
        )
        for d in range(plan.districts)
    }
    _copy_fleet(conn, districts, list(fleet(plan)))
    return territory


def _copy_fleet(
    conn: Connection, districts: dict[str, int], cabinets: list[tuple[Cabinet, list[LightPoint]]]
) -> None:
    store.copy_rows(
        conn,
        "copy_cabinets",
        (
            (c.code, districts[c.district], c.latitude, c.longitude, c.remote_controlled)
            for c, _ in cabinets
        ),
    )
    cabinet_ids = store.ids_by_code(conn, "cabinet_ids")
    points = [p for _, group in cabinets for p in group]
    store.copy_rows(
        conn,
        "copy_light_points",
        (
            (p.code, districts[p.district], cabinet_ids[p.cabinet], p.latitude, p.longitude, None)
            for p in points
        ),
    )
    ids = store.ids_by_code(conn, "light_point_ids")
    store.copy_rows(
        conn,
        "copy_equipment",
        (
            (ids[p.code], e.valid_from, e.valid_to, e.technology, e.nominal_power_w,
             e.ballast_loss_pct, e.lantern_installed_on, e.lamp_installed_on, e.rated_life_h,
             e.controller_id, e.controller_id is not None, e.dimmable)
            for p in points
            for e in p.equipment
        ),
    )  # fmt: skip


def _equipment(
    rng: random.Random, code: str, today: date, *, still_sodium: bool
) -> tuple[Equipment, ...]:
    """A sodium lantern, and the LED one that replaced it unless the point is still sodium."""
    lantern_on = _day_between(rng, date(1990, 1, 1), date(2012, 12, 31))
    watts = rng.choice(HPS_WATTS)
    sodium = Equipment(
        valid_from=lantern_on,
        valid_to=None,
        technology="HPS",
        nominal_power_w=float(watts),
        ballast_loss_pct=15.0,
        lantern_installed_on=lantern_on,
        lamp_installed_on=_day_between(rng, date(2019, 1, 1), today - timedelta(days=400)),
        rated_life_h=24_000,
        controller_id=None,
        dimmable=False,
    )
    if still_sodium:
        return (sodium,)
    switch_on = _day_between(
        rng, today - timedelta(days=365 * SWITCH_YEARS), today - timedelta(days=1)
    )
    lamp_on = min(sodium.lamp_installed_on, switch_on - timedelta(days=1))
    before = dataclasses.replace(sodium, valid_to=switch_on, lamp_installed_on=lamp_on)
    led = Equipment(
        valid_from=switch_on,
        valid_to=None,
        technology="LED",
        nominal_power_w=float(LED_WATTS[watts]),
        ballast_loss_pct=0.0,
        lantern_installed_on=switch_on,
        lamp_installed_on=switch_on,
        rated_life_h=100_000,
        controller_id=f"LC-{code}",
        dimmable=True,
    )
    return before, led


def _near(rng: random.Random, lat: float, lon: float, spread: float) -> tuple[float, float]:
    return round(rng.gauss(lat, spread), 6), round(rng.gauss(lon, spread * 1.4), 6)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))
