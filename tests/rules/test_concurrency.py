"""Many workers raising the same alerts at once still leave one live alert per subject."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import psycopg
from rulekit import Conn, make_place

from rules import store
from rules.catalogue import RULES
from rules.engine import _apply
from rules.model import Finding

WORKERS = 12
SUBJECTS = 40


def test_many_workers_raising_the_same_alerts_make_one_each(db: Conn, db_url: str) -> None:
    """Twelve workers raising the same 40 alerts at once open exactly 40, and one group alert."""
    place = make_place(db, points_per_cabinet=20)
    rule = RULES["lamp_failure"]
    points = sorted(place.small.point_ids.values())[:SUBJECTS]
    findings = [
        Finding(p, firing=True, severity=None, group_key="cabinet:1", details={"code": str(p)})
        for p in points
    ]
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def raise_all() -> None:
        try:
            with psycopg.connect(db_url, autocommit=True) as conn:
                start.wait()
                with conn.transaction():
                    _apply(conn, rule, place.territory, datetime.now(UTC), findings)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=raise_all) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = db.execute(
        b"SELECT count(*), count(DISTINCT subject_id), min(occurrences), max(occurrences),"
        b" sum(occurrences) FROM alerts WHERE subject_kind = 'light_point'"
    ).fetchone()
    assert rows == (SUBJECTS, SUBJECTS, WORKERS, WORKERS, SUBJECTS * WORKERS)
    groups = db.execute(
        b"SELECT count(*), max(occurrences) FROM alerts WHERE subject_kind = 'cabinet'"
    ).fetchone()
    assert groups == (1, WORKERS)  # the 40 are behind cabinet 1: one package-level alert
    opened = db.execute(b"SELECT count(*) FROM alert_events WHERE kind = 'opened'").fetchone()
    assert opened == (SUBJECTS + 1,)


def test_the_database_refuses_a_second_live_alert(db: Conn) -> None:
    """Even a direct INSERT cannot add a second open alert for a rule and subject."""
    place = make_place(db)
    insert = (
        b"INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        b" summary, group_key) VALUES (%s, 'lamp_failure', 'lighting', 'light_point', 1, 'high',"
        b" 'x', 'g')"
    )
    db.execute(insert, (place.territory.id,))
    try:
        db.execute(insert, (place.territory.id,))
    except psycopg.errors.UniqueViolation:
        pass
    else:
        raise AssertionError("a second live alert was accepted")
    db.execute(b"UPDATE alerts SET state = 'resolved', resolved_at = now()")
    db.execute(insert, (place.territory.id,))
    assert db.execute(b"SELECT count(*) FROM alerts").fetchone() == (2,)
    assert store.alert_state(db, 999_999) is None
