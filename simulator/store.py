"""Every SQL statement of the simulator: it only reads the territory."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Final

from core.database import Connection
from core.errors import NotFound
from core.sql import Queries
from simulator.territory import Cabinet, Equipment, LightPoint, Meter, Territory

QUERIES: Final = Queries.of_package("simulator")


def load_territory(conn: Connection, code: str) -> Territory:
    """The territory ``code`` with its cabinets, light points (and history) and meters."""
    row = conn.execute(QUERIES["territory"], {"territory": code}).fetchone()
    if row is None:
        raise NotFound(f"no territory {code!r}: run `vigie seed angers` first")
    territory_id, code, latitude, longitude, timezone = row
    params = {"territory_id": territory_id}
    territory = Territory(str(code), float(str(latitude)), float(str(longitude)), str(timezone))
    by_cabinet: dict[str | None, list[LightPoint]] = defaultdict(list)
    for point in _light_points(conn, params):
        by_cabinet[point.cabinet].append(point)
    for cabinet_code, remote, period in conn.execute(QUERIES["cabinets"], params):
        points = tuple(by_cabinet.pop(str(cabinet_code), []))
        territory.cabinets.append(
            Cabinet(str(cabinet_code), bool(remote), int(str(period)), points)
        )
    territory.lone_points = [p for points in by_cabinet.values() for p in points]
    territory.meters = [
        Meter(str(r[0]), str(r[1]), str(r[2]), str(r[3]),
              None if r[4] is None else float(str(r[4])),
              int(str(r[5])), str(r[6]), str(r[7]), float(str(r[8])))
        for r in conn.execute(QUERIES["meters"], params)
    ]  # fmt: skip
    conn.commit()
    return territory


def _light_points(conn: Connection, params: dict[str, object]) -> list[LightPoint]:
    points: list[LightPoint] = []
    current: tuple[object, ...] | None = None
    history: list[Equipment] = []
    for row in conn.execute(QUERIES["light_points"], params):
        if current is not None and row[0] != current[0]:
            points.append(_point(current, history))
            history = []
        current = row
        history.append(
            Equipment(
                _date(row[4]), None if row[5] is None else _date(row[5]), str(row[6]),
                float(str(row[7])), float(str(row[8])),
                None if row[9] is None else _date(row[9]),
                None if row[10] is None else int(str(row[10])), bool(row[11]), bool(row[12]),
            )
        )  # fmt: skip
    if current is not None:
        points.append(_point(current, history))
    return points


def _point(row: tuple[object, ...], history: list[Equipment]) -> LightPoint:
    return LightPoint(
        str(row[1]), None if row[2] is None else str(row[2]), int(str(row[3])), tuple(history)
    )


def _date(value: object) -> date:
    assert isinstance(value, date)  # noqa: S101 - a date column
    return value
