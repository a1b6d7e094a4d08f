"""controller_offline reads each point's newest reading from lamp_latest: same findings as before.

Readings are written as the collector writes them (late ones, redelivered ones, a clock running
ahead) for points that report, one that fell silent, one silent for longer than the rule looks
back and one never heard from. The rule's query is compared with the one it replaced, which
probed each point's readings backwards, at the live instant and at instants in the past.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from rulekit import Conn, Place, make_place

from collector import store
from collector.ingest import Row
from core.database import connect
from rules.store import QUERIES

STEP = timedelta(minutes=10)
END = datetime(2026, 1, 20, 22, 0, tzinfo=UTC)
# The query before lamp_latest: a backward probe of each point's readings.
PROBED = """
WITH fleet AS (
    SELECT vigie_territory_reporting(
               %(territory_id)s, 'light_point', %(offline_periods)s, %(now)s) AS reporting
)
SELECT lp.id AS subject_id,
       CASE WHEN fleet.reporting THEN (last.ts IS NULL
                                       OR %(now)s::timestamptz - last.ts > make_interval(
            secs => lp.reporting_period_s * %(offline_periods)s)) END AS firing,
       NULL::text AS severity,
       coalesce('cabinet:' || lp.cabinet_id, 'district:' || lp.district_id) AS group_key,
       jsonb_build_object('code', lp.code, 'last_reading', coalesce(
                              last.ts::text, 'more than ' || %(lookback_days)s || ' days ago'),
                          'reporting_period_s', lp.reporting_period_s) AS details
FROM light_points_current lp
CROSS JOIN fleet
JOIN districts d ON d.id = lp.district_id
JOIN communes c ON c.id = d.commune_id
LEFT JOIN LATERAL (
    SELECT ts
    FROM lamp_readings
    WHERE light_point_id = lp.id AND ts <= %(now)s
      AND ts > %(now)s::timestamptz - make_interval(days => %(lookback_days)s)
    ORDER BY ts DESC
    LIMIT 1
) last ON true
WHERE c.territory_id = %(territory_id)s
  AND lp.remote_controlled
  AND (last.ts IS NULL OR %(now)s::timestamptz - last.ts
                          > make_interval(secs => lp.reporting_period_s * %(online_periods)s))
  AND (last.ts IS NOT NULL
       OR EXISTS (SELECT 1 FROM lamp_readings r
                  WHERE r.light_point_id = lp.id AND r.ts <= %(now)s))
"""


def lamp(point: int, ts: datetime) -> Row:
    """A reading of ``point`` at ``ts``."""
    return (point, ts, "on", 60.0, 100, *[None] * 10)


@pytest.fixture
def place(db: Conn, db_url: str) -> Place:
    """Points that report, fell silent, went silent long ago, run ahead, or never reported."""
    made = make_place(db)
    steady, silent, long_ago, ahead, late, *_never = sorted(made.small.point_ids.values())
    conn = connect(db_url, application="test")
    store.prepare(conn)
    day = [END - k * STEP for k in range(144 * 2)]
    batches = [
        [lamp(p, ts) for p in (steady, late, ahead) for ts in day],
        [lamp(silent, ts) for ts in day if ts < END - timedelta(hours=3)],
        [lamp(long_ago, END - timedelta(days=40))],
        [lamp(steady, END)],  # redelivered
        [lamp(late, ts + timedelta(minutes=5)) for ts in day[1:]],  # late
        [lamp(ahead, END + timedelta(minutes=2))],  # a clock running ahead
    ]
    for rows in batches:
        store.write_batch(conn, {"lamp": rows}, [], "c1")
    conn.close()
    return made


INSTANTS = {
    "live": END + timedelta(minutes=1),
    "on the last reading": END,
    "before the silence": END - timedelta(hours=2, minutes=59),
    "past": END - timedelta(hours=5),
    "before any reading of the days": END - timedelta(days=3),
    "much later": END + timedelta(days=45),
}


def findings(db: Conn, query: str, place: Place, now: datetime) -> list[tuple[Any, ...]]:
    """The query's rows at ``now``, with the rule's defaults, in order."""
    params = {
        "territory_id": place.small.territory_id,
        "now": now,
        "offline_periods": 3.0,
        "online_periods": 1.5,
        "lookback_days": 30,
    }
    return sorted(db.execute(query, params).fetchall(), key=lambda row: int(str(row[0])))


@pytest.mark.parametrize("now", INSTANTS.values(), ids=INSTANTS.keys())
def test_same_findings_as_the_backward_probe(db: Conn, place: Place, now: datetime) -> None:
    """Subjects, firing, groups and details are those of the query that probed the readings."""
    served = findings(db, QUERIES["rule_controller_offline"].as_string(), place, now)
    assert served == findings(db, PROBED, place, now)


def test_the_comparison_sees_silent_and_forgotten_points(db: Conn, place: Place) -> None:
    """Live, the silent point fires and the one silent 40 days is reported as beyond 30 days."""
    _, silent, long_ago, *_ = sorted(place.small.point_ids.values())
    rows = findings(db, QUERIES["rule_controller_offline"].as_string(), place, INSTANTS["live"])
    assert [(r[0], r[1]) for r in rows] == [(silent, True), (long_ago, True)]
    assert rows[1][4]["last_reading"] == "more than 30 days ago"
