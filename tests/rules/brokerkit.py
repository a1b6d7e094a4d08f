"""Helpers of the rules tests that go through the broker: messages, a collector, the worker.

Readings are published on the real broker and stored by a running collector; the worker
evaluates them on its event path (LISTEN ``vigie_ingest``) or runs its scheduled jobs the way
``vigie work`` does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from ingest_helpers import Publisher, collector_thread, encode, make_settings, unique_prefix
from rulekit import Conn, Place, live_alerts

from collector.topics import Kind, topic_of
from core.settings import Settings
from rules.sun import last_night
from rules.worker import Worker

_COUNTS = {
    Kind.LAMP: b"SELECT count(*) FROM lamp_readings",
    Kind.CABINET: b"SELECT count(*) FROM cabinet_readings",
    Kind.METER: b"SELECT count(*) FROM meter_readings",
}
# Who receives the alerts no action covers, by kind of subject, as the Angers seed sets them:
# the street-lighting department for its assets and the fleet, the buildings department for
# buildings and meters.
DEPARTMENTS = {
    "light_point": "lighting_department",
    "cabinet": "lighting_department",
    "district": "lighting_department",
    "fleet": "lighting_department",
    "building": "buildings_department",
    "meter": "buildings_department",
}


def middle_of_last_night(span: timedelta = timedelta(0)) -> datetime:
    """Where a stretch of ``span`` is centred on the last complete night at the test territory."""
    start, end = last_night(47.47, -0.55, datetime.now(UTC), timedelta(minutes=30))
    return start + (end - start - span) / 2


def message(
    settings: Settings,
    kind: Kind,
    code: str,
    ts: datetime,
    **values: Any,  # noqa: ANN401 - JSON values
) -> tuple[str, bytes]:
    """The topic and payload of one measurement of the asset ``code``."""
    body = {"msgId": uuid.uuid4().hex, "ts": ts.isoformat(), "values": values}
    return topic_of(settings.mqtt_topic_prefix, settings.territory, kind, code), encode(body)


def lamp(settings: Settings, code: str, ts: datetime, **values: Any) -> tuple[str, bytes]:  # noqa: ANN401 - JSON values
    """One light point's measurement."""
    return message(settings, Kind.LAMP, code, ts, **values)


def meter(settings: Settings, code: str, ts: datetime, **values: Any) -> tuple[str, bytes]:  # noqa: ANN401 - JSON values
    """One building meter's measurement."""
    return message(settings, Kind.METER, code, ts, **values)


@contextmanager
def collecting(db_url: str, mqtt_url: str) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker.

    The collector accepts readings up to 400 days old: these tests publish a year of history.
    """
    settings = make_settings(db_url, mqtt_url, unique_prefix(), max_reading_age_days=400)
    publisher = Publisher(mqtt_url)
    try:
        with collector_thread(settings):
            yield settings, publisher
    finally:
        publisher.close()


@contextmanager
def scheduled_jobs(settings: Settings) -> Iterator[Callable[[str], None]]:
    """A worker with its jobs scheduled; the function runs one rule's job as APScheduler does."""
    worker = Worker(settings)
    worker.schedule(datetime.now(UTC))

    def run(rule_id: str) -> None:
        job = worker.scheduler.get_job(f"{settings.territory}:{rule_id}")
        job.func(*job.args, **job.kwargs)

    try:
        yield run
    finally:
        worker.pool.close()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Poll ``condition`` every 50 ms; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} after {timeout} s"
        time.sleep(0.05)


def wait_for_rows(db: Conn, kind: Kind, count: int) -> None:
    """Wait until the collector has stored ``count`` readings of ``kind`` in all."""
    wait_for(
        lambda: db.execute(_COUNTS[kind]).fetchone() == (count,),
        f"the collector had not stored {count} {kind} readings",
    )


def wait_for_alert(db: Conn, rule_id: str, timeout: float = 15.0) -> list[tuple[object, ...]]:
    """The rule's live alerts, once there is at least one."""
    wait_for(lambda: bool(live_alerts(db, rule_id)), f"no {rule_id} alert", timeout)
    return live_alerts(db, rule_id)


def alerts_of(db: Conn, rule_id: str) -> list[tuple[object, ...]]:
    """(subject_kind, subject_id, severity, state, routed_to, routed_via) of a rule's alerts."""
    return db.execute(
        b"SELECT subject_kind, subject_id, severity, state, routed_to, routed_via FROM alerts"
        b" WHERE rule_id = %s ORDER BY subject_kind, subject_id, id",
        (rule_id,),
    ).fetchall()


def add_departments(db: Conn, place: Place) -> None:
    """The two departments of ``DEPARTMENTS``, set as recipients for their kinds of subject."""
    people = place.policy.people
    for name in sorted(set(DEPARTMENTS.values())):
        row = db.execute(
            b"INSERT INTO people (name, email) VALUES (%s, %s) RETURNING id",
            (name, f"{name}@{place.small.code}.example.org"),
        ).fetchone()
        assert row is not None
        people[name] = int(str(row[0]))
    for subject_kind, name in DEPARTMENTS.items():
        db.execute(
            b"INSERT INTO alert_recipients (territory_id, subject_kind, person_id)"
            b" VALUES (%s, %s, %s)",
            (place.territory.id, subject_kind, people[name]),
        )


def set_parameters(db: Conn, place: Place, rule_id: str, parameters: str) -> None:
    """Override a rule's parameters in the test territory (``parameters`` is a JSON object)."""
    db.execute(
        b"INSERT INTO rule_parameters (territory_id, rule_id, parameters)"
        b" VALUES (%s, %s, %s::jsonb)",
        (place.territory.id, rule_id, parameters),
    )
