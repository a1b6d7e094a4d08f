"""The aggregation's sub-commands, run the way ``vigie`` runs them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg
import pytest
import typer
from factories import make_territory
from typer.testing import CliRunner

from aggregation.commands import register
from core.errors import NotFound

Conn = psycopg.Connection[tuple[object, ...]]


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """A command line with only the aggregation's sub-commands, on the test database."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    made = typer.Typer()
    register(made)
    return made


def _policy(db: Conn) -> None:
    territory = make_territory(db, districts=1, points_per_cabinet=2, technology="HPS")
    row = db.execute(
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P') RETURNING id",
        (territory.territory_id,),
    ).fetchone()
    assert row is not None
    mission = db.execute(
        "INSERT INTO missions (policy_id, code, title, domain) VALUES (%s, '03', 'L', 'lighting')"
        " RETURNING id",
        (row[0],),
    ).fetchone()
    assert mission is not None
    action = db.execute(
        "INSERT INTO actions (mission_id, code, title, planned_start, planned_end)"
        " VALUES (%s, 'A1', 'Renovation', %s, %s) RETURNING id",
        (mission[0], date(2025, 1, 1), date(2025, 6, 30)),
    ).fetchone()
    assert action is not None
    db.execute(
        "INSERT INTO action_scopes (action_id, district_id) VALUES (%s, %s)",
        (action[0], territory.district_ids[0]),
    )


def test_define_compute_and_report_from_the_command_line(app: typer.Typer, db: Conn) -> None:
    """Indicators are defined and computed; the météo lists every action and says why."""
    _policy(db)
    runner = CliRunner()
    defined = runner.invoke(app, ["indicators", "define", "--policy", "P"])
    assert defined.exit_code == 0, defined.output
    assert "indicators defined for P" in defined.output
    computed = runner.invoke(
        app, ["indicators", "compute", "--period", "year", "--from", "2025-01-01", "--to",
              "2026-01-01"],
    )  # fmt: skip
    assert computed.exit_code == 0, computed.output
    assert "values" in computed.output
    assert runner.invoke(app, ["aggregate", "--rebuild"]).exit_code == 0
    assert runner.invoke(app, ["effects", "--as-of", "2026-01-01"]).exit_code == 0
    meteo = runner.invoke(app, ["meteo", "--on", "2025-09-01"])
    assert meteo.exit_code == 0, meteo.output
    assert "A1" in meteo.output
    # The action is late, but its saving has no value yet: that is what it says.
    assert "no_data" in meteo.output
    assert "Energy saved against the counterfactual has no value yet" in meteo.output


def test_defining_an_unknown_policy_is_an_error(app: typer.Typer, db: Conn) -> None:
    """Asking for the indicators of a policy that does not exist fails with NotFound."""
    result = CliRunner().invoke(app, ["indicators", "define", "--policy", "NOPE"])
    assert isinstance(result.exception, NotFound)


def test_temperatures_are_imported_for_a_territory(
    app: typer.Typer, db: Conn, tmp_path: Path
) -> None:
    """A CSV of daily temperatures lands in weather_observations for the named territory."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    path = tmp_path / "angers.csv"
    path.write_text("day,tmin_c,tmax_c\n2025-01-01,-1,7\n2025-01-02,2,9\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["temperatures", "import", str(path), "--territory", made.code, "--source", "test"]
    )
    assert result.exit_code == 0, result.output
    rows = db.execute("SELECT day, tmin_c, tmax_c, source FROM weather_observations").fetchall()
    assert rows == [(date(2025, 1, 1), -1.0, 7.0, "test"), (date(2025, 1, 2), 2.0, 9.0, "test")]
