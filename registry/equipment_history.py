"""``vigie import equipment FILE``: light points' equipment histories from one file.

Each row is what a light point carries from ``valid_from`` (a GIS export of the works). The rows
of a point are merged into its stored history in date order, whatever their order in the file:
a row on a date the history already has replaces that equipment, a row on a new date starts a
new span, which ends where the next one starts. Stored spans the file does not name are kept.
A point whose merged history equals the stored one is not touched, so a second run changes
nothing.

A change dated outside the works dates of an action whose scope holds the point, within a year
of them, is listed as a warning naming the action: the effect's works window widens to take it
in (``aggregation.works``), which the pilot should know rather than discover.
"""

from __future__ import annotations

import logging
import struct
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from core.database import Connection
from core.errors import InvalidInput, Problem
from registry import store
from registry.territory_files import Rows
from registry.territory_records import EQUIPMENT_COLUMNS, EquipmentRecord

log = logging.getLogger(__name__)
_REAL = {"nominal_power_w", "ballast_loss_pct"}  # stored as PostgreSQL real (4 bytes)

Span = tuple[date, date | None, tuple[object, ...]]  # valid_from, valid_to, equipment


@dataclass
class EquipmentImport:
    """How many light points changed or not, the refused rows, and the warnings."""

    points_changed: int = 0
    points_unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def import_equipment(conn: Connection, rows: Rows, *, skip_invalid: bool) -> EquipmentImport:
    """Merge the file's rows into the histories in one transaction; InvalidInput lists bad rows."""
    result = EquipmentImport()
    problems = list(rows.problems)
    with conn.transaction():
        codes = sorted({record.code for _, record in rows.records})
        stored = _histories(conn, codes)
        by_point: dict[str, list[tuple[str, EquipmentRecord]]] = defaultdict(list)
        for where, record in rows.records:
            if record.code not in stored:
                problems.append(Problem(where, f"code: unknown light point {record.code}"))
            else:
                by_point[record.code].append((where, record))
        problems.sort(key=_line)
        if problems and not skip_invalid:
            raise InvalidInput(f"{len(problems)} invalid row(s); nothing imported", problems)
        changes: list[tuple[str, int, date]] = []
        rewritten: dict[int, list[Span]] = {}
        for code, located in sorted(by_point.items()):
            point_id, history = stored[code]
            merged = _merge(history, [record for _, record in located])
            first = merged[0][0]
            changes += [(w, point_id, r.valid_from) for w, r in located if r.valid_from > first]
            if merged == history:
                result.points_unchanged += 1
            else:
                rewritten[point_id] = merged
        _rewrite(conn, rewritten)
        result.points_changed = len(rewritten)
        result.warnings = _outside_works(conn, changes)
    result.skipped = problems
    log.info(
        "equipment imported",
        extra={
            "changed": result.points_changed,
            "unchanged": result.points_unchanged,
            "skipped": len(problems),
            "warnings": len(result.warnings),
        },
    )
    return result


def _histories(conn: Connection, codes: list[str]) -> dict[str, tuple[int, list[Span]]]:
    found: dict[str, tuple[int, list[Span]]] = {}
    for row in conn.execute(store.QUERIES["equipment_histories"], {"codes": codes}):
        code, point_id, valid_from, valid_to, *equipment = row
        _, spans = found.setdefault(str(code), (int(point_id), []))
        if valid_from is not None:
            kit = (
                _real(v) if n in _REAL else v
                for n, v in zip(EQUIPMENT_COLUMNS, equipment, strict=True)
            )
            spans.append((valid_from, valid_to, tuple(kit)))
    return found


def _merge(history: list[Span], records: list[EquipmentRecord]) -> list[Span]:
    """The history with each record's equipment from its date, spans chained in date order."""
    equipment = {valid_from: kit for valid_from, _, kit in history}
    for record in records:
        equipment[record.valid_from] = _as_stored(record)
    starts = sorted(equipment)
    last_end = history[-1][1] if history and history[-1][0] == starts[-1] else None
    ends = [*starts[1:], last_end]
    return [(start, end, equipment[start]) for start, end in zip(starts, ends, strict=True)]


def _as_stored(record: EquipmentRecord) -> tuple[object, ...]:
    """The record's equipment as the database would give it back (4-byte reals rounded)."""
    return tuple(
        _real(value) if name in _REAL else value
        for name, value in zip(EQUIPMENT_COLUMNS, record.equipment(), strict=True)
    )


def _real(value: object) -> float:
    (rounded,) = struct.unpack("f", struct.pack("f", float(str(value))))
    return float(rounded)


def _rewrite(conn: Connection, histories: dict[int, list[Span]]) -> None:
    """Replace the histories of the points given: one DELETE, then one COPY of their spans."""
    if not histories:
        return
    store.execute(conn, "delete_equipment", {"light_point_ids": sorted(histories)})
    store.copy_rows(
        conn,
        "copy_equipment",
        (
            (point_id, valid_from, valid_to, *kit)
            for point_id, spans in sorted(histories.items())
            for valid_from, valid_to, kit in spans
        ),
    )


def _outside_works(conn: Connection, changes: list[tuple[str, int, date]]) -> list[Problem]:
    if not changes:
        return []
    where = {(point_id, day): w for w, point_id, day in changes}
    params = {"point_ids": [c[1] for c in changes], "days": [c[2] for c in changes]}
    warnings = []
    for point_id, day, action, start, end in conn.execute(
        store.QUERIES["equipment_changes_outside_works"], params
    ):
        until = "" if end is None else f" to {end}"
        warnings.append(
            Problem(
                where[(point_id, day)],
                f"valid_from: {day} is outside the works of action {action} ({start}{until}), "
                "whose scope holds the light point: its effect widens the works window to it",
            )
        )
    return sorted(warnings, key=_line)


def _line(problem: Problem) -> int:
    number = problem.where.rsplit(" ", 1)[-1]
    return int(number) if number.isdigit() else 0
