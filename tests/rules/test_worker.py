"""The worker's scheduling: resume after a restart, one runner per job, one line per run."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import login_url
from rulekit import Conn, Place, make_place
from servers import PostgresServer

from core.settings import Settings
from core.storage import partitions
from rules import lifecycle, store_worker
from rules.catalogue import scheduled
from rules.worker import Worker


@pytest.fixture
def place(db: Conn) -> Place:
    """The test territory with its policy."""
    return make_place(db)


@pytest.fixture
def worker(db_url: str) -> Iterator[Worker]:
    """A worker on the test database, its scheduler started paused."""
    made = Worker(Settings(database_url=db_url))
    yield made
    if made.scheduler.running:
        made.scheduler.shutdown(wait=False)
    made.pool.close()


def test_scheduled_rules_resume_from_their_last_run(db: Conn, place: Place, worker: Worker) -> None:
    """A rule that ran a minute ago waits out its period after a restart; the others run now."""
    now = datetime.now(UTC).replace(microsecond=0)
    db.execute(
        b"INSERT INTO rule_runs (job, rule_id, territory_id, trigger, started_at, duration_ms,"
        b" subjects, raised, opened, resolved)"
        b" VALUES ('testville:controller_offline', 'controller_offline', %s, 'schedule', %s,"
        b" 5, 0, 0, 0, 0)",
        (place.territory.id, now - timedelta(minutes=1)),
    )
    worker.schedule(now)
    worker.scheduler.start(paused=True)
    jobs = {job.id: job.next_run_time for job in worker.scheduler.get_jobs()}
    assert jobs["testville:controller_offline"] == now + timedelta(minutes=4)
    assert jobs["testville:meter_offline"] == now
    assert {f"testville:{r.id}" for r in scheduled()} | {
        "notify",
        "escalate",
        "digest",
        "partitions",
    } == set(jobs)
    assert jobs["partitions"] == now
    job = worker.scheduler.get_job("testville:controller_offline")
    assert (job.max_instances, job.coalesce) == (1, True)


def test_a_job_held_by_another_worker_is_skipped(
    db: Conn, db_url: str, worker: Worker, caplog: pytest.LogCaptureFixture
) -> None:
    """While another session holds a job's lock the job does not run; afterwards it does."""
    ran: list[str] = []
    with psycopg.connect(db_url, autocommit=True) as other:
        assert store_worker.try_lock(other, "testville:cycling_lamp")
        with caplog.at_level(logging.INFO):
            worker.locked("testville:cycling_lamp", lambda _: ran.append("ran"))
        assert ran == []
        assert "job skipped" in caplog.messages
        # Released here, not by closing: a closed session's backend may hold it a moment longer.
        other.execute("SELECT pg_advisory_unlock_all()")
    worker.locked("testville:cycling_lamp", lambda _: ran.append("ran"))
    assert ran == ["ran"]


def test_a_scheduled_run_logs_one_line_and_records_itself(
    db: Conn, place: Place, worker: Worker, caplog: pytest.LogCaptureFixture
) -> None:
    """Running a scheduled rule logs one summary line and leaves one rule_runs row."""
    worker.schedule(datetime.now(UTC))
    job = worker.scheduler.get_job("testville:sodium_fleet_deadline")
    with caplog.at_level(logging.INFO, logger="rules.engine"):
        job.func(*job.args)
    (record,) = [r for r in caplog.records if r.name == "rules.engine"]
    assert record.getMessage() == "rule run"
    assert vars(record)["rule"] == "sodium_fleet_deadline"
    assert {"subjects", "opened", "resolved", "duration_ms"} <= set(vars(record))
    assert db.execute(b"SELECT trigger FROM rule_runs").fetchall() == [("schedule",)]


def test_alert_lifecycle_by_hand(db: Conn, place: Place) -> None:
    """An alert is acknowledged, resolved and closed by people; a wrong step is refused."""
    from core.errors import Conflict, NotFound  # noqa: PLC0415 - only this test needs them

    db.execute(
        b"INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        b" summary, group_key) VALUES (%s, 'day_burner', 'lighting', 'light_point', 1, 'medium',"
        b" 'x', 'g')",
        (place.territory.id,),
    )
    (alert_id,) = db.execute(b"SELECT id FROM alerts").fetchone() or ()
    pilot = place.policy.people["pilot"]
    alert = int(str(alert_id))
    with pytest.raises(Conflict):
        lifecycle.close(db, alert, pilot)
    lifecycle.acknowledge(db, alert, pilot, "seen")
    lifecycle.resolve(db, alert, pilot, "relay replaced")
    lifecycle.close(db, alert, pilot)
    with pytest.raises(NotFound):
        lifecycle.acknowledge(db, alert + 1, pilot)
    row = db.execute(
        b"SELECT state, acknowledged_by, resolved_by, comment FROM alerts WHERE id = %s", (alert,)
    ).fetchone()
    assert row == ("closed", pilot, pilot, "relay replaced")
    history = db.execute(
        b"SELECT kind, person_id FROM alert_events WHERE alert_id = %s ORDER BY id", (alert,)
    ).fetchall()
    assert history == [("acknowledged", pilot), ("resolved", pilot), ("closed", pilot)]


def test_the_partitions_job_makes_the_periods_as_the_worker_role(
    db: Conn, db_url: str, postgres: PostgresServer
) -> None:
    """The hourly `partitions` job, run as vigie_worker, makes this week's period and the next."""
    worker = Worker(Settings(database_url=login_url(db_url, "vigie_worker")))
    try:
        worker.schedule(datetime.now(UTC))
        job = worker.scheduler.get_job("partitions")
        assert job.trigger.interval == timedelta(hours=1)
        job.func(*job.args)
    finally:
        worker.pool.close()
    made = partitions.partitions(db)
    if postgres.timescaledb:
        assert made == []  # hypertables: TimescaleDB's own jobs act
        return
    assert {p.table for p in made} == {"lamp_readings_stored", "cabinet_readings", "meter_readings"}
    assert any(
        p.starts <= datetime.now(UTC) < p.ends for p in made if p.table == "lamp_readings_stored"
    )
