"""``vigie import lightpoints``: validated GIS inventories that keep equipment history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from factories import make_territory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidInput
from registry.files import read_light_points
from registry.importer import import_light_points

Conn = psycopg.Connection[tuple[object, ...]]
HEADER = (
    "code,district,cabinet,latitude,longitude,technology,nominal_power_w,lantern_installed_on,"
    "lamp_installed_on,rated_life_h,controller_id,remote_controlled,dimmable,valid_from"
)


def _csv(tmp_path: Path, *rows: str, name: str = "points.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def _fingerprint(db: Conn) -> object:
    return db.execute(
        b"SELECT (SELECT count(*) FROM light_points),"
        b" (SELECT md5(string_agg(e::text, ',' ORDER BY e::text)) FROM light_point_equipment e)"
    ).fetchone()


def test_new_points_are_created_with_their_equipment(db: Conn, tmp_path: Path) -> None:
    """Two valid rows create two light points, each with one current equipment row."""
    make_territory(db, points_per_cabinet=0)
    path = _csv(
        tmp_path,
        "NEW-1,testville-D0,testville-C00,47.47,-0.55,HPS,150,1998-05-01,2022-03-01,24000,,false,false,",
        "NEW-2,testville-D1,,47.48,-0.56,LED,45,2021-06-01,2021-06-01,100000,LC-2,true,true,",
    )
    result = import_light_points(db, read_light_points(path), skip_invalid=False)
    assert (result.created, result.unchanged, result.skipped) == (2, 0, [])
    rows = db.execute(
        b"SELECT code, technology, ballast_loss_pct, equipped_on FROM light_points_current"
        b" ORDER BY code"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("NEW-1", "HPS", 15.0), ("NEW-2", "LED", 0.0)]
    assert str(rows[0][3]) == "1998-05-01"


def test_reimport_of_the_same_file_changes_nothing(db: Conn, tmp_path: Path) -> None:
    """Importing a file twice leaves the database as the first import did."""
    make_territory(db, points_per_cabinet=0)
    path = _csv(tmp_path, "NEW-1,testville-D0,,47.47,-0.55,HPS,70.5,1998-05-01,,,,false,false,")
    import_light_points(db, read_light_points(path), skip_invalid=False)
    before = _fingerprint(db)
    result = import_light_points(db, read_light_points(path), skip_invalid=False)
    assert (result.created, result.re_equipped, result.unchanged) == (0, 0, 1)
    assert _fingerprint(db) == before


def test_renovation_closes_the_old_equipment_and_keeps_history(db: Conn, tmp_path: Path) -> None:
    """HPS then LED from a date: both stay queryable, each on its own dates."""
    make_territory(db, points_per_cabinet=0)
    old = "P-9,testville-D0,,47.47,-0.55,HPS,150,1998-05-01,2020-01-01,24000,,false,false,"
    new = (
        "P-9,testville-D0,,47.47,-0.55,LED,50,2024-03-04,2024-03-04,100000,LC-9,true,true,"
        "2024-03-04"
    )
    import_light_points(db, read_light_points(_csv(tmp_path, old)), skip_invalid=False)
    result = import_light_points(db, read_light_points(_csv(tmp_path, new)), skip_invalid=False)
    assert result.re_equipped == 1
    history = db.execute(
        b"SELECT technology, valid_from::text, valid_to::text FROM light_point_equipment"
        b" ORDER BY valid_from"
    ).fetchall()
    assert history == [("HPS", "1998-05-01", "2024-03-04"), ("LED", "2024-03-04", None)]
    as_of = db.execute(
        b"SELECT technology FROM light_point_equipment"
        b" WHERE daterange(valid_from, valid_to) @> date '2023-01-01'"
    ).fetchone()
    assert as_of == ("HPS",)


def test_malformed_file_names_every_bad_row_and_writes_nothing(db: Conn, tmp_path: Path) -> None:
    """Each bad row is reported with its line and reason; the database is unchanged."""
    make_territory(db, points_per_cabinet=2)
    before = _fingerprint(db)
    path = _csv(
        tmp_path,
        "OK-1,testville-D0,,47.47,-0.55,LED,45,2021-06-01,,,LC-1,true,true,",
        "BAD-POWER,testville-D0,,47.47,-0.55,LED,-3,,,,,false,false,",
        "BAD-TECH,testville-D0,,47.47,-0.55,LEDS,45,,,,,false,false,",
        "BAD-LAT,testville-D0,,147.47,-0.55,LED,45,,,,,false,false,",
        "BAD-DATE,testville-D0,,47.47,-0.55,LED,45,2021-13-01,,,,false,false,",
        "BAD-REMOTE,testville-D0,,47.47,-0.55,LED,45,,,,,true,false,",
        "BAD-DISTRICT,nowhere,,47.47,-0.55,LED,45,,,,,false,false,",
        "BAD-CABINET,testville-D0,CAB-X,47.47,-0.55,LED,45,,,,,false,false,",
        "OK-1,testville-D0,,47.47,-0.55,LED,45,,,,LC-1,true,true,",
        "BAD-EXTRA,testville-D0,,47.47,-0.55,LED,45,,,,,false,false,,surplus",
        "bad code!,testville-D0,,47.47,-0.55,LED,45,,,,,false,false,",
        "testville-P00000,testville-D0,,47.47,-0.55,LED,40,,,,LC-0,true,true,",
    )
    with pytest.raises(InvalidInput) as raised:
        import_light_points(db, read_light_points(path), skip_invalid=False)
    reported = {p.where: p.reason for p in raised.value.problems}
    assert set(reported) == {f"line {n}" for n in range(3, 14)}
    assert "nominal_power_w" in reported["line 3"]
    assert "technology" in reported["line 4"]
    assert "latitude" in reported["line 5"]
    assert "lantern_installed_on" in reported["line 6"]
    assert "controller_id" in reported["line 7"]
    assert "unknown district nowhere" in reported["line 8"]
    assert "unknown cabinet CAB-X" in reported["line 9"]
    assert "repeats line 2" in reported["line 10"]
    assert "more fields" in reported["line 11"]
    assert "code" in reported["line 12"]
    assert "valid_from: required" in reported["line 13"]
    assert _fingerprint(db) == before


def test_skip_invalid_imports_the_good_rows(db: Conn, tmp_path: Path) -> None:
    """With --skip-invalid the valid rows are written and the bad ones listed."""
    make_territory(db, points_per_cabinet=0)
    path = _csv(
        tmp_path,
        "OK-1,testville-D0,,47.47,-0.55,LED,45,,,,,false,false,",
        "BAD-1,testville-D0,,47.47,-0.55,LED,0,,,,,false,false,",
    )
    result = import_light_points(db, read_light_points(path), skip_invalid=True)
    assert result.created == 1
    assert [p.where for p in result.skipped] == ["line 3"]


def test_geojson_points_take_their_coordinates_from_the_geometry(db: Conn, tmp_path: Path) -> None:
    """A GeoJSON Point feature gives longitude then latitude; a bad feature is located."""
    make_territory(db, points_per_cabinet=0)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-0.551, 47.471]},
            "properties": {
                "code": "GJ-1",
                "district": "testville-D1",
                "technology": "MH",
                "nominal_power_w": 100,
            },
        },
        {"type": "Feature", "geometry": None, "properties": {"code": "GJ-2"}},
        "not a feature",
    ]
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    parsed = read_light_points(path)
    assert [p.where for p in parsed.problems].count("feature 1") >= 1
    assert "feature 2" in {p.where for p in parsed.problems}
    result = import_light_points(db, parsed, skip_invalid=True)
    assert result.created == 1
    row = db.execute(
        b"SELECT latitude, longitude, ballast_loss_pct FROM light_points_current"
    ).fetchone()
    assert row == (47.471, -0.551, 10.0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("points.txt", b"x", "expected a .csv or .geojson"),
        ("points.csv", b"code,district,colour\n", "unknown column(s) ['colour']"),
        ("points.csv", b"\n", "the first line must be a header"),
        ("points.geojson", b"{", "not valid JSON"),
        ("points.geojson", b"[]", "FeatureCollection"),
    ],
)
def test_unusable_files_are_refused_as_a_whole(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A file that cannot be read as an inventory is refused with what is wrong with it."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(
        InvalidInput,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("[", r"\[")
        .replace("]", r"\]"),
    ):
        read_light_points(path)


def test_a_french_spreadsheet_file_is_read(db: Conn, tmp_path: Path) -> None:
    """Windows-1252, semicolons, a decimal comma, a French date and oui/non are understood."""
    make_territory(db, points_per_cabinet=0)
    path = tmp_path / "points.csv"
    path.write_bytes(
        "code;district;latitude;longitude;street;technology;nominal_power_w;"
        "lantern_installed_on;dimmable\r\n"
        "FR-1;testville-D0;47,471;-0,551;Rue de l'Église;HPS;70,5;01/05/1998;oui\r\n".encode(
            "cp1252"
        )
    )
    parsed = read_light_points(path)
    assert parsed.problems == []
    import_light_points(db, parsed, skip_invalid=False)
    row = db.execute(
        b"SELECT latitude, street, nominal_power_w, lantern_installed_on::text, dimmable"
        b" FROM light_points_current"
    ).fetchone()
    assert row == (47.471, "Rue de l'Église", 70.5, "1998-05-01", True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.text(max_size=12), min_size=14, max_size=15))
def test_any_csv_row_is_either_a_record_or_a_located_problem(
    tmp_path: Path, cells: list[str]
) -> None:
    """Whatever a row holds, parsing never raises: the row is a record or a problem on its line.

    A row whose cells are all blank (a spreadsheet's trailing ``;;;``) is no row.
    """
    cleaned = [
        c.replace(",", " ").replace("\n", " ").replace("\r", " ").replace('"', "") for c in cells
    ]
    path = tmp_path / "fuzz.csv"
    path.write_text(f"{HEADER}\n{','.join(cleaned)}\n", encoding="utf-8")
    parsed = read_light_points(path)
    expected = 1 if any(c.strip() for c in cleaned) else 0
    assert len(parsed.records) + len({p.where for p in parsed.problems}) == expected


def test_cli_reports_bad_rows_and_exits_non_zero(db_url: str, tmp_path: Path) -> None:
    """The command prints one line per bad row to stderr and exits 1 without a traceback."""
    path = _csv(tmp_path, "BAD-1,nowhere,,47.47,-0.55,LED,45,,,,,false,false,")
    env = {**os.environ, "VIGIE_DATABASE_URL": db_url, "VIGIE_LOG_FORMAT": "text"}
    done = subprocess.run(
        [sys.executable, "-m", "vigie", "import", "lightpoints", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert f"{path}: line 2: district: unknown district nowhere" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
