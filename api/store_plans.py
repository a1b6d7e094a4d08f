"""The sodium plan's SQL: the sodium points of a territory; a package made a policy action."""

from __future__ import annotations

from datetime import datetime

from api.sodium_plan import PlanPoint
from api.store import QUERIES
from core.database import Connection

COUNTER_LOOKBACK_DAYS = 2
DEFAULT_RATED_LIFE_H = 24_000


def sodium_points(conn: Connection, territory: str, now: datetime) -> list[PlanPoint]:
    """Every sodium point of the territory today, with what the plan needs of it."""
    rows = conn.execute(
        QUERIES["sodium_plan_points"],
        {
            "territory": territory,
            "now": now,
            "counter_lookback_days": COUNTER_LOOKBACK_DAYS,
            "default_rated_life_h": DEFAULT_RATED_LIFE_H,
        },
    ).fetchall()
    return [
        PlanPoint(
            code=str(row[0]),
            district=str(row[1]),
            cabinet=None if row[2] is None else str(row[2]),
            street=None if row[3] is None else str(row[3]),
            nominal_w=float(row[4]),
            ballast_loss_pct=None if row[5] is None else float(row[5]),
            rated_h=float(row[6]),
            lamp_since=row[7],
            lantern_since=row[8],
            counter_h=None if row[9] is None else float(row[9]),
        )
        for row in rows
    ]


def latest_stock(conn: Connection, territory: str, now: datetime) -> int | None:
    """The latest recorded count of spare sodium lamps, if any."""
    row = conn.execute(QUERIES["latest_spare_stock"], {"territory": territory, "now": now})
    found = row.fetchone()
    return None if found is None else int(found[0])


def record_stock(
    conn: Connection, territory: str, quantity: int, now: datetime, note: str | None
) -> bool:
    """Record a count of spare sodium lamps; False when the territory is unknown."""
    row = conn.execute(
        QUERIES["record_spare_stock"],
        {"territory": territory, "quantity": quantity, "now": now, "note": note},
    ).fetchone()
    return row is not None
