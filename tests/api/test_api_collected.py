"""Readings that went through the broker, the collector and the aggregation, read over HTTP."""

from __future__ import annotations

import psycopg
import pytest
from api_world import api_client, bearer, make_token, settings_for
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    stamp,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer

from aggregation.jobs import aggregate_pending
from collector.topics import Kind, topic_of
from core.database import connect

Conn = psycopg.Connection[tuple[object, ...]]
READINGS = 18


def _collect(db: Conn, db_url: str, broker: MosquittoServer, code: str) -> None:
    """Three hours of a 60 W lamp, one reading every ten minutes, through MQTT and the collector."""
    prefix = unique_prefix()
    messages = [
        (
            topic_of(prefix, "testville", Kind.LAMP, code),
            encode(
                lamp_payload(
                    ts=stamp(190 - 10 * k),
                    values={
                        "powerState": "on",
                        "powerConsumption": 60.0,
                        "totalActiveEnergyImport": 100.0 + 0.01 * k,
                    },
                )
            ),
        )
        for k in range(READINGS)
    ]
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)):
        publisher.publish_all(messages)
        wait_until(
            lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (READINGS,),
            what="the readings",
        )
    publisher.close()
    with connect(db_url) as conn:
        aggregate_pending(conn)
        conn.commit()


def test_collected_readings_and_rollups_per_role(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """A viewer pages through collected readings and hourly rollups; no token, no data."""
    town = make_territory(db)
    code = town.point_codes[0]
    _collect(db, db_url, broker, code)
    viewer = bearer(make_token(db, "viewer"))
    path = f"/v1/assets/light_point/{code}"
    with api_client(settings_for(db_url, mqtt_url=broker.url)) as client:
        assert client.get(f"{path}/readings").status_code == 401
        first = client.get(f"{path}/readings?limit=10", headers=viewer).json()
        rest = client.get(
            f"{path}/readings?limit=10&cursor={first['next_cursor']}", headers=viewer
        ).json()
        readings = first["items"] + rest["items"]
        assert len(readings) == READINGS
        assert rest["next_cursor"] is None
        assert readings[0]["values"]["power_w"] == 60.0
        assert readings[1]["values"]["energy_wh"] - readings[0]["values"]["energy_wh"] == 10.0
        hours = client.get(f"{path}/rollups?bucket=hour", headers=viewer).json()["items"]
        assert 0.15 < sum(h["sum"] for h in hours) < 0.18  # 170 Wh between first and last
        assert all(0 <= h["coverage"] <= 1 for h in hours)
        days = client.get(f"{path}/rollups?bucket=day", headers=viewer).json()["items"]
        assert abs(sum(d["sum"] for d in days) - sum(h["sum"] for h in hours)) < 1e-9
        district = client.get(
            "/v1/assets/district/testville-D0/rollups?bucket=day", headers=viewer
        ).json()["items"]
        assert [d["sum"] for d in district] == [d["sum"] for d in days]
        assert [d["coverage"] for d in district] == [
            pytest.approx(d["coverage"] / len(town.point_codes) * 2) for d in days
        ]
        health = client.get("/health").json()
        assert health["status"] == "ok"
        assert 0 <= health["collector_lag_s"] < 120


def test_unknown_asset_and_bad_range_are_named(db: Conn, db_url: str) -> None:
    """An unknown code is a 404; a district's hourly rollups are refused naming query.bucket."""
    town = make_territory(db)
    viewer = bearer(make_token(db, "viewer"))
    with api_client(settings_for(db_url)) as client:
        missing = client.get("/v1/assets/meter/NOPE/readings", headers=viewer)
        assert missing.status_code == 404
        assert missing.json()["detail"] == "no meter NOPE"
        district = town.district_ids and "testville-D0"
        hourly = client.get(f"/v1/assets/district/{district}/rollups?bucket=hour", headers=viewer)
        assert hourly.status_code == 422
        assert hourly.json()["errors"][0]["field"] == "query.bucket"
