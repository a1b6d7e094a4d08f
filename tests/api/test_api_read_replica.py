"""The API reads through a streaming replica (VIGIE_DATABASE_READ_URL), writes on the primary.

A throwaway primary and a hot standby made from it with ``pg_basebackup -R``, from the same
PostgreSQL binaries. Pausing the standby's replay shows which server a route reads from.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import psycopg
import pytest
from api_world import World, api_client, bearer, make_world, settings_for
from servers import PostgresServer, make_root

from core.migrations import migrate


@dataclass(frozen=True)
class Pair:
    """A primary and its streaming replica, with the database's URL on each."""

    primary: PostgresServer
    replica: PostgresServer
    primary_url: str
    replica_url: str


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    """A migrated primary and a hot standby streaming from it, for this module."""
    root = make_root("vigie-replica-")
    primary = PostgresServer(root / "primary")
    primary.start()
    replica: PostgresServer | None = None
    try:
        primary_url = primary.create_database("vigie")
        migrate(primary_url)
        replica = PostgresServer(root / "replica", primary=primary)
        replica.start()
        yield Pair(primary, replica, primary_url, replica.url("vigie"))
    finally:
        if replica is not None:
            replica.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


def _replayed(pair: Pair, timeout: float = 20.0) -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    with psycopg.connect(pair.primary_url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
    assert row is not None
    deadline = time.monotonic() + timeout
    with psycopg.connect(pair.replica_url, autocommit=True) as conn:
        while True:
            done = conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (row[0],)
            ).fetchone()
            if done == (True,):
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)


def _replay(pair: Pair, *, paused: bool) -> None:
    with psycopg.connect(pair.replica_url, autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def world(pair: Pair) -> World:
    """The API tests' small world, written on the primary and replayed on the replica."""
    with psycopg.connect(pair.primary_url, autocommit=True) as conn:
        made = make_world(conn)
    _replayed(pair)
    return made


@pytest.fixture(scope="module")
def client(pair: Pair, world: World) -> Iterator[httpx.Client]:
    """An API writing on the primary and reading through the replica."""
    settings = settings_for(pair.primary_url, database_read_url=pair.replica_url)
    with api_client(settings) as running:
        yield running


def _missions(client: httpx.Client, world: World) -> list[str]:
    response = client.get("/v1/missions", headers=bearer(world.tokens["admin"]))
    assert response.status_code == 200, response.text
    return [m["code"] for m in response.json()]


def test_reads_come_from_the_replica_and_writes_go_to_the_primary(
    pair: Pair, world: World, client: httpx.Client
) -> None:
    """With replay paused a new mission is stored but not read; once replayed, it is read."""
    assert _missions(client, world) == ["03"]
    _replay(pair, paused=True)
    try:
        created = client.post(
            "/v1/missions",
            headers=bearer(world.tokens["admin"]),
            json={"policy": "P1", "code": "04", "title": "Buildings", "domain": "buildings"},
        )
        assert created.status_code == 201, created.text
        assert _missions(client, world) == ["03"]  # the replica has not replayed it yet
    finally:
        _replay(pair, paused=False)
    _replayed(pair)
    assert _missions(client, world) == ["03", "04"]


def test_every_read_route_reads_data_written_on_the_primary(
    pair: Pair, world: World, client: httpx.Client
) -> None:
    """Actions, alerts and indicator values read through the replica; its sessions say so."""
    admin = bearer(world.tokens["admin"])
    actions = client.get("/v1/actions", headers=admin)
    assert actions.status_code == 200, actions.text
    assert {a["code"] for a in actions.json()["items"]} == {"A1", "A2"}
    alerts = client.get("/v1/alerts", headers=admin)
    assert alerts.status_code == 200, alerts.text
    assert len(alerts.json()["items"]) == 2
    values = client.get("/v1/indicators/A1-ENERGY/values", headers=admin)
    assert values.status_code == 200, values.text
    assert len(values.json()["items"]) == 12
    with psycopg.connect(pair.replica_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vigie-api-reads'"
        ).fetchone()
    assert row is not None
    assert int(str(row[0])) >= 1
