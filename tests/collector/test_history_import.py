"""``vigie import readings``: years of history stored once, bad rows dead-lettered by line."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from factories import SmallTerritory, make_territory
from historykit import (
    cabinet_rows,
    meter_rows,
    write_cabinet_file,
    write_meter_file,
)

from aggregation import jobs, rollups
from collector.history_import import FileResult, ImportOptions, import_readings
from collector.replays import replay_dead_letters
from core.database import connect
from rules import store as rules_store
from rules.catalogue import RULES
from rules.engine import run_rule
from rules.readings import Catchup, handle_new_batches

Conn = psycopg.Connection[tuple[object, ...]]
PARIS = ZoneInfo("Europe/Paris")
ELEC = "testville-B0-ELEC"


@pytest.fixture
def town(db: Conn) -> SmallTerritory:
    """A territory with one cabinet of one point, and a building with its meters."""
    return make_territory(db, districts=1, points_per_cabinet=1)


def _vigie(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "VIGIE_DATABASE_URL": db_url,
        "VIGIE_TERRITORY": "testville",
        "VIGIE_LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "vigie", *args], capture_output=True, text=True, env=env, check=False
    )


def _import(db_url: str, *paths: Path, **options: object) -> list[FileResult]:
    with connect(db_url) as conn:
        chosen = ImportOptions(max_ahead=timedelta(minutes=5), **options)  # type: ignore[arg-type]
        return list(import_readings(conn, paths, "testville", chosen))


def _fingerprint(db: Conn) -> tuple[object, ...] | None:
    return db.execute(
        b"SELECT (SELECT count(*) FROM cabinet_readings),"
        b" (SELECT md5(string_agg(concat_ws('|', cabinet_id, ts, energy_kwh), ',' ORDER BY"
        b" cabinet_id, ts)) FROM cabinet_readings),"
        b" (SELECT count(*) FROM meter_readings),"
        b" (SELECT md5(string_agg(concat_ws('|', meter_id, ts, value), ',' ORDER BY"
        b" meter_id, ts)) FROM meter_readings),"
        b" (SELECT count(*) FROM dead_letters)"
    ).fetchone()


def _count(db: Conn, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()  # noqa: S608 - test table names
    assert row is not None
    return int(str(row[0]))


def test_two_years_of_a_cabinet_and_a_meter_are_stored_once(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Two years of a cabinet's and a meter's readings are stored; a second run adds nothing."""
    cabinet = write_cabinet_file(tmp_path / "armoires.csv", town.cabinet_codes[0], cabinet_rows())
    meter = write_meter_file(tmp_path / "compteurs.csv", ELEC, meter_rows())
    first = _vigie(db_url, "import", "readings", str(cabinet), str(meter))
    assert first.returncode == 0, first.stderr
    assert "armoires.csv: 105,265 cabinet rows read, 105,265 readings stored" in first.stdout
    assert "compteurs.csv: 17,545 meter rows read, 17,545 readings stored" in first.stdout
    stored = db.execute(
        b"SELECT energy_kwh FROM cabinet_readings WHERE ts = '2024-06-30T22:00:00Z'"
    ).fetchone()
    expected = dict(cabinet_rows())[datetime(2024, 6, 30, 22, tzinfo=UTC)]
    assert stored == (expected,)
    before = _fingerprint(db)
    assert before is not None
    assert before[0::2] == (105_265, 17_545, 0)
    batches = _count(db, "ingest_batches")

    second = _vigie(db_url, "import", "readings", str(cabinet), str(meter))
    assert second.returncode == 0, second.stderr
    assert "105,265 cabinet rows read, 0 readings stored, 105,265 already stored" in second.stdout
    assert "17,545 meter rows read, 0 readings stored, 17,545 already stored" in second.stdout
    assert _fingerprint(db) == before
    assert _count(db, "ingest_batches") == batches


def test_bad_rows_are_dead_lettered_by_line_and_good_ones_stored(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Each bad row becomes one dead letter naming its line and why; a rerun adds no letter."""
    code = town.cabinet_codes[0]
    path = tmp_path / "cabinets.csv"
    path.write_text(
        "\n".join(
            [
                "cabinet,ts,energyConsumed,totalActivePower",
                f"{code},2024-01-01T00:00:00Z,10.5,300",
                f"{code},2024-01-01T00:10:00Z,-3,300",
                f"{code},2024-01-01T00:20:00Z,abc,300",
                f"{code},2024-02-30T00:00:00Z,11,300",
                "GHOST-1,2024-01-01T00:30:00Z,11,300",
                f"{code},,11,300",
                f"{code},2024-01-01T00:40:00Z,11,300,surplus",
                f"{code},2024-01-01T00:50:00,11,300",
                f"{code},2024-01-01T03:00:00Z,,",
                f"{code},2999-01-01T00:00:00Z,12,300",
                f"{code},2024-01-01T02:00:00+01:00,10.6,",
                f"{code},2024-01-01T01:00:00Z,99,300",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (result,) = _import(db_url, path)
    letters = db.execute(b"SELECT topic, error_kind FROM dead_letters ORDER BY id").fetchall()
    assert letters == [
        ("file:cabinets.csv:line 3", "out_of_range"),
        ("file:cabinets.csv:line 4", "type"),
        ("file:cabinets.csv:line 5", "ts_invalid"),
        ("file:cabinets.csv:line 6", "unknown_device"),
        ("file:cabinets.csv:line 7", "missing_field"),
        ("file:cabinets.csv:line 8", "schema"),
        ("file:cabinets.csv:line 9", "ts_naive"),
        ("file:cabinets.csv:line 10", "schema"),
        ("file:cabinets.csv:line 11", "ts_future"),
    ]
    stored = db.execute(
        b"SELECT ts, energy_kwh, active_power_w FROM cabinet_readings ORDER BY ts"
    ).fetchall()
    assert stored == [
        (datetime(2024, 1, 1, tzinfo=UTC), 10.5, 300.0),
        (datetime(2024, 1, 1, 1, tzinfo=UTC), 10.6, None),
    ]
    assert (result.read, result.stored, result.repeated, result.new_letters) == (12, 2, 1, 9)
    assert str(result.problems[0]) == (
        "cabinets.csv: line 3: out_of_range: values.energyConsumed: "
        "Input should be greater than or equal to 0"
    )
    (again,) = _import(db_url, path)
    assert (again.stored, again.repeated, again.new_letters) == (0, 3, 0)
    assert _count(db, "dead_letters") == 9


def test_a_french_spreadsheet_export_is_imported(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Semicolons, decimal commas, Windows-1252 spaces and local day-first times are read."""
    code = town.cabinet_codes[0]
    path = tmp_path / "relevés armoires.csv"
    lines = [
        "cabinet;ts;energyConsumed;totalActivePower;cosPhi",
        f"{code};15/01/2024 22:40;12\xa0345,6;4\xa0012,5;0,93",
        f"{code};15/07/2024 22:40:00;13\xa0001,25;3\xa0990,0;0,9",
        f"{code};31/03/2024 02:30;12\xa0900;4\xa0000;0,9",
        f"{code};27/10/2024 02:30;12\xa0950;4\xa0000;0,9",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    done = _vigie(db_url, "import", "readings", str(path), "--timezone", "Europe/Paris")
    assert done.returncode == 0, done.stderr
    stored = db.execute(
        b"SELECT ts, energy_kwh, active_power_w, power_factor::numeric(3, 2)"
        b" FROM cabinet_readings ORDER BY ts"
    ).fetchall()
    assert [(ts, e, p, float(str(f))) for ts, e, p, f in stored] == [
        (datetime(2024, 1, 15, 21, 40, tzinfo=UTC), 12_345.6, 4_012.5, 0.93),
        (datetime(2024, 7, 15, 20, 40, tzinfo=UTC), 13_001.25, 3_990.0, 0.9),
    ]
    reasons = db.execute(
        b"SELECT topic, error_kind, reason FROM dead_letters ORDER BY id"
    ).fetchall()
    assert reasons == [
        (
            "file:relevés armoires.csv:line 4",
            "ts_invalid",
            "ts '31/03/2024 02:30' does not exist in Europe/Paris (clocks go forward)",
        ),
        (
            "file:relevés armoires.csv:line 5",
            "ts_invalid",
            (
                "ts '27/10/2024 02:30' occurs twice in Europe/Paris (clocks go back): "
                "give its UTC offset"
            ),
        ),
    ]
    assert "line 4: ts_invalid" in done.stderr


def test_an_unusable_header_stops_the_import_before_anything_is_written(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """A bad header in any file: exit 1, the problems by file and line, nothing written."""
    good = write_cabinet_file(tmp_path / "good.csv", town.cabinet_codes[0], cabinet_rows(days=1))
    bad = tmp_path / "bad.csv"
    bad.write_text("cabinet;horodatage;energie\nX;2024-01-01T00:00Z;1\n", encoding="utf-8")
    done = _vigie(db_url, "import", "readings", str(good), str(bad), str(tmp_path / "none.csv"))
    assert done.returncode == 1
    assert "bad.csv: line 1: no ts column (the time of each reading)" in done.stderr
    assert "bad.csv: line 1: unknown columns horodatage, energie; a cabinet file has" in done.stderr
    assert "none.csv: no such file" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert _fingerprint(db) == (0, None, 0, None, 0)


def test_a_file_whose_rows_are_all_refused_is_not_imported(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Every row of unknown devices: the wrong file or territory; exit 1, no dead letters."""
    path = write_cabinet_file(tmp_path / "elsewhere.csv", "OTHER-TOWN-C1", cabinet_rows(days=1))
    done = _vigie(db_url, "import", "readings", str(path))
    assert done.returncode == 1
    assert "elsewhere.csv: nothing imported: each of its first 145 rows is refused" in done.stderr
    assert "elsewhere.csv: line 2: unknown_device: cabinet 'OTHER-TOWN-C1' is not registered" in (
        done.stderr
    )
    assert _fingerprint(db) == (0, None, 0, None, 0)


def test_rows_of_a_device_registered_later_are_stored_by_replay(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Rows of an unknown cabinet wait as dead letters; once it is registered, replay stores."""
    path = tmp_path / "two.csv"
    path.write_text(
        "cabinet,ts,energyConsumed\n"
        f"{town.cabinet_codes[0]},2022-03-01T00:00:00Z,1.0\n"
        "NEW-CAB,2022-03-01T00:00:00Z,7.5\n"
        "NEW-CAB,2022-03-01T00:10:00Z,7.6\n",
        encoding="utf-8",
    )
    _import(db_url, path)
    assert _count(db, "cabinet_readings") == 1
    db.execute(
        b"INSERT INTO control_cabinets (code, district_id, latitude, longitude)"
        b" VALUES ('NEW-CAB', %s, 47.47, -0.55)",
        (town.district_ids[0],),
    )
    with connect(db_url) as conn:
        result = replay_dead_letters(
            conn,
            prefix="vigie/v1",
            territory="testville",
            collector="replay",
            max_age=timedelta(days=35),
            max_ahead=timedelta(minutes=5),
        )
    assert (result.stored, result.inserted_rows) == (2, 2)
    stored = db.execute(
        b"SELECT r.energy_kwh FROM cabinet_readings r JOIN control_cabinets c"
        b" ON c.id = r.cabinet_id WHERE c.code = 'NEW-CAB' ORDER BY r.ts"
    ).fetchall()
    assert stored == [(7.5,), (7.6,)]
    pending = db.execute(b"SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL").fetchone()
    assert pending == (0,)


def test_a_batch_of_two_devices_years_apart_is_announced_as_two_stretches(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """The end of one cabinet's history and the start of the next are two ingest batches."""
    db.execute(
        b"INSERT INTO control_cabinets (code, district_id, latitude, longitude)"
        b" VALUES ('CAB-B', %s, 47.47, -0.55)",
        (town.district_ids[0],),
    )
    path = tmp_path / "device-major.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("cabinet,ts,energyConsumed\n")
        for code, start in ((town.cabinet_codes[0], datetime(2023, 1, 1, tzinfo=UTC)),
                            ("CAB-B", datetime(2024, 6, 1, tzinfo=UTC))):  # fmt: skip
            for ts, energy in cabinet_rows(start, days=2):
                out.write(f"{code},{ts.isoformat()},{energy}\n")
    _import(db_url, path)
    batches = db.execute(
        b"SELECT kind, ts_min, ts_max, rows, collector FROM ingest_batches ORDER BY ts_min"
    ).fetchall()
    assert batches == [
        ("cabinet", datetime(2023, 1, 1, tzinfo=UTC), datetime(2023, 1, 3, tzinfo=UTC), 289,
         "vigie-import"),
        ("cabinet", datetime(2024, 6, 1, tzinfo=UTC), datetime(2024, 6, 3, tzinfo=UTC), 289,
         "vigie-import"),
    ]  # fmt: skip


def test_the_aggregation_rolls_up_the_imported_years(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """After an import the rollup job computes every day; each equals the file's daily energy."""
    rows = dict(cabinet_rows())
    path = write_cabinet_file(tmp_path / "cab.csv", town.cabinet_codes[0], iter(rows.items()))
    _import(db_url, path, batch_rows=10_000)
    result = jobs.aggregate_pending(db)
    month_hours = rollups.CHUNK.total_seconds() / 3600
    assert result.batches == 11
    assert result.windows == math.ceil(result.hours / month_hours)  # one span, a month at a time
    daily = db.execute(b"SELECT day, energy_kwh FROM cabinet_rollups_daily ORDER BY day").fetchall()
    hourly = db.execute(
        b"SELECT (hour_start AT TIME ZONE 'Europe/Paris')::date, sum(energy_kwh)"
        b" FROM cabinet_rollups_hourly GROUP BY 1 ORDER BY 1"
    ).fetchall()
    by_day = {day: float(str(kwh)) for day, kwh in daily}
    by_hours = {day: float(str(kwh)) for day, kwh in hourly}
    day = date(2023, 1, 2)
    while day <= date(2024, 12, 31):
        start = datetime.combine(day, datetime.min.time(), PARIS).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), PARIS).astimezone(UTC)
        expected = rows[end] - rows[start]
        assert by_day[day] == pytest.approx(expected, abs=1e-6), day
        assert by_hours[day] == pytest.approx(expected, abs=1e-6), day
        day += timedelta(days=1)


def test_daily_indexes_give_each_days_energy(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """A cabinet's index at each local midnight for a year: every day's energy is rolled up."""
    start = datetime(2023, 1, 1, tzinfo=PARIS)
    path = tmp_path / "daily.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("cabinet;ts;energyConsumed\n")
        for n in range(366):
            cell = (start + timedelta(days=n)).strftime("%d/%m/%Y")
            out.write(f"{town.cabinet_codes[0]};{cell};{1000 + 40 * n + n % 7},5\n")
    (result,) = _import(db_url, path, timezone=PARIS)
    assert result.stored == 366
    jobs.aggregate_pending(db)
    days = db.execute(b"SELECT day, energy_kwh FROM cabinet_rollups_daily ORDER BY day").fetchall()
    by_day = {d: float(str(e)) for d, e in days if isinstance(d, date)}
    complete = {d: e for d, e in by_day.items() if date(2023, 1, 1) <= d <= date(2023, 12, 31)}
    assert len(complete) == 365
    for n in range(365):
        day = date(2023, 1, 1) + timedelta(days=n)
        assert complete[day] == pytest.approx(40 + (n + 1) % 7 - n % 7, abs=1e-6), day


def test_weekly_readings_of_two_years_are_announced_in_a_few_stretches(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """A sparse series is stored in one batch whose announcement stays within NOTIFY's limit."""
    path = tmp_path / "weekly.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("meter,ts,value\n")
        for week in range(105):
            ts = datetime(2023, 1, 2, tzinfo=UTC) + timedelta(weeks=week)
            out.write(f"{ELEC},{ts.isoformat()},{1000 + 840 * week}\n")
    (result,) = _import(db_url, path)
    assert result.stored == 105
    batches = db.execute(b"SELECT count(*), sum(rows) FROM ingest_batches").fetchone()
    assert batches == (32, 105)


def test_imported_history_is_not_judged_by_the_reading_rules(
    db: Conn, db_url: str, town: SmallTerritory, tmp_path: Path
) -> None:
    """Weekly readings of a meter, gaps for the gap rule if judged: no alert after the import."""
    path = tmp_path / "weekly.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("meter,ts,value\n")
        for week in range(10):
            ts = datetime(2026, 1, 5, tzinfo=UTC) + timedelta(weeks=week)
            out.write(f"{ELEC},{ts.isoformat()},{1000 + 840 * week}\n")
    (result,) = _import(db_url, path)
    assert result.stored == 10
    now = datetime(2026, 3, 20, tzinfo=UTC)
    assert handle_new_batches(db, Catchup(), now=now) == 0
    (territory,) = rules_store.territories(db, town.code)
    run_rule(db, RULES["meter_gap"], territory, now=now,
             window=(now - timedelta(weeks=10), now), trigger="readings")  # fmt: skip
    assert _count(db, "alerts") == 1  # the rule itself finds the gaps it was spared
