"""T-02: the OPERAT declaration of last year's consumption, due by 30 September."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rulekit import Conn, live_alerts, make_place, run
from typer.testing import CliRunner

from vigie.cli import app as cli


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=UTC)


def test_undeclared_building_is_due_then_overdue_until_declared(
    db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One campaign alert to the buildings lead: medium in September, high after it; then none."""
    place = make_place(db)
    db.execute(
        b"UPDATE buildings SET tertiary_decree = true, reference_year = 2019,"
        b" reference_consumption_kwh = 200000"
    )
    run(db, place, "operat_deadline", _at(8, 15))
    august = live_alerts(db, "operat_deadline")
    run(db, place, "operat_deadline", _at(9, 5))
    due = live_alerts(db, "operat_deadline")
    run(db, place, "operat_deadline", _at(10, 2))
    overdue = live_alerts(db, "operat_deadline")
    summary = db.execute(b"SELECT summary FROM alerts").fetchone()
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    declared = CliRunner().invoke(
        cli, ["decree", "declared", "testville-B0", "--year", "2025", "--on", "2026-10-02"]
    )
    unknown = CliRunner().invoke(cli, ["decree", "declared", "nope", "--year", "2025"])
    run(db, place, "operat_deadline", _at(10, 3))
    lead = place.policy.people["buildings_lead"]
    assert august == []
    assert due == [(place.territory.id, "medium", "open", lead, "mission_lead")]
    assert [a[:3] for a in overdue] == [(place.territory.id, "high", "open")]
    assert summary is not None
    assert (
        "1 building(s) without their OPERAT declaration of 2025: overdue, deadline 2026-09-30"
        in str(summary[0])
    )
    assert declared.exit_code == 0, declared.output
    assert unknown.exit_code != 0
    assert "no building nope" in str(unknown.exception)
    assert live_alerts(db, "operat_deadline") == []
