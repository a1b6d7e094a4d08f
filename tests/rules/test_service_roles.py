"""Each program works with its own database role's grants only, and cannot do more.

The collector runs as a member of vigie_collector, the worker as one of vigie_worker: readings
published on the broker are stored and raise their alert; what a role was not granted fails.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from brokerkit import lamp, wait_for_alert
from factories import login_url
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    make_settings,
    unique_prefix,
    wait_until,
    worker_listening,
)
from rulekit import Conn, make_place
from servers import MosquittoServer

STEP = timedelta(minutes=10)


def _last_one_am() -> datetime:
    now = datetime.now(UTC)
    moment = now.replace(hour=1, minute=0, second=0, microsecond=0)
    return moment if moment <= now - timedelta(minutes=20) else moment - timedelta(days=1)


def test_collector_and_worker_run_on_their_roles(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """A failed lamp's readings reach the database and its alert as the two service roles."""
    place = make_place(db)
    prefix = unique_prefix()
    collector = make_settings(
        db_url, broker.url, prefix, database_url=login_url(db_url, "vigie_collector")
    )
    worker = make_settings(
        db_url, broker.url, prefix, database_url=login_url(db_url, "vigie_worker")
    )
    faulty = place.small.point_codes[0]
    start = _last_one_am()
    messages = [
        lamp(collector, faulty, start + k * STEP, powerState="on", powerConsumption=0.5)
        for k in range(3)
    ]
    messages.append((messages[0][0], encode({"not": "a reading"})))
    publisher = Publisher(broker.url)
    with collector_thread(collector), worker_listening(worker):
        publisher.publish_all(messages)
        alerts = wait_for_alert(db, "lamp_failure", timeout=20)
        wait_until(
            lambda: db.execute("SELECT count(*) FROM dead_letters").fetchone() == (1,),
            what="the dead letter",
        )
    publisher.close()
    assert len(alerts) == 1
    assert db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (3,)


@pytest.mark.parametrize(
    ("group", "statement"),
    [
        ("vigie_collector", "SELECT count(*) FROM api_tokens"),
        ("vigie_collector", "DELETE FROM lamp_readings"),
        ("vigie_collector", "UPDATE actions SET title = 'x'"),
        ("vigie_collector", "CREATE TABLE mine (a int)"),
        ("vigie_worker", "SELECT count(*) FROM web_sessions"),
        ("vigie_worker", "DELETE FROM lamp_readings"),
        ("vigie_worker", "UPDATE people SET name = 'x'"),
        ("vigie_api", "DELETE FROM lamp_readings"),
        (
            "vigie_api",
            (
                "INSERT INTO dead_letters (topic, payload, error_kind, reason)"
                " VALUES ('t', 'x', 'k', 'r')"
            ),
        ),
        ("vigie_api", "DROP TABLE analyses"),
    ],
)
def test_a_role_cannot_do_what_it_was_not_granted(db_url: str, group: str, statement: str) -> None:
    """Reading secrets, deleting readings, changing another program's tables: refused."""
    with (
        psycopg.connect(login_url(db_url, group), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement.encode())
