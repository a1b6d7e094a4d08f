"""``vigie import lightpoints``: apply a validated inventory file, keeping equipment history.

A new code creates a light point; a known code updates its place and, when its equipment
differs, closes the equipment in place on ``valid_from`` and opens the new one. Nothing is
written when any row has a problem, unless the caller asks to skip invalid rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.database import Connection
from core.errors import InvalidInput, Problem
from registry import store
from registry.files import Parsed
from registry.records import LightPointRecord

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, and the rows it skipped."""

    created: int
    moved: int
    re_equipped: int
    unchanged: int
    skipped: list[Problem]


def import_light_points(conn: Connection, parsed: Parsed, *, skip_invalid: bool) -> ImportResult:
    """Write the records of ``parsed`` in one transaction; InvalidInput lists every bad row."""
    with conn.transaction():
        existing = {row["code"]: row for row in store.light_points_for_import(conn)}
        districts = store.ids_by_code(conn, "district_ids")
        cabinets = store.ids_by_code(conn, "cabinet_ids")
        problems = list(parsed.problems)
        good: list[LightPointRecord] = []
        for where, record in parsed.records:
            problem = _reference_problem(record, existing.get(record.code), districts, cabinets)
            if problem:
                problems.append(Problem(where, problem))
            else:
                good.append(record)
        if problems and not skip_invalid:
            raise InvalidInput(f"{len(problems)} invalid row(s); nothing imported", problems)
        counts = _write(conn, good, existing, districts, cabinets)
    result = ImportResult(*counts, skipped=problems)
    log.info("light points imported", extra={"rows": len(good), "skipped": len(problems)})
    return result


def _reference_problem(
    record: LightPointRecord,
    current: dict[str, Any] | None,
    districts: dict[str, int],
    cabinets: dict[str, int],
) -> str | None:
    if record.district not in districts:
        return f"district: unknown district {record.district}"
    if record.cabinet is not None and record.cabinet not in cabinets:
        return f"cabinet: unknown cabinet {record.cabinet}"
    if current and current["valid_from"] and _equipment_changed(record, current):
        if record.valid_from is None:
            return "valid_from: required when the equipment of a known light point changes"
        if record.valid_from <= current["valid_from"]:
            return (
                f"valid_from: must be after {current['valid_from']}, when the equipment "
                "in place was installed"
            )
    return None


def _equipment_changed(record: LightPointRecord, current: dict[str, Any]) -> bool:
    in_place = (
        current["technology"],
        current["nominal_power_w"],
        current["ballast_loss_pct"],
        current["lantern_installed_on"],
        current["lamp_installed_on"],
        current["rated_life_h"],
        current["controller_id"],
        current["remote_controlled"],
        current["dimmable"],
    )
    return record.equipment() != in_place


def _write(
    conn: Connection,
    records: list[LightPointRecord],
    existing: dict[str, dict[str, Any]],
    districts: dict[str, int],
    cabinets: dict[str, int],
) -> tuple[int, int, int, int]:
    created = moved = re_equipped = unchanged = 0
    for record in records:
        place = {
            "district_id": districts[record.district],
            "cabinet_id": cabinets.get(record.cabinet) if record.cabinet else None,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "street": record.street,
        }
        current = existing.get(record.code)
        if current is None:
            point = store.insert_returning_id(
                conn, "insert_light_point", {"code": record.code, **place}
            )
            store.execute(conn, "insert_equipment", _equipment(point, record, record.equipped_on))
            created += 1
            continue
        point = int(current["id"])
        if _place_changed(place, current, districts, cabinets):
            store.execute(conn, "update_light_point", {"id": point, **place})
            moved += 1
        if current["valid_from"] is None or _equipment_changed(record, current):
            since = record.valid_from or record.equipped_on
            store.execute(conn, "close_equipment", {"light_point_id": point, "valid_from": since})
            store.execute(conn, "insert_equipment", _equipment(point, record, since))
            re_equipped += 1
        elif not _place_changed(place, current, districts, cabinets):
            unchanged += 1
    return created, moved, re_equipped, unchanged


def _place_changed(
    place: dict[str, Any],
    current: dict[str, Any],
    districts: dict[str, int],
    cabinets: dict[str, int],
) -> bool:
    before = {
        "district_id": districts[current["district"]],
        "cabinet_id": cabinets.get(current["cabinet"]) if current["cabinet"] else None,
        "latitude": current["latitude"],
        "longitude": current["longitude"],
        "street": current["street"],
    }
    return place != before


def _equipment(point: int, record: LightPointRecord, since: date) -> dict[str, Any]:
    keys = (
        "technology",
        "nominal_power_w",
        "ballast_loss_pct",
        "lantern_installed_on",
        "lamp_installed_on",
        "rated_life_h",
        "controller_id",
        "remote_controlled",
        "dimmable",
    )
    return {
        "light_point_id": point,
        "valid_from": since,
        **dict(zip(keys, record.equipment(), strict=True)),
    }
