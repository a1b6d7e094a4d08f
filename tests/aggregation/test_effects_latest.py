"""The latest effects of an action are those of its latest computation; adjustments are listed."""

from __future__ import annotations

from datetime import date

import psycopg
from factories import make_territory

from aggregation import store_effects
from aggregation.savings import Effect, Period
from aggregation.store_effects import RecordedAdjustment, as_adjustments

Conn = psycopg.Connection[tuple[object, ...]]
BASELINE = Period(date(2024, 1, 1), date(2025, 1, 1))


def _action(db: Conn) -> int:
    town = make_territory(db)
    ids: list[int] = []
    for query, params in (
        ("INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P') RETURNING id",
         (town.territory_id,)),
        ("INSERT INTO missions (policy_id, code, title) VALUES (%s, '03', 'L') RETURNING id", None),
        ("INSERT INTO actions (mission_id, code, title) VALUES (%s, 'A', 'A') RETURNING id", None),
    ):  # fmt: skip
        row = db.execute(query.encode(), params or (ids[-1],)).fetchone()
        assert row is not None
        ids.append(int(str(row[0])))
    return ids[-1]


def _store(db: Conn, action: int, method: str, as_of: date, *, headline: bool) -> None:
    effect = Effect(method, BASELINE, Period(date(2025, 2, 1), as_of), 1.0, 1.0, headline=headline)
    store_effects.save_effect(db, action, effect)


def test_a_method_gone_from_the_latest_computation_is_not_shown(db: Conn) -> None:
    """A control group removed: its figure of an older date is neither latest nor headline."""
    action = _action(db)
    _store(db, action, "lighting_difference_in_differences", date(2026, 1, 1), headline=True)
    _store(db, action, "lighting_cabinet_metered", date(2026, 1, 1), headline=False)
    _store(db, action, "lighting_cabinet_metered", date(2026, 2, 1), headline=True)
    latest = db.execute(
        "SELECT method, headline FROM effects_latest WHERE action_id = %s", (action,)
    ).fetchall()
    assert latest == [("lighting_cabinet_metered", True)]
    assert db.execute("SELECT count(*) FROM effects").fetchone() == (3,)


def test_a_recomputation_forgets_the_methods_that_no_longer_apply(db: Conn) -> None:
    """Computed again as of the same date without a method, that method's row goes."""
    action = _action(db)
    _store(db, action, "lighting_difference_in_differences", date(2026, 1, 1), headline=True)
    _store(db, action, "lighting_cabinet_metered", date(2026, 1, 1), headline=False)
    store_effects.forget_other_methods(db, action, date(2026, 1, 1), ["lighting_cabinet_metered"])
    methods = db.execute("SELECT method FROM effects").fetchall()
    assert methods == [("lighting_cabinet_metered",)]


def test_an_adjustment_outside_the_reporting_period_is_listed_not_applied() -> None:
    """An adjustment of the baseline months only is listed with 0 kWh and says why."""
    recorded = [
        RecordedAdjustment(1, "switch_off_policy", date(2024, 3, 1), date(2024, 9, 1), 365.0, "x"),
        RecordedAdjustment(2, "other", date(2025, 6, 1), None, 365.0, "y"),
    ]
    found = as_adjustments(recorded, (date(2025, 2, 1), date(2025, 7, 1)))
    assert [(a.id, a.kwh) for a in found] == [(1, 0.0), (2, 30.0)]
    assert "outside the reporting period" in found[0].note
