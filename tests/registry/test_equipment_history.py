"""``vigie import equipment``: light points' equipment histories from one file, in date order."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from territory_helpers import EXAMPLE, import_example

from core.errors import InvalidInput
from registry.equipment_history import import_equipment
from registry.files import read_light_points
from registry.importer import import_light_points
from registry.policy_files import read_policy_folder
from registry.policy_import import import_policy
from registry.territory_files import read_rows

Conn = psycopg.Connection[tuple[object, ...]]
HEADER = "code,valid_from,technology,nominal_power_w,controller_id,remote_controlled\n"


def _equipment(db: Conn) -> list[tuple[object, ...]]:
    return db.execute(
        b"SELECT lp.code, e.valid_from::text, e.valid_to::text, e.technology, e.nominal_power_w"
        b" FROM light_point_equipment e JOIN light_points lp ON lp.id = e.light_point_id"
        b" ORDER BY lp.code, e.valid_from"
    ).fetchall()


def _town(db: Conn) -> None:
    import_example(db)
    points = read_light_points(EXAMPLE / "lightpoints.csv")
    import_light_points(db, points, skip_invalid=False)


def test_the_history_is_applied_in_date_order_whatever_the_row_order(db: Conn) -> None:
    """The example's rows, out of order, give each renovated point sodium then LED."""
    _town(db)
    result = import_equipment(
        db, read_rows("equipment", EXAMPLE / "equipment.csv"), skip_invalid=False
    )
    assert (result.points_changed, result.points_unchanged, result.skipped) == (4, 0, [])
    history = [row for row in _equipment(db) if row[0] == "N-1"]
    assert history == [
        ("N-1", "2009-04-01", "2026-09-08", "HPS", 100.0),
        ("N-1", "2026-09-08", None, "LED", 40.0),
    ]
    assert len(_equipment(db)) == 4 * 2 + 4


def test_a_second_run_changes_nothing(db: Conn, tmp_path: Path) -> None:
    """The same file again, or its rows reversed, leaves every history as it was."""
    _town(db)
    rows = read_rows("equipment", EXAMPLE / "equipment.csv")
    import_equipment(db, rows, skip_invalid=False)
    before = _equipment(db)
    lines = (EXAMPLE / "equipment.csv").read_text(encoding="utf-8").splitlines()
    reversed_file = tmp_path / "equipment.csv"
    reversed_file.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    result = import_equipment(db, read_rows("equipment", reversed_file), skip_invalid=False)
    assert (result.points_changed, result.points_unchanged) == (0, 4)
    assert _equipment(db) == before


def test_a_row_between_two_dates_splits_the_span(db: Conn, tmp_path: Path) -> None:
    """A row dated inside a span ends it there and lasts until the next span starts."""
    _town(db)
    import_equipment(db, read_rows("equipment", EXAMPLE / "equipment.csv"), skip_invalid=False)
    path = tmp_path / "equipment.csv"
    path.write_text(HEADER + "N-2,15/06/2016,MH,70.3,LC-N-2,oui\n", encoding="utf-8")
    result = import_equipment(db, read_rows("equipment", path), skip_invalid=False)
    assert result.points_changed == 1
    assert [row[1:] for row in _equipment(db) if row[0] == "N-2"] == [
        ("2009-04-01", "2016-06-15", "HPS", 100.0),
        ("2016-06-15", "2026-09-15", "MH", pytest.approx(70.3)),
        ("2026-09-15", None, "LED", 40.0),
    ]
    again = import_equipment(db, read_rows("equipment", path), skip_invalid=False)
    assert (again.points_changed, again.points_unchanged) == (0, 1)


def test_a_malformed_file_lists_every_bad_row_and_writes_nothing(db: Conn, tmp_path: Path) -> None:
    """Unknown point, bad cell, repeated date, future date: each named, no history touched."""
    _town(db)
    before = _equipment(db)
    path = tmp_path / "equipment.csv"
    path.write_text(
        HEADER
        + "N-1,2020-01-01,LED,40,LC-N-1,true\n"
        + "X-9,2020-01-01,LED,40,LC-X,true\n"
        + "N-2,2020-01-01,LEDS,40,LC-N-2,true\n"
        + "N-1,2020-01-01,LED,45,LC-N-1,true\n"
        + "N-3,2999-01-01,LED,40,LC-N-3,true\n"
        + "N-4,2020-01-01,LED,40,,true\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as raised:
        import_equipment(db, read_rows("equipment", path), skip_invalid=False)
    reported = {p.where: p.reason for p in raised.value.problems}
    assert set(reported) == {"line 3", "line 4", "line 5", "line 6", "line 7"}
    assert "unknown light point X-9" in reported["line 3"]
    assert "technology" in reported["line 4"]
    assert "repeats line 2" in reported["line 5"]
    assert "future" in reported["line 6"]
    assert "controller_id" in reported["line 7"]
    assert _equipment(db) == before


def test_a_change_outside_the_works_dates_is_a_warning_naming_the_action(
    db: Conn, tmp_path: Path
) -> None:
    """A LED dated before the action's works is applied and said, with the action's code."""
    _town(db)
    import_equipment(db, read_rows("equipment", EXAMPLE / "equipment.csv"), skip_invalid=False)
    policy = import_policy(db, read_policy_folder(EXAMPLE / "policy"), skip_invalid=False)
    assert policy.problems == []
    quiet = import_equipment(
        db, read_rows("equipment", EXAMPLE / "equipment.csv"), skip_invalid=False
    )
    assert quiet.warnings == []
    path = tmp_path / "equipment.csv"
    path.write_text(
        HEADER + "N-4,2026-08-20,LED,40,LC-N-4,true\nS-1,2026-08-20,LED,40,LC-S-1,true\n",
        encoding="utf-8",
    )
    result = import_equipment(db, read_rows("equipment", path), skip_invalid=False)
    assert result.points_changed == 2
    assert [(w.where, w.reason.split(":")[0]) for w in result.warnings] == [
        ("line 2", "valid_from")
    ]
    assert "action ECL-NORD (2026-09-01 to 2026-10-15)" in result.warnings[0].reason
