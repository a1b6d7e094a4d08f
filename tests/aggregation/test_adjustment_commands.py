"""``vigie adjustments`` and ``vigie effects`` run the way ``vigie`` runs them."""

from __future__ import annotations

import re

import psycopg
import pytest
import typer
from effects_helpers import add_school_action, one
from factories import SmallTerritory, make_territory
from typer.testing import CliRunner

from aggregation import commands
from aggregation.commands import register
from core.adjustments import KINDS
from core.errors import Conflict, InvalidInput, NotFound

Conn = psycopg.Connection[tuple[object, ...]]
ADD = [
    "adjustments", "add", "B1", "--kind", "occupancy", "--starts-on", "2025-03-01",
    "--kwh-per-year", "-1200", "--reason", "A wing closed for a year", "--by", "ada@town.org",
]  # fmt: skip


@pytest.fixture
def app(db_url: str, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """A command line with only the aggregation's sub-commands, on the test database."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    made = typer.Typer()
    register(made)
    return made


@pytest.fixture
def town(db: Conn) -> SmallTerritory:
    """A town with a school action B1 piloted by Ada, a lighting action L1, and another town."""
    made = make_territory(db, districts=1, points_per_cabinet=2)
    ada = one(
        db, "INSERT INTO people (name, email) VALUES ('Ada', 'ada@town.org') RETURNING id", ()
    )
    policy = one(
        db,
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P') RETURNING id",
        (made.territory_id,),
    )
    mission = one(
        db,
        "INSERT INTO missions (policy_id, code, title) VALUES (%s, '04', 'B') RETURNING id",
        (policy,),
    )
    add_school_action(db, made, mission, "B1", pilot_id=ada)
    lighting = one(
        db,
        "INSERT INTO actions (mission_id, code, title, actual_start, actual_end)"
        " VALUES (%s, 'L1', 'LED', '2025-02-01', '2025-02-10') RETURNING id",
        (mission,),
    )
    db.execute(
        "INSERT INTO action_scopes (action_id, district_id) VALUES (%s, %s)",
        (lighting, made.district_ids[0]),
    )
    make_territory(db, code="otherville", districts=1, points_per_cabinet=1)
    return made


def _with(args: list[str], option: str, value: str) -> list[str]:
    found = list(args)
    found[found.index(option) + 1] = value
    return found


def test_an_adjustment_is_recorded_listed_and_withdrawn(
    app: typer.Typer, db: Conn, town: SmallTerritory
) -> None:
    """Adding stores it with who and the asset; list shows it; withdraw marks it and keeps it."""
    runner = CliRunner()
    added = runner.invoke(app, [*ADD, "--asset", f"cabinet:{town.cabinet_codes[0]}",
                                "--ends-on", "2025-09-01"])  # fmt: skip
    assert added.exit_code == 0, added.output
    ident = int(re.findall(r"adjustment (\d+) recorded for B1", added.output)[0])
    assert "vigie effects --territory testville" in added.output
    row = db.execute(
        "SELECT kind, kwh_per_year, cabinet_id IS NOT NULL, p.email FROM effect_adjustments e"
        " JOIN people p ON p.id = e.recorded_by WHERE e.id = %s",
        (ident,),
    ).fetchone()
    assert row == ("occupancy", -1200.0, True, "ada@town.org")
    listed = runner.invoke(app, ["adjustments", "list", "B1"])
    assert listed.exit_code == 0, listed.output
    assert f"{ident} occupancy 2025-03-01..2025-09-01 cabinet:testville-C00 -1,200 kWh/year" in (
        listed.output
    )
    assert "by Ada: A wing closed for a year" in listed.output
    withdrawn = runner.invoke(
        app, ["adjustments", "withdraw", "B1", str(ident), "--by", "ada@town.org",
              "--reason", "the wing reopened"],
    )  # fmt: skip
    assert withdrawn.exit_code == 0, withdrawn.output
    assert "[withdrawn" in runner.invoke(app, ["adjustments", "list", "B1"]).output
    assert "by Ada: the wing reopened]" in runner.invoke(app, ["adjustments", "list", "B1"]).output
    again = runner.invoke(
        app, ["adjustments", "withdraw", "B1", str(ident), "--by", "ada@town.org"]
    )
    assert isinstance(again.exception, Conflict)
    elsewhere = runner.invoke(
        app, ["adjustments", "withdraw", "L1", str(ident), "--by", "ada@town.org"]
    )
    assert isinstance(elsewhere.exception, NotFound)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--kind", "weather"),
        ("--starts-on", "2025-02-30"),
        ("--kwh-per-year", "nan"),
        ("--kwh-per-year", "-inf"),
        ("--kwh-per-year", "1e15"),
        ("--kwh-per-year", "twelve"),
        ("--reason", "   "),
    ],
)
def test_bad_options_are_refused_by_name(
    app: typer.Typer, db: Conn, town: SmallTerritory, option: str, value: str
) -> None:
    """Each bad option is named in the error; nothing is stored."""
    result = CliRunner().invoke(app, _with(ADD, option, value))
    assert isinstance(result.exception, InvalidInput)
    assert option in [p.where for p in result.exception.problems]
    assert db.execute("SELECT count(*) FROM effect_adjustments").fetchone() == (0,)


@pytest.mark.parametrize(
    ("more", "named"),
    [
        (["--ends-on", "2025-01-01"], "--ends-on"),
        (["--asset", "cabinet"], "--asset"),
        (["--asset", "meter:X"], "--asset"),
        (["--asset", "cabinet:otherville-C00"], "--asset"),
    ],
)
def test_bad_dates_and_assets_are_refused_by_name(
    app: typer.Typer, db: Conn, town: SmallTerritory, more: list[str], named: str
) -> None:
    """An end before the start, or an asset that is not the territory's, is named; none stored."""
    result = CliRunner().invoke(app, [*ADD, *more])
    assert isinstance(result.exception, InvalidInput)
    assert named in [p.where for p in result.exception.problems]
    assert db.execute("SELECT count(*) FROM effect_adjustments").fetchone() == (0,)


def test_unknown_action_or_person_is_not_found(
    app: typer.Typer, db: Conn, town: SmallTerritory
) -> None:
    """An action or a person that does not exist is named in the error."""
    runner = CliRunner()
    nope = runner.invoke(app, [*ADD[:2], "NOPE", *ADD[3:]])
    assert isinstance(nope.exception, NotFound)
    assert "no action NOPE" in str(nope.exception)
    nobody = runner.invoke(app, _with(ADD, "--by", "eve@town.org"))
    assert isinstance(nobody.exception, NotFound)
    assert isinstance(runner.invoke(app, ["adjustments", "list", "NOPE"]).exception, NotFound)


def test_effects_print_each_figure_with_its_interval_method_and_flags(
    app: typer.Typer, town: SmallTerritory
) -> None:
    """One whole line per figure: headline starred, interval, normal year, boundary, adjustments."""
    runner = CliRunner()
    assert runner.invoke(app, ADD).exit_code == 0
    result = runner.invoke(app, ["effects", "--as-of", "2026-01-01"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "testville: 4 effects as of 2026-01-01; * marks each action's headline" in lines
    (school,) = [line for line in lines if " B1 " in line]
    assert re.fullmatch(
        r"  \* B1 building_degree_days \(option C, building_meters\): "
        r"2\d\.\d % \[2\d\.\d; 2\d\.\d\]; [\d,]+ kWh \[[\d,]+; [\d,]+\]; "
        r"normal year [\d,]+ kWh \[[\d,]+; [\d,]+\]; coverage 100 %; "
        r"2025-01-06\.\.2026-01-01; adjustments -1,006 kWh \(occupancy\); reliable",
        school,
    ), school
    lighting = [line for line in lines if " L1 " in line]
    assert lighting
    assert all(": no figure: " in line for line in lighting)


def test_the_help_names_every_kind() -> None:
    """The kinds the help of `vigie adjustments add` lists are those an adjustment may have."""
    assert ", ".join(KINDS[:-1]) + f" or {KINDS[-1]}" == commands.KINDS
