"""The example town of docs/bring-your-own-territory.md, from its files to its action's météo.

Lavalette (docs/examples/lavalette) is registered from its files only, in the documented order,
with no seed and no SQL: territory, districts, cabinets, buildings, meters, light points, the
equipment history of the LED works, the policy. Two local days of readings after the works go
through the broker and the collector; the aggregation computes the rollups, the effect against
the former sodium lamps' nameplate, the indicator and the météo; the API shows them. The test
keeps the example files true: if they stop importing, or stop meaning what the page says, it
fails.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
import psycopg
import pytest
from api_world import api_client, bearer, make_token, settings_for
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    make_settings,
    unique_prefix,
    wait_until,
)
from policy_helpers import scope_points
from servers import MosquittoServer
from territory_helpers import EXAMPLE, fingerprint, register_town

from aggregation import effects as effect_jobs
from aggregation import indicators, jobs, weather_reports
from aggregation import store as aggregation_store
from collector.topics import Kind, topic_of
from core.solar import is_night
from registry.equipment_history import import_equipment
from registry.territory_files import read_rows

Conn = psycopg.Connection[tuple[object, ...]]
PARIS = ZoneInfo("Europe/Paris")
LATITUDE, LONGITUDE = 45.9, 4.75  # territories.csv
STEP = timedelta(minutes=10)  # the light points' default reporting period
RENOVATED, LATER, CONTROL = ("N-1", "N-2", "N-3", "N-4"), "N-5", ("S-1", "S-2", "S-3")
READINGS = (date(2026, 10, 16), date(2026, 10, 18))  # the days after the works (actions.csv)


def _messages(prefix: str) -> list[tuple[str, bytes]]:
    """Two local days of every point: 40 W (LED) or 100 W (sodium) by night."""
    start = datetime.combine(READINGS[0], time(), PARIS).astimezone(UTC)
    end = datetime.combine(READINGS[1], time(), PARIS).astimezone(UTC)
    messages = []
    for code in (*RENOVATED, LATER, *CONTROL):
        watts = 100.0 if code in CONTROL else 40.0
        counter_kwh, ts = 10.0, start
        while ts <= end:
            on = is_night(ts, LATITUDE, LONGITUDE)
            body = {
                "msgId": uuid.uuid4().hex,
                "ts": ts.isoformat(),
                "values": {
                    "powerState": "on" if on else "off",
                    "powerConsumption": watts if on else 0.0,
                    "totalActiveEnergyImport": round(counter_kwh, 6),
                },
            }
            messages.append((topic_of(prefix, "lavalette", Kind.LAMP, code), encode(body)))
            counter_kwh += watts * STEP.total_seconds() / 3600 / 1000 if on else 0.0
            ts += STEP
    return messages


@pytest.fixture
def lavalette(db: Conn, db_url: str, broker: MosquittoServer) -> Iterator[httpx.Client]:
    """Lavalette registered from its files, its readings collected and aggregated."""
    register_town(db)
    settings = make_settings(
        db_url, broker.url, unique_prefix(), territory="lavalette", max_reading_age_days=36_500
    )
    messages = _messages(settings.mqtt_topic_prefix)
    publisher = Publisher(broker.url)
    with collector_thread(settings):
        publisher.publish_all(messages)
        wait_until(
            lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (len(messages),),
            what="the readings",
        )
    publisher.close()
    jobs.aggregate_pending(db)
    (territory,) = aggregation_store.territories(db, "lavalette")
    effect_jobs.compute_effects(db, territory, READINGS[1])
    indicators.compute_indicators(db, territory, "day", READINGS[0], READINGS[1])
    weather_reports.report_weather(db, territory, READINGS[1])
    with api_client(settings_for(db_url, territory="lavalette")) as client:
        yield client


def test_the_example_town_shows_its_action_effect_and_meteo(
    lavalette: httpx.Client, db: Conn
) -> None:
    """The LED works saved energy against the sodium lamps; the action and mission are sunny."""
    person = db.execute(
        "SELECT id FROM people WHERE email = 'ines@lavalette.example.org'"
    ).fetchone()
    assert person is not None
    token = bearer(make_token(db, "pilot", int(str(person[0])), territories=("lavalette",)))
    action = lavalette.get("/v1/actions/ECL-NORD", headers=token).json()
    assert scope_points(db, "ECL-NORD") == set(RENOVATED)  # N-5 came after the works started
    (nameplate,) = [e for e in action["effects"] if e["method"] == "lighting_nameplate_baseline"]
    assert nameplate["coverage_reporting"] >= 0.9
    # Four LED points at 40 W against four sodium points at 100 W plus 15 % of gear losses.
    assert nameplate["saved_pct"] == pytest.approx(100 * (1 - 40 / 115), abs=5)
    assert nameplate["saved_kwh_low"] < nameplate["saved_kwh"] < nameplate["saved_kwh_high"]
    assert action["meteo"]["status"] == "sunny", action["meteo"]
    mission = lavalette.get("/v1/missions/ECL", headers=token).json()
    assert mission["meteo"]["status"] == "sunny", mission["meteo"]
    values = lavalette.get("/v1/indicators/ECL-NORD-PCT/values?period=day", headers=token).json()
    assert values["items"][-1]["value"] == pytest.approx(nameplate["saved_pct"])


def test_the_example_files_imported_again_change_nothing(db: Conn) -> None:
    """Registering the example town a second time leaves the registry as it was, no warning."""
    register_town(db)
    before = fingerprint(db)
    register_town(db)
    assert fingerprint(db) == before
    again = import_equipment(
        db, read_rows("equipment", EXAMPLE / "equipment.csv"), skip_invalid=False
    )
    assert (again.points_changed, again.warnings) == (0, [])
