"""Rules driven the way real data arrives: broker, collector, database, worker.

Readings are published on the broker, stored by a running collector and evaluated by the
worker: its LISTEN/NOTIFY loop with its catch-up cursor, or its scheduled jobs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from brokerkit import collecting, middle_of_last_night
from brokerkit import lamp as _lamp
from brokerkit import meter as _meter
from brokerkit import wait_for_alert as _wait_for_alert
from ingest_helpers import Publisher, worker_listening
from rulekit import Conn, Place, live_alerts, make_place
from servers import MosquittoServer

from core.settings import Settings
from core.solar import sunrise_sunset
from rules.worker import Worker

LAT, LON = 47.47, -0.55
STEP = timedelta(minutes=10)


def _last(hour: int) -> datetime:
    """The latest past instant at ``hour``:00 UTC, at least 20 minutes ago."""
    now = datetime.now(UTC)
    moment = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment if moment <= now - timedelta(minutes=20) else moment - timedelta(days=1)


def _last_noon() -> datetime:
    """Last solar noon at least 20 minutes ago: daylight whatever the season."""
    day = datetime.now(UTC).date()
    for back in range(3):
        sunrise, sunset = sunrise_sunset(day - timedelta(days=back), LAT, LON)
        noon = sunrise + (sunset - sunrise) / 2
        if noon <= datetime.now(UTC) - timedelta(minutes=20):
            return noon.replace(microsecond=0)
    raise AssertionError("no noon found")


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory (code testville, as the collector's settings say) and its policy."""
    return make_place(db)


@pytest.fixture
def wired(db_url: str, broker: MosquittoServer) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker."""
    with collecting(db_url, broker.url) as pair:
        yield pair


LAMP_CASES = [
    ("lamp_failure", "night", 0.5, "high"),
    ("power_too_low", "night", 30.0, "medium"),
    ("power_too_high", "night", 80.0, "medium"),
    ("day_burner", "noon", 60.0, "medium"),
]


@pytest.mark.parametrize(("rule_id", "when", "power_w", "severity"), LAMP_CASES)
def test_lamp_rule_through_broker_collector_and_worker(  # noqa: PLR0913 - the case and fixtures
    db: Conn,
    *,
    place: Place,
    wired: tuple[Settings, Publisher],
    rule_id: str,
    when: str,
    power_w: float,
    severity: str,
) -> None:
    """A faulty lamp's readings raise the rule's alert within seconds, routed to the pilot."""
    settings, publisher = wired
    faulty, healthy = place.small.point_codes[:2]
    start = _last(1) if when == "night" else _last_noon()
    healthy_w = 60.0 if when == "night" else 0.4
    messages = [
        _lamp(
            settings,
            code,
            start + k * STEP,
            powerState="on" if when == "night" else "off",
            powerConsumption=w,
            illuminanceLevel=1.0 if when == "night" else 0.0,
        )
        for code, w in ((faulty, power_w), (healthy, healthy_w))
        for k in range(3)
    ]
    with worker_listening(settings):
        published = time.monotonic()
        publisher.publish_all(messages)
        alerts = _wait_for_alert(db, rule_id)
        elapsed = time.monotonic() - published
    assert alerts == [
        (
            place.small.point_ids[faulty],
            severity,
            "open",
            place.policy.people["pilot"],
            "action_pilot",
        )
    ]
    assert elapsed < 10


METER_CASES = [
    ("stuck_meter", [5000.0] * 27),
    ("counter_reset", [5000.0, 5002.0, 5004.0, 12.0, 14.0]),
    ("counter_rollover", [999_990.0, 999_995.0, 3.0, 8.0]),
]


@pytest.mark.parametrize(("rule_id", "values"), METER_CASES)
def test_meter_rule_through_broker_collector_and_worker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher], rule_id: str, values: list[float]
) -> None:
    """A faulty register's readings raise the rule's alert, routed to the buildings lead."""
    settings, publisher = wired
    code = f"{place.small.code}-B0-ELEC"
    first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=len(values)
    )
    messages = [
        _meter(settings, code, first + timedelta(hours=k), totalActiveEnergyImport=v)
        for k, v in enumerate(values)
    ]
    with worker_listening(settings):
        publisher.publish_all(messages)
        alerts = _wait_for_alert(db, rule_id)
    severity = {"counter_rollover": "informational"}.get(rule_id, "low")
    assert [(a[0], a[1], a[3], a[4]) for a in alerts] == [
        (
            place.small.meter_ids[code],
            severity,
            place.policy.people["buildings_lead"],
            "mission_lead",
        )
    ]


def test_worker_down_catches_up_from_its_cursor(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Readings stored while the worker was down are evaluated when it comes back."""
    settings, publisher = wired
    first, second = place.small.point_codes[:2]
    night = _last(1)
    with worker_listening(settings):
        publisher.publish_all(
            [
                _lamp(settings, first, night + k * STEP, powerConsumption=0.0, illuminanceLevel=1.0)
                for k in range(3)
            ]
        )
        _wait_for_alert(db, "lamp_failure")
    publisher.publish_all(
        [
            _lamp(settings, second, night + k * STEP, powerConsumption=0.0, illuminanceLevel=1.0)
            for k in range(3)
        ]
    )
    deadline = time.monotonic() + 10
    while db.execute(b"SELECT count(*) FROM lamp_readings").fetchone() != (6,):
        assert time.monotonic() < deadline, "the collector did not store the second lamp"
        time.sleep(0.1)
    assert len(live_alerts(db, "lamp_failure")) == 1
    with worker_listening(settings):
        deadline = time.monotonic() + 10
        while len(live_alerts(db, "lamp_failure")) < 2:
            assert time.monotonic() < deadline, "the worker did not catch up"
            time.sleep(0.1)
    # The batches of the last 30 s before the cursor are read again after a restart (a batch
    # may become visible late): the first lamp's alert may count one more occurrence, no more.
    rows = db.execute(b"SELECT count(DISTINCT subject_id), count(*) FROM alerts").fetchone()
    assert rows == (2, 2)


def test_scheduled_rules_on_collected_data(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Collected readings drive the scheduled jobs: silent, cycling and worn-out lamps."""
    settings, publisher = wired
    silent, cycling, worn = place.small.point_codes[:3]
    night = middle_of_last_night(29 * STEP)
    messages = [_lamp(settings, silent, night, powerConsumption=60.0, illuminanceLevel=1.0)]
    messages += [
        _lamp(
            settings,
            cycling,
            night + k * STEP,
            powerConsumption=0.0 if k % 4 == 2 else 60.0,
            illuminanceLevel=1.0,
            lampOperatingHours=100.0,
        )
        for k in range(30)
    ]
    messages += [
        _lamp(
            settings,
            worn,
            night,
            powerConsumption=60.0,
            illuminanceLevel=1.0,
            lampOperatingHours=30_000.0,
        )
    ]
    # The rest of the territory reports: the silent lamps are offline, not the data path.
    fresh = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    messages += [_lamp(settings, place.small.point_codes[3], fresh, powerConsumption=0.0)]
    db.execute(
        b"UPDATE light_point_equipment SET technology = 'HPS', dimmable = false,"
        b" rated_life_h = 24000, lamp_installed_on = '2025-06-01'"
    )
    publisher.publish_all(messages)
    deadline = time.monotonic() + 10
    while db.execute(b"SELECT count(*) FROM lamp_readings").fetchone() != (33,):
        assert time.monotonic() < deadline, "the collector did not store the readings"
        time.sleep(0.1)
    worker = Worker(settings)
    try:
        worker.schedule(datetime.now(UTC))
        for rule_id in ("controller_offline", "cycling_lamp", "sodium_lamp_end_of_life"):
            job = worker.scheduler.get_job(f"testville:{rule_id}")
            job.func(*job.args)
    finally:
        worker.pool.close()
    ids = place.small.point_ids
    assert {a[0] for a in live_alerts(db, "controller_offline")} == {
        ids[silent],
        ids[cycling],
        ids[worn],
    }
    assert [a[0] for a in live_alerts(db, "cycling_lamp")] == [ids[cycling]]
    # One worn lamp in its cabinet of five: planned (`vigie plan sodium`), its package not due.
    assert live_alerts(db, "sodium_lamp_end_of_life") == []
