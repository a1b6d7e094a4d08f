"""``vigie import territories|districts|cabinets|buildings|meters FILE``: apply a checked file.

One transaction per file. Each row names what it belongs to by code (a district its territory,
a cabinet its district, a meter its building or cabinet); an unknown code is a problem of that
row. A row that says what the database holds changes nothing; a changed row updates its object.
When any row has a problem nothing is written, unless the caller asks to skip invalid rows:
then the good rows are written and every refused row is listed with its line.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from core.database import Connection
from core.errors import InvalidInput, Problem
from registry import store
from registry.territory_files import Rows
from registry.territory_records import (
    BuildingRecord,
    CabinetRecord,
    DistrictRecord,
    MeterRecord,
    TerritoryRecord,
)

log = logging.getLogger(__name__)
DEFAULT_METER_PERIOD_S = 900


class Refused(Exception):  # noqa: N818 - a row's refusal, not a failure of the program
    """A row that names what is not registered."""


@dataclass
class TerritoryImport:
    """How many rows created, updated or left unchanged their object, and the refused rows."""

    counts: Counter[str] = field(default_factory=Counter)
    skipped: list[Problem] = field(default_factory=list)


class _Registered:
    """The codes already registered, read once per import."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.territories = store.ids_by_code(conn, "territory_ids")
        self.districts = store.ids_by_code(conn, "district_ids")
        self.cabinets = store.ids_by_code(conn, "cabinet_ids")
        self.buildings = store.ids_by_code(conn, "building_ids")
        self.meters = store.ids_by_code(conn, "meter_ids")
        self.cabinet_meters = store.ids_by_code(conn, "cabinet_meter_codes")
        self.communes: dict[str, list[int]] = {}
        for insee, id_ in conn.execute(store.QUERIES["commune_ids_by_insee"]):
            self.communes.setdefault(str(insee), []).append(int(id_))

    def one(self, kind: str, codes: dict[str, int], code: str | None) -> int | None:
        if code is None:
            return None
        if code not in codes:
            raise Refused(f"{kind}: unknown {kind} {code}")
        return codes[code]

    def commune(self, insee: str) -> int:
        found = self.communes.get(insee, [])
        if len(found) != 1:
            why = "no" if not found else "several territories have a"
            raise Refused(f"insee_code: {why} commune {insee} (communes come with districts.csv)")
        return found[0]


def _territory(record: TerritoryRecord, _: _Registered) -> tuple[str, dict[str, Any]]:
    return "upsert_territory", record.model_dump()


def _district(record: DistrictRecord, known: _Registered) -> tuple[str, dict[str, Any]]:
    territory = known.one("territory", known.territories, record.territory)
    commune = store.insert_returning_id(
        known.conn,
        "upsert_commune",
        {"territory_id": territory, "insee_code": record.insee_code, "commune": record.commune},
    )
    outline = None if record.outline is None else Jsonb(record.outline.model_dump())
    params = record.model_dump(exclude={"territory", "insee_code", "commune", "outline"})
    return "upsert_district", {**params, "commune_id": commune, "outline": outline}


def _cabinet(record: CabinetRecord, known: _Registered) -> tuple[str, dict[str, Any]]:
    district = known.one("district", known.districts, record.district)
    return "upsert_cabinet", {**record.model_dump(exclude={"district"}), "district_id": district}


def _building(record: BuildingRecord, known: _Registered) -> tuple[str, dict[str, Any]]:
    params = record.model_dump(exclude={"insee_code", "district"})
    return "upsert_building", {
        **params,
        "commune_id": known.commune(record.insee_code),
        "district_id": known.one("district", known.districts, record.district),
    }


def _meter(record: MeterRecord, known: _Registered) -> tuple[str, dict[str, Any]]:
    if record.cabinet is not None:
        cabinet = known.one("cabinet", known.cabinets, record.cabinet)
        if record.code in known.meters:
            raise Refused(f"code: {record.code} is a building's meter")
        owner = known.cabinet_meters.get(record.code)
        if owner is not None and owner != cabinet:
            raise Refused(f"code: {record.code} is the meter of another cabinet")
        params = {"cabinet_id": cabinet, "code": record.code, "register_max": record.register_max}
        return "set_cabinet_meter", params
    if record.code in known.cabinet_meters:
        raise Refused(f"code: {record.code} is a cabinet's meter")
    building = known.one("building", known.buildings, record.building)
    params = record.model_dump(exclude={"building", "cabinet"})
    period = record.reporting_period_s or DEFAULT_METER_PERIOD_S
    return "upsert_meter", {**params, "building_id": building, "reporting_period_s": period}


WRITES: dict[str, Callable[[Any, _Registered], tuple[str, dict[str, Any]]]] = {
    "territories": _territory,
    "districts": _district,
    "cabinets": _cabinet,
    "buildings": _building,
    "meters": _meter,
}


def import_territory_file(conn: Connection, rows: Rows, *, skip_invalid: bool) -> TerritoryImport:
    """Write the records of one file in one transaction; InvalidInput lists every bad row."""
    write = WRITES[rows.kind]
    result = TerritoryImport()
    problems = list(rows.problems)
    with conn.transaction():
        known = _Registered(conn)
        for where, record in rows.records:
            try:
                with conn.transaction():
                    query, params = write(record, known)
                    outcome = conn.execute(store.QUERIES[query], params).fetchone()
            except Refused as exc:
                problems.append(Problem(where, str(exc)))
                continue
            except psycopg.Error as exc:
                reason = exc.diag.message_primary or type(exc).__name__
                problems.append(Problem(where, f"the database refused it: {reason}"))
                continue
            result.counts[_outcome(outcome)] += 1
        problems.sort(key=_line)
        if problems and not skip_invalid:
            raise InvalidInput(f"{len(problems)} invalid row(s); nothing imported", problems)
    result.skipped = problems
    log.info(
        "territory file imported",
        extra={
            "kind": rows.kind,
            **{f"rows_{outcome}": n for outcome, n in result.counts.items()},
            "skipped": len(problems),
        },
    )
    return result


def _outcome(row: tuple[Any, ...] | None) -> str:
    if row is None:
        return "unchanged"
    return "created" if row[0] else "updated"


def _line(problem: Problem) -> int:
    number = problem.where.rsplit(" ", 1)[-1]
    return int(number) if number.isdigit() else 0
