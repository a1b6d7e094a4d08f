"""``vigie import territories|districts|cabinets|buildings|meters``: a territory from its files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from territory_helpers import EXAMPLE, FILES, fingerprint, import_example

from core.errors import InvalidInput
from registry.territory_files import read_rows
from registry.territory_import import import_territory_file

Conn = psycopg.Connection[tuple[object, ...]]


def test_the_example_town_is_registered_from_its_files(db: Conn) -> None:
    """Every file of the example creates its rows, French spreadsheet cells read as meant."""
    counts = import_example(db)
    assert counts == {
        "territories": {"created": 1},
        "districts": {"created": 2},
        "cabinets": {"created": 2},
        "buildings": {"created": 2},
        "meters": {"created": 5},
    }
    building = db.execute(
        b"SELECT name, floor_area_m2, latitude, tertiary_decree, reference_consumption_kwh,"
        b" reference_dju FROM buildings WHERE code = 'LAV-B1'"
    ).fetchone()
    assert building == ("École des Prés", 3990.0, 45.9042, True, 612000.0, 2410.5)
    cabinet = db.execute(
        b"SELECT c.remote_controlled, c.latitude, c.meter_code, c.meter_register_max_kwh, d.code"
        b" FROM control_cabinets c JOIN districts d ON d.id = c.district_id"
        b" WHERE c.code = 'LAV-C-NORD'"
    ).fetchone()
    assert cabinet == (True, 45.905, "PDL-30001", 999999.0, "LAV-NORD")
    outline = db.execute(b"SELECT outline->>'type' FROM districts WHERE code = 'LAV-SUD'")
    assert outline.fetchone() == ("Polygon",)
    commune = db.execute(b"SELECT insee_code, name FROM communes").fetchall()
    assert commune == [("01999", "Lavalette")]
    meter = db.execute(b"SELECT reporting_period_s FROM meters WHERE code = 'LAV-G1'").fetchone()
    assert meter == (3600,)


def test_a_second_run_changes_nothing_and_a_changed_row_updates(db: Conn, tmp_path: Path) -> None:
    """The same files again leave every table as it was; one changed cell updates one row."""
    import_example(db)
    before = fingerprint(db)
    again = import_example(db)
    assert all(
        counts == {"unchanged": n}
        for counts, n in zip(again.values(), (1, 2, 2, 2, 5), strict=True)
    )
    assert fingerprint(db) == before
    changed = tmp_path / "cabinets.csv"
    changed.write_text(
        "code,district,latitude,longitude\nLAV-C-SUD,LAV-NORD,45.899,4.75\n", encoding="utf-8"
    )
    result = import_territory_file(db, read_rows("cabinets", changed), skip_invalid=False)
    assert dict(result.counts) == {"updated": 1}
    row = db.execute(
        b"SELECT d.code, c.latitude, c.remote_controlled FROM control_cabinets c"
        b" JOIN districts d ON d.id = c.district_id WHERE c.code = 'LAV-C-SUD'"
    ).fetchone()
    assert row == ("LAV-NORD", 45.899, False)


BAD = {
    "territories": (
        (
            "code,name,timezone,latitude,longitude\n"
            "ok,Ok,Europe/Paris,45,4\n"
            "Bad Code,Bad,Europe/Paris,45,4\n"
            "tz,Tz,Europe/Lavalette,45,4\n"
            "lat,Lat,Europe/Paris,95,4\n"
            "ok,Again,Europe/Paris,45,4\n"
        ),
        {
            "line 3": "code",
            "line 4": "unknown time zone",
            "line 5": "latitude",
            "line 6": "repeats",
        },
    ),
    "districts": (
        (
            "code,name,territory,insee_code,commune,lit_street_km\n"
            "D-OK,Ok,lavalette,01999,Lavalette,1\n"
            "D-T,T,nowhere,01999,Lavalette,1\n"
            "D-I,I,lavalette,1999,Lavalette,1\n"
            "D-K,K,lavalette,01999,Lavalette,-1\n"
        ),
        {"line 3": "unknown territory nowhere", "line 4": "insee_code", "line 5": "lit_street_km"},
    ),
    "cabinets": (
        (
            "code;district;latitude;longitude;remote_controlled\n"
            "C-OK;LAV-NORD;45,9;4,75;oui\n"
            "C-D;NOWHERE;45,9;4,75;non\n"
            "C-B;LAV-NORD;45,9;4,75;peut-être\n"
            "C-X;LAV-NORD;45,9;4,75;non;surplus\n"
        ),
        {"line 3": "unknown district NOWHERE", "line 4": "remote_controlled", "line 5": "more"},
    ),
    "buildings": (
        (
            "code,name,category,insee_code,district,floor_area_m2,tertiary_decree,reference_year\n"
            "B-OK,Ok,school,01999,LAV-NORD,100,false,\n"
            "B-C,Cat,castle,01999,LAV-NORD,100,false,\n"
            "B-I,Insee,school,02000,LAV-NORD,100,false,\n"
            "B-T,Decree,school,01999,LAV-NORD,100,true,2019\n"
            "B-Y,Year,school,01999,LAV-NORD,100,false,2009\n"
        ),
        {
            "line 3": "category",
            "line 4": "no commune 02000",
            "line 5": "reference_consumption_kwh",
            "line 6": "reference_year",
        },
    ),
    "meters": (
        (
            "code,building,cabinet,quantity,unit,reading_kind,register_max\n"
            "M-OK,LAV-B1,,electricity,kWh,cumulative,1000\n"
            "M-B,NOWHERE,,electricity,kWh,cumulative,\n"
            "M-2,LAV-B1,LAV-C-SUD,electricity,kWh,cumulative,\n"
            "M-U,LAV-B1,,indoor_temperature,kWh,instant,\n"
            "M-C,,LAV-C-SUD,gas,m3,cumulative,\n"
            "LAV-E1,,LAV-C-SUD,electricity,kWh,cumulative,\n"
        ),
        {
            "line 3": "unknown building NOWHERE",
            "line 4": "exactly one",
            "line 5": "degC",
            "line 6": "electricity, kWh, cumulative",
            "line 7": "is a building's meter",
        },
    ),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_malformed_file_lists_every_bad_row_and_writes_nothing(
    db: Conn, tmp_path: Path, kind: str
) -> None:
    """Each bad row is named with its line and reason; no table changes, not even the good row."""
    import_example(db)
    before = fingerprint(db)
    text, expected = BAD[kind]
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        import_territory_file(db, read_rows(kind, path), skip_invalid=False)
    reported = {p.where: p.reason for p in raised.value.problems}
    assert set(reported) == set(expected)
    for where, words in expected.items():
        assert words in reported[where], (where, reported[where])
    assert fingerprint(db) == before


def test_skip_invalid_writes_the_good_rows_and_lists_the_others(db: Conn, tmp_path: Path) -> None:
    """With --skip-invalid the valid rows are written and every refused row is returned."""
    import_example(db)
    text, expected = BAD["meters"]
    path = tmp_path / "meters.csv"
    path.write_text(text, encoding="utf-8")
    result = import_territory_file(db, read_rows("meters", path), skip_invalid=True)
    assert dict(result.counts) == {"created": 1}
    assert [p.where for p in result.skipped] == sorted(expected)
    assert db.execute(b"SELECT count(*) FROM meters WHERE code = 'M-OK'").fetchone() == (1,)


def test_a_district_outline_must_be_a_polygon(db: Conn, tmp_path: Path) -> None:
    """A GeoJSON district whose geometry is not a closed polygon is refused at its feature."""
    import_example(db)
    properties = {"territory": "lavalette", "insee_code": "01999", "commune": "Lavalette"}
    features = [
        {
            "type": "Feature",
            "properties": {**properties, "code": "D-OPEN", "name": "Open"},
            "geometry": {"type": "Polygon", "coordinates": [[[4, 45], [5, 45], [5, 46], [4, 46]]]},
        },
        {
            "type": "Feature",
            "properties": {**properties, "code": "D-NONE", "name": "No outline"},
            "geometry": None,
        },
    ]
    path = tmp_path / "districts.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    rows = read_rows("districts", path)
    assert [p.where for p in rows.problems] == ["feature 0"]
    assert "ring ends where it starts" in rows.problems[0].reason
    result = import_territory_file(db, rows, skip_invalid=True)
    assert dict(result.counts) == {"created": 1}


def test_the_command_lists_bad_rows_and_exits_non_zero(db_url: str, tmp_path: Path) -> None:
    """``vigie import districts`` prints each bad row to stderr and exits 1, no traceback."""
    path = tmp_path / "districts.csv"
    path.write_text(
        "code,name,territory,insee_code,commune\nD-1,Un,nowhere,01999,X\n", encoding="utf-8"
    )
    env = {**os.environ, "VIGIE_DATABASE_URL": db_url, "VIGIE_LOG_FORMAT": "text"}
    done = subprocess.run(
        [sys.executable, "-m", "vigie", "import", "districts", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert f"{path}: line 2: territory: unknown territory nowhere" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_the_commands_import_equipment_and_export_the_registry(db_url: str, tmp_path: Path) -> None:
    """The example through the commands: a warning is printed, the export writes every file."""
    env = {**os.environ, "VIGIE_DATABASE_URL": db_url, "VIGIE_LOG_FORMAT": "text"}

    def vigie(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vigie", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    for kind, name in FILES:
        assert vigie("import", kind, str(EXAMPLE / name)).returncode == 0
    assert vigie("import", "lightpoints", str(EXAMPLE / "lightpoints.csv")).returncode == 0
    assert vigie("import", "equipment", str(EXAMPLE / "equipment.csv")).returncode == 0
    assert vigie("import", "policy", str(EXAMPLE / "policy")).returncode == 0
    early = tmp_path / "works.csv"
    early.write_text(
        "code,valid_from,technology,nominal_power_w,controller_id,remote_controlled\n"
        "N-4,2026-08-20,LED,40,LC-N-4,true\n",
        encoding="utf-8",
    )
    done = vigie("import", "equipment", str(early))
    assert done.returncode == 0, done.stderr
    assert f"{early}: line 2: valid_from: 2026-08-20 is outside the works of action ECL-NORD" in (
        done.stderr
    )
    assert "1 light point(s) changed" in done.stdout
    exported = vigie("export", "registry", str(tmp_path / "out"), "--territory", "lavalette")
    assert exported.returncode == 0, exported.stderr
    names = ("territories", "cabinets", "buildings", "meters", "lightpoints", "equipment")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["districts.geojson", *(f"{n}.csv" for n in names)]
    )


def test_geojson_points_give_a_cabinet_its_position(db: Conn, tmp_path: Path) -> None:
    """A cabinet feature's Point geometry is its longitude then latitude."""
    import_example(db)
    feature = {
        "type": "Feature",
        "properties": {"code": "LAV-C-EST", "district": "LAV-NORD", "remote_controlled": True},
        "geometry": {"type": "Point", "coordinates": [4.761, 45.903]},
    }
    path = tmp_path / "cabinets.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    result = import_territory_file(db, read_rows("cabinets", path), skip_invalid=False)
    assert dict(result.counts) == {"created": 1}
    row = db.execute(
        b"SELECT latitude, longitude, remote_controlled FROM control_cabinets"
        b" WHERE code = 'LAV-C-EST'"
    ).fetchone()
    assert row == (45.903, 4.761, True)
