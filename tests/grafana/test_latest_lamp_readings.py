"""The points' latest readings, served from lamp_latest, are those the readings themselves give.

Readings are written as the collector writes them (late ones, redelivered ones with other
values, history) for points that report, one that fell silent, one that never reported and one
whose clock runs ahead. ``reporting.latest_lamp_readings`` is compared, row for row, with the
backward probe of each point that it replaced (0146), over live windows and windows in the past;
``reporting.device_last_seen`` with each point's newest reading. A login of one territory's
reader role gets nothing of another territory's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import SmallTerritory, make_territory

from collector import store, store_history
from collector.ingest import Row
from core.database import connect
from grafana.store import ensure_territory_role

Conn = psycopg.Connection[tuple[object, ...]]
STEP = timedelta(minutes=10)
END = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=3)
START = END - timedelta(days=4)
# 0146's body: for each point, a backward probe for its newest reading of the window's last 2 days.
PROBED = """
SELECT lp.id, x.ts, x.power_state, x.power_w, x.lamp_failure, x.cycling_failure, x.day_burner
FROM light_points lp
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
JOIN territories t ON t.id = c.territory_id
CROSS JOIN LATERAL (
    SELECT r.ts, r.power_state, r.power_w, r.lamp_failure, r.cycling_failure, r.day_burner
    FROM lamp_readings r
    WHERE r.light_point_id = lp.id
      AND r.ts BETWEEN greatest(%(from)s, %(to)s::timestamptz - interval '2 days') AND %(to)s
    ORDER BY r.ts DESC
    LIMIT 1
) x
WHERE t.code = %(territory)s
ORDER BY 1
"""
SERVED = "SELECT * FROM reporting.latest_lamp_readings(%(territory)s, %(from)s, %(to)s) ORDER BY 1"


def lamp(point: int, ts: datetime, power_w: float, *, failure: bool = False) -> Row:
    """A reading of ``point`` at ``ts``."""
    state = "on" if power_w > 0 else "off"
    return (point, ts, state, power_w, 100, None, None, None, None, None, None, failure, False,
            power_w > 90, None)  # fmt: skip


def instants(first: datetime, last: datetime) -> list[datetime]:
    """Every 10 minutes from ``first`` to ``last``."""
    return [first + k * STEP for k in range(int((last - first) / STEP) + 1)]


def fill(db_url: str, town: SmallTerritory) -> None:
    """Four days of readings, written as the collector and the history import write them."""
    steady, silent, late, ahead, _never, *others = sorted(town.point_ids.values())
    conn = connect(db_url, application="test")
    store.prepare(conn)
    history = [lamp(p, ts, 40.0) for p in (steady, late, *others) for ts in instants(START, END)]
    history += [lamp(silent, ts, 40.0) for ts in instants(START, START + timedelta(hours=30))]
    store_history.write_history(conn, "lamp", history[: len(history) // 2], [], "import")
    for stamps in (instants(START, END), instants(END, END)):  # the second one redelivered
        batch = [lamp(ahead, ts, 50.0 + i % 7) for i, ts in enumerate(stamps)]
        store.write_batch(conn, {"lamp": batch}, [], "c1")
    store_history.write_history(conn, "lamp", history[len(history) // 2 :], [], "import")
    # Redelivered with other values (skipped), then late readings of a point already newer.
    store.write_batch(conn, {"lamp": [lamp(steady, END, 99.0, failure=True)]}, [], "c1")
    late_rows = [lamp(late, ts + timedelta(minutes=5), 95.0) for ts in instants(START, END)[:-1]]
    store.write_batch(conn, {"lamp": late_rows}, [], "c1")
    # A clock running ahead: readings after the live window's end.
    store.write_batch(conn, {"lamp": [lamp(ahead, END + timedelta(minutes=2), 70.0)]}, [], "c1")
    conn.close()


@pytest.fixture
def town(db: Conn, db_url: str) -> SmallTerritory:
    """A territory with readings, and a second one with its own."""
    made = make_territory(db, points_per_cabinet=5)
    other = make_territory(db, code="autreville")
    fill(db_url, made)
    conn = connect(db_url, application="test")
    store.prepare(conn)
    rows = [lamp(p, END, 10.0) for p in other.point_ids.values()]
    store.write_batch(conn, {"lamp": rows}, [], "c1")
    conn.close()
    db.execute("ANALYZE")
    return made


WINDOWS = {
    "last 6 hours": (END - timedelta(hours=6), END + timedelta(minutes=1)),
    "last 7 days": (END - timedelta(days=7), END + timedelta(minutes=1)),
    "ends on a reading": (END - timedelta(hours=1), END),
    "starts after the last reading": (END + timedelta(seconds=1), END + timedelta(minutes=1)),
    "a past day": (END - timedelta(days=3), END - timedelta(days=2)),
    "a past hour": (END - timedelta(hours=50), END - timedelta(hours=49, minutes=55)),
    "past 7 days": (END - timedelta(days=9), END - timedelta(days=2, hours=5)),
    "before any reading": (START - timedelta(days=2), START - timedelta(seconds=1)),
    "the silent point's last hours": (START, START + timedelta(hours=30)),
}


@pytest.mark.parametrize("window", WINDOWS.values(), ids=WINDOWS.keys())
def test_latest_readings_are_those_of_the_probe(
    db: Conn, town: SmallTerritory, window: tuple[datetime, datetime]
) -> None:
    """Same rows, same values, as the backward probe of every point over the same window."""
    params = {"territory": town.code, "from": window[0], "to": window[1]}
    served = db.execute(SERVED, params).fetchall()
    assert served == db.execute(PROBED, params).fetchall()


def test_the_windows_see_late_redelivered_silent_and_ahead_points(
    db: Conn, town: SmallTerritory
) -> None:
    """The comparison has something to compare: each kind of point shows as it should."""
    steady, silent, late, ahead, never, *_ = sorted(town.point_ids.values())
    live = {"territory": town.code, "from": END - timedelta(hours=6), "to": END}
    rows = {r[0]: r for r in db.execute(SERVED, live).fetchall()}
    assert rows[steady][1:4] == (END, "on", 40.0)  # the redelivery changed nothing
    assert rows[late][1] == END  # later than the late readings
    assert rows[ahead][1] == END  # the reading after `to` is not this window's
    assert silent not in rows
    assert never not in rows
    past = {"territory": town.code, "from": START, "to": START + timedelta(hours=11, minutes=59)}
    rows = {r[0]: r for r in db.execute(SERVED, past).fetchall()}
    assert rows[late][1:4] == (START + timedelta(hours=11, minutes=55), "on", 95.0)
    assert rows[silent][1] == START + timedelta(hours=11, minutes=50)


def test_device_last_seen_is_each_points_newest_reading(db: Conn, town: SmallTerritory) -> None:
    """Each light point's last instant is its newest reading; none for one never heard from."""
    seen = db.execute(
        "SELECT code, last_ts FROM reporting.device_last_seen"
        " WHERE kind = 'lamp' AND territory = %s ORDER BY code",
        (town.code,),
    ).fetchall()
    newest = db.execute(
        "SELECT lp.code, (SELECT max(r.ts) FROM lamp_readings r WHERE r.light_point_id = lp.id)"
        " FROM light_points lp JOIN districts d ON d.id = lp.district_id"
        " JOIN communes c ON c.id = d.commune_id WHERE c.territory_id = %s ORDER BY lp.code",
        (town.territory_id,),
    ).fetchall()
    assert seen == newest
    assert sum(1 for _, ts in seen if ts is None) == 1


@pytest.fixture
def first_only(db: Conn, db_url: str, town: SmallTerritory) -> Iterator[Conn]:
    """A login that is a member of the first territory's reader role only."""
    name = f"latest_{uuid.uuid4().hex[:8]}"
    db.execute(f"CREATE ROLE {name} LOGIN".encode())
    owner = connect(db_url, application="test")
    ensure_territory_role(owner, town.code, name)
    owner.close()
    try:
        with psycopg.connect(db_url.replace("postgres@", f"{name}@"), autocommit=True) as conn:
            yield conn
    finally:
        db.execute(f"DROP ROLE {name}".encode())


def test_a_territory_reader_sees_only_its_territory(first_only: Conn, town: SmallTerritory) -> None:
    """Another territory's latest readings are neither served nor visible in the view."""
    window = {"from": END - timedelta(hours=6), "to": END}
    assert first_only.execute(SERVED, {"territory": "autreville", **window}).fetchall() == []
    assert first_only.execute(SERVED, {"territory": town.code, **window}).fetchall() != []
    territories = first_only.execute("SELECT DISTINCT territory FROM reporting.lamp_latest")
    assert territories.fetchall() == [(town.code,)]
