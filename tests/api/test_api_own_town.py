"""A town that is not the seed, from files to the météo of its action.

Bourg has two districts. Four sodium points of the north district were renovated to LED by
Inès's action, whose scope is "the north district as it was when the works started": a fifth
point, added after the works, does not enter. The south district is the control group. Two
days of readings after the works go through the broker and the collector; the aggregation
computes the rollups, the effect against the former lamps' nameplate power, the indicators and
the météo; the API shows them. The districts and cabinets are inserted directly (their import
files are the registry's); the light points, their renovation and the policy come from files.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
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

from aggregation import effects as effect_jobs
from aggregation import indicators, jobs, weather_reports
from aggregation import store as aggregation_store
from collector.topics import Kind, topic_of
from core.solar import is_night
from registry.files import read_light_points
from registry.importer import import_light_points
from registry.policy_files import read_policy_folder
from registry.policy_import import import_policy

Conn = psycopg.Connection[tuple[object, ...]]
PARIS = ZoneInfo("Europe/Paris")
LATITUDE, LONGITUDE = 45.90, 4.75
STEP = timedelta(minutes=30)
RENOVATED = ("N-1", "N-2", "N-3", "N-4")
LATER, CONTROL = "N-5", ("S-1", "S-2", "S-3")
TODAY = datetime.now(PARIS).date()
YEAR = timedelta(days=365)
WORKS = (TODAY - timedelta(days=40), TODAY - timedelta(days=3))


def _districts_and_cabinets(conn: Conn) -> None:
    """What the registry's own import files will register: territory, commune, districts."""
    conn.execute(
        "INSERT INTO territories (code, name, timezone, latitude, longitude)"
        " VALUES ('bourg', 'Bourg', 'Europe/Paris', %s, %s)",
        (LATITUDE, LONGITUDE),
    )
    conn.execute(
        "INSERT INTO communes (territory_id, insee_code, name)"
        " SELECT id, '01999', 'Bourg' FROM territories WHERE code = 'bourg'"
    )
    for district, cabinet in (("D-NORD", "C-NORD"), ("D-SUD", "C-SUD")):
        conn.execute(
            "INSERT INTO districts (commune_id, code, name)"
            " SELECT id, %s, %s FROM communes WHERE name = 'Bourg'",
            (district, district.title()),
        )
        conn.execute(
            "INSERT INTO control_cabinets (code, district_id, latitude, longitude)"
            " SELECT %s, id, %s, %s FROM districts WHERE code = %s",
            (cabinet, LATITUDE, LONGITUDE, district),
        )


HEADER = (
    "code,district,cabinet,latitude,longitude,street,technology,nominal_power_w,"
    "lantern_installed_on,controller_id,remote_controlled,valid_from\n"
)


def _point(code: str, technology: str, watts: int, since: date) -> str:
    district, cabinet = ("D-NORD", "C-NORD") if code.startswith("N") else ("D-SUD", "C-SUD")
    controller = f"LC-{code}"
    return (
        f"{code},{district},{cabinet},{LATITUDE},{LONGITUDE},Grande Rue,{technology},{watts},"
        f"{since},{controller},true,{since}\n"
    )


def _light_points(conn: Conn, folder: Path) -> None:
    """The inventory, then the GIS export of the renovation: two imports of the same command."""
    before = folder / "inventaire.csv"
    before.write_text(
        HEADER + "".join(_point(c, "HPS", 100, date(2010, 5, 1)) for c in RENOVATED + CONTROL),
        encoding="utf-8",
    )
    renovated = WORKS[1] - timedelta(days=5)
    after = folder / "renovation.csv"
    after.write_text(
        HEADER
        + "".join(_point(c, "LED", 40, renovated) for c in RENOVATED)
        + _point(LATER, "LED", 40, TODAY - timedelta(days=2)),
        encoding="utf-8",
    )
    for path in (before, after):
        import_light_points(conn, read_light_points(path), skip_invalid=False)
    conn.execute("UPDATE light_points SET reporting_period_s = 1800")


def _policy(folder: Path) -> Path:
    files = {
        "people.csv": "email,name\nines@bourg.example.org,Inès Roux\npaul@bourg.example.org,Paul\n",
        "roles.csv": "person,role\nines@bourg.example.org,pilot\npaul@bourg.example.org,admin\n",
        "policy.csv": "territory,code,title\nbourg,TI,Bourg intelligent\n",
        "missions.csv": (
            "policy,code,title,domain,lead\nTI,ECL,Éclairage,lighting,paul@bourg.example.org\n"
        ),
        "actions.csv": (
            "code,mission,title,status,pilot,planned_start,planned_end,actual_start,actual_end,"
            "projected_saving_pct,saving_commitment\n"
            f"ECL-NORD,ECL,LED au nord,done,ines@bourg.example.org,{WORKS[0]},{WORKS[1]},"
            f"{WORKS[0]},{WORKS[1]},60,guaranteed\n"
        ),
        "scopes.csv": f"action,kind,code,existed_on\nECL-NORD,district,D-NORD,{WORKS[0]}\n",
        "control_groups.csv": "action,kind,code\nECL-NORD,district,D-SUD\n",
        "indicators.csv": (
            "code,title,kind,unit,direction,action,computation,parameters,baseline_value,"
            "baseline_on\n"
            "ECL-NORD-PCT,Énergie économisée,effect,%,increase,ECL-NORD,energy_saved_pct,"
            f"method=lighting_nameplate_baseline,0,{WORKS[0]}\n"
        ),
        "targets.csv": f"indicator,target_on,value\nECL-NORD-PCT,{TODAY + YEAR},40\n",
    }
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _messages(prefix: str) -> list[tuple[str, bytes]]:
    """Two local days of every point: 40 W (LED) or 100 W (sodium) by night, every 30 min."""
    start = datetime.combine(TODAY - timedelta(days=2), time(), PARIS).astimezone(UTC)
    end = datetime.combine(TODAY, time(), PARIS).astimezone(UTC)
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
            messages.append((topic_of(prefix, "bourg", Kind.LAMP, code), encode(body)))
            counter_kwh += watts * 0.5 / 1000 if on else 0.0
            ts += STEP
    return messages


@pytest.fixture
def bourg(db: Conn, db_url: str, broker: MosquittoServer, tmp_path: Path) -> Iterator[httpx.Client]:
    """Bourg registered from files, its readings collected and aggregated, its API running."""
    _districts_and_cabinets(db)
    _light_points(db, tmp_path)
    result = import_policy(
        db, read_policy_folder(_policy(tmp_path / "politique")), skip_invalid=False
    )
    assert result.problems == []
    settings = make_settings(db_url, broker.url, unique_prefix(), territory="bourg")
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
    (territory,) = aggregation_store.territories(db, "bourg")
    effect_jobs.compute_effects(db, territory, TODAY)
    indicators.compute_indicators(db, territory, "day", TODAY - timedelta(days=3), TODAY)
    weather_reports.report_weather(db, territory, TODAY)
    with api_client(settings_for(db_url, territory="bourg")) as client:
        yield client


def test_a_town_from_files_shows_its_action_effect_and_meteo(bourg: httpx.Client, db: Conn) -> None:
    """The renovation saved energy against the former lamps; action and mission are sunny."""
    person = db.execute("SELECT id FROM people WHERE email = 'ines@bourg.example.org'").fetchone()
    assert person is not None
    token = bearer(make_token(db, "pilot", int(str(person[0])), territories=("bourg",)))
    action = bourg.get("/v1/actions/ECL-NORD", headers=token).json()
    assert [(s["kind"], s["code"], s["existed_on"]) for s in action["scope"]] == [
        ("district", "D-NORD", str(WORKS[0])),
        ("district", "D-SUD", None),
    ]
    assert scope_points(db, "ECL-NORD") == set(RENOVATED)  # the point added later is left out
    (nameplate,) = [e for e in action["effects"] if e["method"] == "lighting_nameplate_baseline"]
    assert nameplate["coverage_reporting"] >= 0.9
    # Four LED points at 40 W against four sodium points at 100 W plus 15 % of gear losses.
    assert nameplate["saved_pct"] == pytest.approx(100 * (1 - 40 / 115), abs=5)
    assert nameplate["saved_kwh_low"] < nameplate["saved_kwh"] < nameplate["saved_kwh_high"]
    assert action["saving"]["commitment"] == "guaranteed"
    assert action["meteo"]["status"] == "sunny", action["meteo"]
    mission = bourg.get("/v1/missions/ECL", headers=token).json()
    assert mission["meteo"]["status"] == "sunny", mission["meteo"]
    values = bourg.get("/v1/indicators/ECL-NORD-PCT/values?period=day", headers=token).json()[
        "items"
    ]
    assert values[-1]["value"] == pytest.approx(nameplate["saved_pct"])
