"""Scheduled lighting and meter rules on readings that came through the broker.

Devices publish on the real broker, a running collector stores their readings and the rules
run as ``vigie work``'s scheduled jobs: silent devices (cabinets, light-point controllers,
meters) and their return, cycling lamps, worn sodium lamps and the sodium fleet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from brokerkit import (
    add_departments,
    alerts_of,
    collecting,
    lamp,
    message,
    middle_of_last_night,
    scheduled_jobs,
    wait_for_rows,
)
from ingest_helpers import Publisher
from rulekit import Conn, Place, make_place
from servers import MosquittoServer

from collector.topics import Kind
from core.settings import Settings

PERIOD_S = 1
STEP = timedelta(minutes=10)
Values = Callable[[str, int], dict[str, Any]]


@pytest.fixture
def place(db: Conn) -> Place:
    """Two districts of two cabinets, the first one in an action's scope; departments set."""
    made = make_place(db, cabinets_per_district=2)
    add_departments(db, made)
    return made


@pytest.fixture
def wired(db_url: str, broker: MosquittoServer) -> Iterator[tuple[Settings, Publisher]]:
    """A running collector for the test's database and a publisher on the same broker."""
    with collecting(db_url, broker.url) as pair:
        yield pair


_SET_PERIOD = {
    Kind.LAMP: b"UPDATE light_points SET reporting_period_s = %s WHERE code = ANY(%s)",
    Kind.CABINET: b"UPDATE control_cabinets SET reporting_period_s = %s WHERE code = ANY(%s)",
    Kind.METER: b"UPDATE meters SET reporting_period_s = %s WHERE code = ANY(%s)",
}


def _offline_then_back(  # noqa: PLR0913 - the devices, their values and the path
    db: Conn,
    wired: tuple[Settings, Publisher],
    *,
    rule_id: str,
    kind: Kind,
    silent: list[str],
    talking: str,
    values: Values,
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The rule's alerts once the silent devices stopped, then once they reported again.

    The silent devices report every second (their registered period) in real time, then stop
    for more than three periods; another device of the same kind reports just before the
    scheduled pass. Then the silent devices report again and the pass runs once more.
    """
    settings, publisher = wired
    db.execute(_SET_PERIOD[kind], (PERIOD_S, silent))
    rounds = 2
    for k in range(rounds):
        if k:
            time.sleep(PERIOD_S)
        last = datetime.now(UTC)
        publisher.publish_all([message(settings, kind, c, last, **values(c, k)) for c in silent])
    wait_for_rows(db, kind, rounds * len(silent))
    time.sleep(max(0.0, (last - datetime.now(UTC)).total_seconds() + 3.4 * PERIOD_S))
    publisher.publish_all(
        [message(settings, kind, talking, datetime.now(UTC), **values(talking, 0))]
    )
    wait_for_rows(db, kind, rounds * len(silent) + 1)
    with scheduled_jobs(settings) as run:
        run(rule_id)
        opened = alerts_of(db, rule_id)
        now = datetime.now(UTC)
        publisher.publish_all(
            [message(settings, kind, c, now, **values(c, rounds)) for c in silent]
        )
        wait_for_rows(db, kind, (rounds + 1) * len(silent) + 1)
        run(rule_id)
    return opened, alerts_of(db, rule_id)


def _lamp_values(_: str, k: int) -> dict[str, Any]:
    return {"powerConsumption": 60.0, "illuminanceLevel": 1.0, "lampOperatingHours": 100.0 + k}


def test_controller_offline_then_back_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Controllers silent for three periods raise one alert each; reporting again clears them."""
    covered, outside, talking = "testville-P00000", "testville-P10000", "testville-P00001"
    opened, after = _offline_then_back(
        db,
        wired,
        rule_id="controller_offline",
        kind=Kind.LAMP,
        silent=[covered, outside],
        talking=talking,
        values=_lamp_values,
    )
    ids, people = place.small.point_ids, place.policy.people
    expected = [
        ("light_point", ids[covered], "medium", "open", people["pilot"], "action_pilot"),
        (
            "light_point",
            ids[outside],
            "medium",
            "open",
            people["lighting_department"],
            "department",
        ),
    ]
    assert opened == expected
    assert after == [(*alert[:3], "resolved", *alert[4:]) for alert in expected]


def test_cabinet_offline_then_back_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Cabinets silent for three periods raise one high alert each; reporting clears them."""
    covered, outside, talking = "testville-C00", "testville-C10", "testville-C01"
    opened, after = _offline_then_back(
        db,
        wired,
        rule_id="cabinet_offline",
        kind=Kind.CABINET,
        silent=[covered, outside],
        talking=talking,
        values=lambda _, k: {"energyConsumed": 1000.0 + k, "totalActivePower": 600.0},
    )
    first, _, third, _ = place.cabinet_ids
    people = place.policy.people
    expected = [
        ("cabinet", first, "high", "open", people["pilot"], "action_pilot"),
        ("cabinet", third, "high", "open", people["lighting_department"], "department"),
    ]
    assert opened == expected
    assert after == [(*alert[:3], "resolved", *alert[4:]) for alert in expected]


def test_meter_offline_then_back_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A meter silent for three periods is offline, for the buildings department, then back."""
    silent, talking = "testville-B0-ELEC", "testville-B0-GAS"

    def values(code: str, k: int) -> dict[str, Any]:
        if code == talking:
            return {"gasEnergyImport": 3.0}
        return {"totalActiveEnergyImport": 5000.0 + k}

    opened, after = _offline_then_back(
        db,
        wired,
        rule_id="meter_offline",
        kind=Kind.METER,
        silent=[silent],
        talking=talking,
        values=values,
    )
    department = place.policy.people["buildings_department"]
    expected = ("meter", place.small.meter_ids[silent], "medium", "open", department, "department")
    assert opened == [expected]
    assert after == [(*expected[:3], "resolved", *expected[4:])]


def test_cycling_lamp_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Lamps going out four times during the last night are cycling; a steady one is not."""
    settings, publisher = wired
    covered, outside, steady = "testville-P00000", "testville-P10000", "testville-P00001"
    first = middle_of_last_night(12 * STEP)
    messages = [
        lamp(
            settings,
            code,
            first + k * STEP,
            powerConsumption=0.0 if code != steady and k % 3 == 1 else 60.0,
            illuminanceLevel=1.0,
        )
        for code in (covered, outside, steady)
        for k in range(13)
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.LAMP, len(messages))
    with scheduled_jobs(settings) as run:
        run("cycling_lamp")
    ids, people = place.small.point_ids, place.policy.people
    assert alerts_of(db, "cycling_lamp") == [
        ("light_point", ids[covered], "high", "open", people["pilot"], "action_pilot"),
        ("light_point", ids[outside], "high", "open", people["lighting_department"], "department"),
    ]


def test_sodium_lamp_end_of_life_from_counters_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """Counters past the rated life on 3 of a cabinet's 5 lamps make it due; 1 of 5 does not."""
    settings, publisher = wired
    db.execute(
        b"UPDATE light_point_equipment SET technology = 'HPS', dimmable = false,"
        b" nominal_power_w = 100, rated_life_h = 24000, lamp_installed_on = %s",
        (datetime.now(UTC).date() - timedelta(days=365),),
    )
    hours = {
        "testville-P00000": 26_000.0,
        "testville-P00001": 27_000.0,
        "testville-P00002": 25_000.0,
        "testville-P00003": 9_000.0,
        "testville-P10000": 26_000.0,
    }
    now = datetime.now(UTC)
    messages = [
        lamp(settings, code, now - k * STEP, powerConsumption=0.5, lampOperatingHours=h - k)
        for code, h in hours.items()
        for k in (2, 1)
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.LAMP, len(messages))
    with scheduled_jobs(settings) as run:
        run("sodium_lamp_end_of_life")
    people = place.policy.people
    due = db.execute(
        b"SELECT cabinet_id FROM light_points WHERE code = 'testville-P00000'"
    ).fetchall()[0][0]
    assert alerts_of(db, "sodium_lamp_end_of_life") == [
        ("cabinet", due, "low", "open", people["pilot"], "action_pilot"),
    ]


def test_sodium_fleet_deadline_through_broker(
    db: Conn, place: Place, wired: tuple[Settings, Publisher]
) -> None:
    """A reporting fleet all on sodium with no replacement misses the 2027 deadline."""
    settings, publisher = wired
    db.execute(
        b"UPDATE light_point_equipment SET technology = 'HPS', dimmable = false,"
        b" nominal_power_w = 100, rated_life_h = 24000"
    )
    now = datetime.now(UTC)
    messages = [
        lamp(settings, code, now - STEP, powerConsumption=0.5, lampOperatingHours=12_000.0)
        for code in place.small.point_codes
    ]
    publisher.publish_all(messages)
    wait_for_rows(db, Kind.LAMP, len(messages))
    with scheduled_jobs(settings) as run:
        run("sodium_fleet_deadline")
    severity = "high" if datetime.now(UTC).date() < date(2027, 2, 24) else "critical"
    department = place.policy.people["lighting_department"]
    assert alerts_of(db, "sodium_fleet_deadline") == [
        ("fleet", place.territory.id, severity, "open", department, "department")
    ]
    details = db.execute(b"SELECT details FROM alerts").fetchone()
    assert details is not None
    assert details[0]["sodium_points"] == len(place.small.point_codes)  # type: ignore[index]
