"""The demo's years of history: a sample of each action's meters, enough for a measured saving.

The plan's stretches go out through the real broker from the simulator, a collector stores
them, the rollups and the effects run, and the reading rules, started after the history, judge
none of it.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from factories import SmallTerritory, make_territory
from ingest_helpers import collector_thread, make_settings, unique_prefix, wait_until
from servers import MosquittoServer

from aggregation import effects, jobs
from aggregation import store as aggregation_store
from collector.service import CollectorOptions
from rules.readings import Catchup, handle_new_batches, skip_history
from simulator.runner import run_simulations
from vigie.demo import DemoOptions, history_options
from vigie.demo_history import DAILY_S, HOURLY_S, ScopedAction, history_plan, scoped_actions

Conn = psycopg.Connection[tuple[object, ...]]
NOW = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)


def test_the_plan_is_each_baseline_year_then_the_last_year_of_a_sample() -> None:
    """Baselines cut where the last year starts; the same sample of each action's devices."""
    devices = frozenset(f"C{i:02d}" for i in range(10))
    actions = [
        ScopedAction("OLD", date(2021, 3, 1), devices),
        ScopedAction("RECENT", date(2026, 6, 1), frozenset({"D1", "D2"})),
        ScopedAction("UNDATED", None, frozenset({"E1"})),
        ScopedAction("EMPTY", date(2022, 1, 1), frozenset()),
    ]
    plan = history_plan(actions, NOW, per_action=3, seed=7)
    assert [(s.label, s.start, s.until, s.every_s) for s in plan] == [
        ("OLD baseline", datetime(2020, 2, 29, tzinfo=UTC), datetime(2021, 3, 1, tzinfo=UTC),
         DAILY_S),
        ("RECENT baseline", datetime(2025, 5, 31, tzinfo=UTC),
         datetime(2025, 11, 18, tzinfo=UTC), DAILY_S),
        ("last year", datetime(2025, 11, 18, tzinfo=UTC), datetime(2026, 11, 19, tzinfo=UTC),
         DAILY_S),
        ("last day", datetime(2026, 11, 19, tzinfo=UTC), NOW, HOURLY_S),
    ]  # fmt: skip
    sampled = plan[0].devices
    assert len(sampled) == 3
    assert sampled <= devices
    assert history_plan(actions, NOW, per_action=3, seed=7)[0].devices == sampled
    assert plan[2].devices == sampled | {"D1", "D2", "E1"}


def _renovated_town(db: Conn, works: date) -> SmallTerritory:
    """Two districts of sodium points; district 0's go to dimmed LED on ``works``."""
    town = make_territory(
        db, districts=2, cabinets_per_district=3, points_per_cabinet=4, technology="HPS",
        nominal_power_w=150.0, buildings=0,
    )  # fmt: skip
    district = town.district_ids[0]
    db.execute(
        b"UPDATE light_point_equipment SET valid_to = %s WHERE light_point_id IN"
        b" (SELECT id FROM light_points WHERE district_id = %s)",
        (works, district),
    )
    db.execute(
        b"INSERT INTO light_point_equipment (light_point_id, valid_from, technology,"
        b" nominal_power_w, ballast_loss_pct, lamp_installed_on, rated_life_h, controller_id,"
        b" remote_controlled, dimmable)"
        b" SELECT id, %s, 'LED', 60, 0, %s, 100000, 'CTRL-' || code, true, true"
        b" FROM light_points WHERE district_id = %s",
        (works, works, district),
    )
    row = db.execute(
        b"WITH p AS (INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P')"
        b" RETURNING id), m AS (INSERT INTO missions (policy_id, code, title, domain)"
        b" SELECT id, '03', 'Lighting', 'lighting' FROM p RETURNING id)"
        b" INSERT INTO actions (mission_id, code, title, status, actual_start, actual_end)"
        b" SELECT id, 'A1', 'Renovation', 'done', %s, %s FROM m RETURNING id",
        (town.territory_id, works, works),
    ).fetchone()
    assert row is not None
    db.execute(
        b"INSERT INTO action_scopes (action_id, role, district_id) VALUES (%s, 'treated', %s)",
        (row[0], district),
    )
    return town


def _stored(db: Conn) -> int:
    row = db.execute(
        b"SELECT (SELECT count(*) FROM cabinet_readings) + (SELECT count(*) FROM meter_readings)"
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def test_the_history_gives_a_measured_saving_and_no_alert(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Two of three renovated cabinets sampled: a cabinet-metered saving near the truth."""
    today = datetime.now(UTC).replace(microsecond=0)
    works = (today - timedelta(days=500)).date()
    town = _renovated_town(db, works)
    (action,) = scoped_actions(db, town.code)
    assert len(action.devices) == 3
    options = DemoOptions(sample=2)
    detailed_from = today - timedelta(hours=2)
    plan = history_plan([action], detailed_from, per_action=options.sample, seed=options.seed)
    settings = make_settings(db_url, broker.url, unique_prefix())
    with collector_thread(
        settings, CollectorOptions(metrics_port=None, max_age=timedelta(days=900))
    ):
        sent = run_simulations(
            settings, threading.Event(), [history_options(options, s) for s in plan]
        )
        wait_until(lambda: _stored(db) >= sent.readings, timeout=120, what="the history stored")
    assert _stored(db) == sent.readings
    assert skip_history(db, detailed_from)
    assert handle_new_batches(db, Catchup(), now=today) == 0
    jobs.aggregate_pending(db)
    (territory,) = aggregation_store.territories(db, town.code)
    effects.compute_effects(db, territory, today.date())
    row = db.execute(
        b"SELECT method, saved_pct, saved_pct_low, saved_pct_high, warnings FROM effects_latest"
        b" WHERE headline"
    ).fetchone()
    assert row is not None
    method, pct, low, high, warnings = row
    # Sodium 150 W and 15 % gear become LED 60 W dimmed to 70 % on average: 75.65 % less.
    truth = 100 * (1 - 60 * 0.7 / (150 * 1.15))
    assert method == "lighting_cabinet_metered"
    assert float(str(pct)) == pytest.approx(truth, abs=2.0)
    assert float(str(low)) <= truth <= float(str(high))
    assert "extrapolated_from_measured_units" in list(warnings)  # type: ignore[call-overload]
    assert db.execute(b"SELECT count(*) FROM alerts").fetchone() == (0,)
