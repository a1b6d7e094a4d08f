"""`vigie storage maintain` and `vigie storage show` on the test's database."""

from __future__ import annotations

import pytest
from servers import PostgresServer
from typer.testing import CliRunner

from vigie.cli import app as cli


def test_maintain_then_show_the_partitions(
    db_url: str, postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Maintain says what it made per table; show lists the policies, then each partition."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    runner = CliRunner()
    maintained = runner.invoke(cli, ["storage", "maintain"])
    shown = runner.invoke(cli, ["storage", "show"])
    assert maintained.exit_code == 0, maintained.output
    assert shown.exit_code == 0, shown.output
    if postgres.timescaledb:
        assert "TimescaleDB hypertables" in maintained.output
        assert "lamp_readings_stored: hypertable, kept 1096 days" in shown.output
        return
    assert maintained.output.splitlines() == [
        "lamp_readings_stored: 3 partition(s) created, 0 dropped",
        "cabinet_readings: 3 partition(s) created, 0 dropped",
        "meter_readings: 2 partition(s) created, 0 dropped",
    ]
    lines = shown.output.splitlines()
    assert "lamp_readings_stored: one partition per week, kept 1096 days" in lines
    assert "meter_readings: one partition per year, kept for good" in lines
    assert sum(" lamp_readings_stored_p" in line for line in lines) == 3
