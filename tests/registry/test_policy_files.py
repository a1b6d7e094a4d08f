"""``vigie import policy`` and ``vigie export policy``: the policy as a folder of files."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from factories import make_territory
from hypothesis import given
from hypothesis import strategies as st
from policy_helpers import (
    FOLDER,
    LATE_POINT,
    fingerprint,
    lay_out_streets,
    scope_points,
    write_policy_folder,
)
from servers import PostgresServer

from core.errors import InvalidInput
from registry.policy_export import export_policy
from registry.policy_files import format_parameters, parse_parameters, read_policy_folder
from registry.policy_import import PolicyImport, import_policy

Conn = psycopg.Connection[tuple[object, ...]]
_names = itertools.count()


def _town(conn: Conn) -> None:
    make_territory(conn)
    lay_out_streets(conn)


def _import(conn: Conn, folder: Path, **options: object) -> PolicyImport:
    return import_policy(conn, read_policy_folder(folder), skip_invalid=False, **options)  # type: ignore[arg-type]


@pytest.fixture
def town(db: Conn) -> Conn:
    """Testville laid out on streets, without a policy."""
    _town(db)
    return db


@pytest.fixture
def other_db(postgres: PostgresServer) -> Iterator[Conn]:
    """A second fresh database with the same registry as ``town``'s."""
    name = f"policy_copy_{next(_names)}"
    url = postgres.create_database(name, template="vigie_template")
    with psycopg.connect(url, autocommit=True) as conn:
        _town(conn)
        yield conn
    postgres.drop_database(name)


def test_a_folder_registers_the_whole_policy(town: Conn, tmp_path: Path) -> None:
    """People, roles, policy, mission, actions, budgets, scopes, indicators and targets land."""
    result = _import(town, write_policy_folder(tmp_path / "policy"))
    assert result.problems == []
    assert result.counts["actions.csv"]["created"] == 2
    action = town.execute(
        "SELECT a.status, p.email, a.planned_start, a.actual_start, a.projected_saving_pct,"
        " a.saving_commitment FROM actions a JOIN people p ON p.id = a.pilot_id"
        " WHERE a.code = 'L-D0'"
    ).fetchone()
    assert action == (
        "in_progress",
        "ada@town.example.org",
        date(2024, 1, 1),
        date(2024, 1, 15),
        55.5,
        "guaranteed",
    )
    budgets = town.execute(
        "SELECT a.code, b.year, b.planned_eur, b.spent_eur FROM budget_lines b"
        " LEFT JOIN actions a ON a.id = b.action_id ORDER BY a.code NULLS FIRST"
    ).fetchall()
    assert budgets == [
        (None, 2024, Decimal("50000.00"), Decimal("0.00")),
        ("L-D0", 2024, Decimal("120000.00"), Decimal("25000.50")),
    ]
    d0 = {f"testville-P00{i:03d}" for i in range(5)}
    assert scope_points(town, "L-D0") == d0  # district 0 as it was on 2024-01-01
    assert scope_points(town, "L-D0", "control") == {"testville-P10000", "testville-P10001"}
    lilas = {"testville-P00000", "testville-P00001", "testville-P00002", LATE_POINT}
    assert scope_points(town, "L-LILAS") == lilas
    indicators = town.execute(
        "SELECT code, computation, parameters FROM indicators ORDER BY code"
    ).fetchall()
    assert indicators == [
        ("L-D0-LED", "light_points_renovated", {"since": "2024-01-01"}),
        ("LIGHT-KWH", "energy_consumed_kwh", {}),
        ("LIGHT-SURVEY", None, {}),
    ]
    roles = town.execute(
        "SELECT p.email, r.role FROM person_roles r JOIN people p ON p.id = r.person_id"
        " ORDER BY 1, 2"
    ).fetchall()
    assert roles == [
        ("ada@town.example.org", "pilot"),
        ("lea@town.example.org", "admin"),
        ("lea@town.example.org", "evaluator"),
    ]
    assert town.execute("SELECT count(*) FROM indicator_targets").fetchone() == (2,)


def test_importing_the_same_folder_again_changes_nothing(town: Conn, tmp_path: Path) -> None:
    """A second run finds every row as it is: same tables, no new history, all unchanged."""
    folder = write_policy_folder(tmp_path / "policy")
    _import(town, folder)
    before = fingerprint(town)
    result = _import(town, folder)
    assert fingerprint(town) == before
    assert {outcome for counts in result.counts.values() for outcome, n in counts.items() if n} == {
        "unchanged"
    }


def test_a_changed_folder_updates_what_changed_and_keeps_the_history(
    town: Conn, tmp_path: Path
) -> None:
    """New dates, a new budget, a target and a scope row gone: applied, each change recorded."""
    _import(town, write_policy_folder(tmp_path / "first"))
    last = town.execute("SELECT max(id) FROM policy_changes").fetchone()
    actions = FOLDER["actions.csv"].replace("2024-06-30,2024-01-15", "2024-09-30,2024-01-15")
    budgets = FOLDER["budgets.csv"].replace("120000,100000,25000.50", "120000,110000,60000")
    targets = "indicator,target_on,value\nL-D0-LED,2024-09-30,5\n"
    control = "action,kind,code,street,existed_on,area\n"
    changed = write_policy_folder(
        tmp_path / "second",
        **{
            "actions.csv": actions,
            "budgets.csv": budgets,
            "targets.csv": targets,
            "control_groups.csv": control,
        },
    )
    result = _import(town, changed, author="lea@town.example.org")
    assert result.counts["actions.csv"] == {"updated": 1, "unchanged": 1}
    assert result.counts["targets.csv"] == {"created": 1, "deleted": 2}
    assert result.counts["control_groups.csv"]["deleted"] == 1
    assert scope_points(town, "L-D0", "control") == set()
    history = town.execute(
        "SELECT c.subject, c.operation, c.before, c.after, c.source, p.email"
        " FROM policy_changes c LEFT JOIN people p ON p.id = c.person_id"
        " WHERE c.id > %s ORDER BY c.id",
        last,
    ).fetchall()
    assert ("actions", "update", {"planned_end": "2024-06-30"}, {"planned_end": "2024-09-30"}) in [
        h[:4] for h in history
    ]
    budget = next(h for h in history if h[0] == "budget_lines")
    assert (budget[2], budget[3]) == (
        {"spent_eur": 25000.50, "committed_eur": 100000.00},
        {"spent_eur": 60000.00, "committed_eur": 110000.00},
    )
    assert {(h[4], h[5]) for h in history} == {("vigie import policy", "lea@town.example.org")}
    assert sorted(str(h[1]) for h in history if h[0] == "indicator_targets") == [
        "delete",
        "delete",
        "insert",
    ]


BAD_ROWS = {
    "people.csv": (
        (
            "email,name,department\nada@town.example.org,Ada Pilot,\nnot-an-email,Bob,\n"
            "zoe@town.example.org,,Parks\n"
        ),
        {"line 3": "email", "line 4": "name"},
    ),
    "roles.csv": (
        "person,role\nada@town.example.org,king\nnobody@town.example.org,pilot\n",
        {"line 2": "role", "line 3": "person"},
    ),
    "missions.csv": (
        (
            "policy,code,title,domain,lead\nSMART,LIGHT,Street lighting,lighting,\n"
            "SMART,PARK,Parking,parking,\nSMART,WASTE,Waste,waste,nobody@town.example.org\n"
            "ELSEWHERE,GREEN,Green spaces,green_spaces,\n"
        ),
        {"line 3": "domain", "line 4": "lead", "line 5": "policy"},
    ),
    "actions.csv": (
        (
            "code,mission,title,pilot,planned_start,planned_end,saving_commitment\n"
            "L-D0,LIGHT,Renovate,ada@town.example.org,2024-01-01,2024-06-30,\n"
            "L-LILAS,LIGHT,Lilas,ada@town.example.org,2024-06-01,2024-01-01,\n"
            "L-X,LIGHT,X,nobody@town.example.org,,,\nL-Y,NOWHERE,Y,,,,\nL-Z,LIGHT,Z,,,,guaranteed\n"
        ),
        {"line 3": "planned_end", "line 4": "pilot", "line 5": "mission", "line 6": "saving_"},
    ),
    "budgets.csv": (
        (
            "mission,action,year,planned_eur,committed_eur,spent_eur\nLIGHT,,2024,1,0,0\n"
            "LIGHT,L-D0,2024,10,0,-5\nLIGHT,L-NOPE,2024,10,0,0\nLIGHT,,1990,10,0,0\n"
        ),
        {"line 3": "spent_eur", "line 4": "action", "line 5": "year"},
    ),
    "scopes.csv": (
        (
            "action,kind,code,street,existed_on,area\nL-D0,district,testville-D0,,,\n"
            "L-D0,district,nowhere,,,\nL-LILAS,street,testville-D0,Rue de Nulle Part,,\n"
            "L-LILAS,planet,testville-D0,,,\nL-LILAS,cabinet,testville-C00,Rue des Lilas,,\n"
        ),
        {"line 3": "code", "line 4": "street", "line 5": "kind", "line 6": "street"},
    ),
    "control_groups.csv": (
        (
            "action,kind,code,street,existed_on,area\nL-D0,district,testville-D1,,,\n"
            "L-LILAS,street,testville-D0,avenue foch,,\nL-D0,light_point,testville-P00003,,,\n"
            "L-D0,area,,,,nowhere\n"
        ),
        {"line 4": "code", "line 5": "area"},
    ),
    "indicators.csv": (
        (
            "code,title,kind,unit,direction,action,mission,computation,parameters\n"
            "I-1,Fine,activity,points,increase,L-D0,,light_points_renovated,\n"
            "I-2,Bad computation,activity,points,increase,L-D0,,magic,\n"
            "I-3,Bad parameter,activity,points,increase,L-D0,,light_points_renovated,colour=red\n"
            "I-4,Two owners,activity,points,increase,L-D0,LIGHT,,\n"
            "I-5,Manual with parameters,activity,points,increase,L-D0,,,since=2024-01-01\n"
            "I-6,Unknown action,activity,points,increase,L-NOPE,,,\n"
        ),
        {
            "line 3": "computation",
            "line 4": "parameters",
            "line 5": "action",
            "line 6": "param",
            "line 7": "action",
        },
    ),
    "targets.csv": (
        (
            "indicator,target_on,value\nL-D0-LED,2024-06-30,5\nNOPE,2024-06-30,5\n"
            "L-D0-LED,2024-13-01,5\nL-D0-LED,2025-01-01,many\n"
        ),
        {"line 3": "indicator", "line 4": "target_on", "line 5": "value"},
    ),
    "areas.geojson": (
        (
            '{"type": "FeatureCollection", "features": ['
            '{"type": "Feature", "properties": {"name": "west-d1"}, "geometry": {"type": "Polygon",'
            ' "coordinates": [[[-0.5505, 47.479], [-0.5485, 47.479], [-0.5485, 47.481],'
            " [-0.5505, 47.479]]]}},"
            '{"type": "Feature", "properties": {"name": "open"}, "geometry": {"type": "Polygon",'
            ' "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}},'
            '{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",'
            ' "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},'
            '{"type": "Feature", "properties": {"name": "far"}, "geometry": {"type": "Polygon",'
            ' "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}}]}'
        ),
        {"feature 1": "geometry", "feature 2": "properties.name", "feature 3": "longitude"},
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_ROWS))
def test_a_malformed_file_changes_nothing_and_lists_every_bad_row(
    town: Conn, tmp_path: Path, name: str
) -> None:
    """Each bad row is listed with its file, line and field; the database stays as it was."""
    _import(town, write_policy_folder(tmp_path / "good"))
    before = fingerprint(town)
    text, bad = BAD_ROWS[name]
    folder = write_policy_folder(tmp_path / "bad", **{name: text})
    with pytest.raises(InvalidInput) as refused:
        _import(town, folder)
    assert fingerprint(town) == before
    listed = [p.where for p in refused.value.problems]
    reasons = {p.where: str(p) for p in refused.value.problems}
    for where, field in bad.items():
        assert f"{name}: {where}" in listed, (where, [str(p) for p in refused.value.problems])
        assert field in reasons[f"{name}: {where}"]
    # An overlap is a pair of rows: the treated row of scopes.csv is named too.
    others = [str(p) for p in refused.value.problems if not p.where.startswith(f"{name}: ")]
    assert all("overlaps the action's control group" in o for o in others), others


def test_skip_invalid_applies_the_good_rows_and_lists_the_others(
    town: Conn, tmp_path: Path
) -> None:
    """With --skip-invalid, the bad action is left out and listed; the rest is registered."""
    actions = FOLDER["actions.csv"] + "L-BAD,LIGHT,Bad,planned,,nobody@town.example.org,,,,,\n"
    folder = write_policy_folder(tmp_path / "policy", **{"actions.csv": actions})
    result = import_policy(town, read_policy_folder(folder), skip_invalid=True)
    assert [str(p) for p in result.problems] == [
        "actions.csv: line 4: pilot: no person with e-mail nobody@town.example.org"
    ]
    codes = town.execute("SELECT code FROM actions ORDER BY code").fetchall()
    assert codes == [("L-D0",), ("L-LILAS",)]


def test_french_spreadsheet_files_are_read(town: Conn, tmp_path: Path) -> None:
    """Windows-1252, semicolons, decimal commas and day-first dates read as they are meant."""
    folder = write_policy_folder(tmp_path / "policy")
    (folder / "budgets.csv").write_bytes(
        "mission;action;year;planned_eur;committed_eur;spent_eur\n"
        "LIGHT;;2024;50000;0;0\nLIGHT;L-D0;2024;120 000,00;100000;25000,5\n".encode("cp1252")
    )
    (folder / "actions.csv").write_bytes(
        "code;mission;title;pilot;planned_start;planned_end;projected_saving_pct\n"
        "L-D0;LIGHT;Rénovation de l'éclairage;ada@town.example.org;01/02/2024;30/06/2024;55,5\n"
        "L-LILAS;LIGHT;Rue des Lilas;;;;\n".encode("cp1252")
    )
    _import(town, folder)
    row = town.execute(
        "SELECT a.title, a.planned_start, a.projected_saving_pct, b.planned_eur, b.spent_eur"
        " FROM actions a JOIN budget_lines b ON b.action_id = a.id WHERE a.code = 'L-D0'"
    ).fetchone()
    assert row == (
        "Rénovation de l'éclairage",
        date(2024, 2, 1),
        55.5,
        Decimal("120000.00"),
        Decimal("25000.50"),
    )


def test_export_then_import_into_an_empty_policy_gives_the_same_files(
    town: Conn, other_db: Conn, tmp_path: Path
) -> None:
    """Export, import into a database with the same registry and no policy, export: identical."""
    _import(town, write_policy_folder(tmp_path / "source"))
    first = tmp_path / "first"
    export_policy(town, "testville", first)
    _import(other_db, first)
    second = tmp_path / "second"
    export_policy(other_db, "testville", second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 11
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert "L-LILAS,street,testville-D0,Rue des Lilas,," in (first / "scopes.csv").read_text()


def test_cli_lists_problems_with_file_and_line_and_exits_1(db_url: str, tmp_path: Path) -> None:
    """The command prints each problem as folder/file: line: field: reason; no traceback."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        _town(conn)
    actions = FOLDER["actions.csv"].replace("2024-01-01,2024-06-30", "2024-07-01,2024-06-30")
    folder = write_policy_folder(tmp_path / "policy", **{"actions.csv": actions})
    env = {**os.environ, "VIGIE_DATABASE_URL": db_url, "VIGIE_LOG_FORMAT": "text"}
    done = subprocess.run(
        [sys.executable, "-m", "vigie", "import", "policy", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert f"{folder}/actions.csv: line 2: planned_end: 2024-06-30 is before" in (done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    exported = subprocess.run(
        [
            sys.executable,
            "-m",
            "vigie",
            "export",
            "policy",
            str(tmp_path / "out"),
            "--territory",
            "testville",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert exported.returncode == 0
    assert (tmp_path / "out" / "policy.csv").read_text() == "territory,code,title,ambition\n"


NAMES = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)
VALUES = st.from_regex(r"[A-Za-z0-9._:-]{1,12}", fullmatch=True)


@given(st.dictionaries(NAMES, VALUES, max_size=5))
def test_parameters_in_a_cell_read_back_as_written(parameters: dict[str, str]) -> None:
    """``name=value`` pairs written by an export are read back as the same parameters."""
    assert parse_parameters(format_parameters(parameters)) == parameters


@pytest.mark.parametrize("cell", ["since", "=2024", "a=b=c", "since 2024-01-01"])
def test_a_cell_that_is_not_name_value_pairs_is_refused(cell: str) -> None:
    """A cell of parameters that is not pairs says what it expected."""
    with pytest.raises(ValueError, match="name=value pairs"):
        parse_parameters(cell)


def test_a_row_the_database_refuses_is_named_and_the_others_kept(
    town: Conn, tmp_path: Path
) -> None:
    """A rule of the database's own (here one a test adds) refuses its row by line, only it."""
    town.execute("ALTER TABLE actions ADD CONSTRAINT not_lilas CHECK (code <> 'L-LILAS')")
    folder = write_policy_folder(tmp_path / "policy")
    with pytest.raises(InvalidInput) as refused:
        _import(town, folder)
    assert [str(p) for p in refused.value.problems if "database" in str(p)] == [
        (
            'actions.csv: line 3: database: refused it: new row for relation "actions" violates'
            ' check constraint "not_lilas"'
        )
    ]
    result = import_policy(town, read_policy_folder(folder), skip_invalid=True)
    assert result.counts["actions.csv"] == {"created": 1}
    assert town.execute("SELECT code FROM actions").fetchall() == [("L-D0",)]
