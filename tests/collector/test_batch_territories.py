"""Each ingest batch is recorded with its rows per territory, live and imported, once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from factories import SmallTerritory, make_territory
from migrationkit import migrations_before

from collector import store, store_history
from collector.ingest import Row
from core.database import Connection, connect
from core.migrations import migrate

Conn = psycopg.Connection[tuple[object, ...]]
T0 = datetime(2026, 1, 5, 22, tzinfo=UTC)
PARTS = """
SELECT b.kind, t.code, p.rows, p.ts_min, p.ts_max
FROM ingest_batch_territories p
JOIN ingest_batches b ON b.id = p.batch_id
JOIN territories t ON t.id = p.territory_id
WHERE b.id > %s
ORDER BY b.id, t.code
"""


def _lamp(point_id: int, minutes: int) -> Row:
    return (point_id, T0 + timedelta(minutes=minutes), "on", 40.0, *[None] * 11)


def _cabinet(cabinet_id: int, minutes: int) -> Row:
    return (cabinet_id, T0 + timedelta(minutes=minutes), 1.0, 100.0, 230.0, 0.9)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def towns(db: Conn) -> tuple[SmallTerritory, SmallTerritory]:
    """Two territories in one database."""
    return make_territory(db, code="alpha"), make_territory(db, code="beta")


@pytest.fixture
def collector(db_url: str) -> Iterator[Connection]:
    """A connection prepared as the collector's."""
    conn = connect(db_url, application="test")
    store.prepare(conn)
    yield conn
    conn.close()


def _cabinet_id(db: Conn, code: str) -> int:
    row = db.execute("SELECT id FROM control_cabinets WHERE code = %s", (code,)).fetchone()
    assert row is not None
    return int(str(row[0]))


def test_a_mixed_batch_is_split_by_territory_and_a_redelivery_adds_nothing(
    db: Conn, collector: Connection, towns: tuple[SmallTerritory, SmallTerritory]
) -> None:
    """Direct COPY, then a redelivery, then an overlapping batch (staging): new rows only."""
    alpha, beta = towns
    a, b = min(alpha.point_ids.values()), min(beta.point_ids.values())
    cab = _cabinet_id(db, beta.cabinet_codes[0])
    meter = min(alpha.meter_ids.values())
    readings: dict[str, list[Row]] = {
        "lamp": [_lamp(a, 0), _lamp(a, 10), _lamp(b, 5)],
        "cabinet": [_cabinet(cab, 0), _cabinet(cab, 15)],
        "meter": [(meter, _at(30), 12.0)],
    }
    store.write_batch(collector, readings, [], "c1")
    assert db.execute(PARTS, (0,)).fetchall() == [
        ("lamp", "alpha", 2, _at(0), _at(10)),
        ("lamp", "beta", 1, _at(5), _at(5)),
        ("cabinet", "beta", 2, _at(0), _at(15)),
        ("meter", "alpha", 1, _at(30), _at(30)),
    ]
    assert store.write_batch(collector, readings, [], "c1") == []
    row = db.execute("SELECT max(id) FROM ingest_batches").fetchone()
    assert row is not None
    last = int(str(row[0]))
    assert db.execute(PARTS, (last,)).fetchall() == []
    overlapping = {"lamp": [_lamp(a, 10), _lamp(a, 20), _lamp(b, 5), _lamp(b, 25)]}
    store.write_batch(collector, overlapping, [], "c1")
    assert db.execute(PARTS, (last,)).fetchall() == [
        ("lamp", "alpha", 1, _at(20), _at(20)),
        ("lamp", "beta", 1, _at(25), _at(25)),
    ]
    count = "SELECT count(*) FROM ingest_batch_territories"
    assert db.execute(count).fetchone() == (6,)


def test_imported_stretches_are_split_by_territory(
    db: Conn, collector: Connection, towns: tuple[SmallTerritory, SmallTerritory]
) -> None:
    """Each stretch of an import gets the rows of each territory that fall in it; again: none."""
    alpha, beta = towns
    a, b = min(alpha.point_ids.values()), min(beta.point_ids.values())
    days = 3 * 24 * 60  # minutes: a gap longer than a stretch's
    rows = [_lamp(a, 0), _lamp(b, 10), _lamp(a, days), _lamp(a, days + 10)]
    committed, _ = store_history.write_history(collector, "lamp", rows, [], "import")
    assert [(c.rows, c.ts_min) for c in committed] == [(2, _at(0)), (2, _at(days))]
    assert db.execute(PARTS, (0,)).fetchall() == [
        ("lamp", "alpha", 1, _at(0), _at(0)),
        ("lamp", "beta", 1, _at(10), _at(10)),
        ("lamp", "alpha", 2, _at(days), _at(days + 10)),
    ]
    again = [*rows, _lamp(b, days + 5)]  # through staging: one new row
    committed, _ = store_history.write_history(collector, "lamp", again, [], "import")
    assert [(c.rows, c.ts_min) for c in committed] == [(1, _at(days + 5))]
    assert db.execute(PARTS, (committed[0].id - 1,)).fetchall() == [
        ("lamp", "beta", 1, _at(days + 5), _at(days + 5)),
    ]


BATCH = (
    "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
    " VALUES ('c1', 'lamp', %s, %s, 7)"
)


@pytest.mark.parametrize("territories", [1, 2])
def test_the_migration_gives_a_single_territory_its_batches(
    empty_db_url: str, tmp_path: Path, territories: int
) -> None:
    """Batches recorded before 0163 become the only territory's; of none when there are two."""
    migrate(empty_db_url, migrations_before(163, tmp_path / "migrations"))
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        towns = [make_territory(db, code=f"town{t}") for t in range(territories)]
        db.execute(BATCH, (_at(0), _at(10)))
        migrate(empty_db_url)
        parts = db.execute(
            "SELECT territory_id, rows, ts_min, ts_max FROM ingest_batch_territories"
        ).fetchall()
    expected = [(towns[0].territory_id, 7, _at(0), _at(10))] if territories == 1 else []
    assert parts == expected
