"""Known answers for the effects of lighting actions on Angers-shaped data.

Each case is its own generated territory (``simulator.known_answers``): its cabinets publish two
years of readings through Mosquitto to a running collector, the aggregation computes the rollups
and the effects, and the figures are read back through the API's evaluator export, then judged
against the truth the simulation knows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import psycopg
import pytest
from effects_world import Setup, evaluate_scenario
from servers import MosquittoServer

from simulator.known_answers import Lamp, Scenario, truth

Conn = psycopg.Connection[tuple[object, ...]]
FIRST = date(2024, 1, 1)
WORKS = (date(2025, 1, 6), date(2025, 1, 20))
AS_OF = date(2026, 1, 25)
REPORTING = (date(2025, 1, 25), AS_OF)


def _switch(rng: random.Random) -> date:
    return WORKS[0] + timedelta(days=rng.randint(0, (WORKS[1] - WORKS[0]).days))


def _lamps(  # noqa: PLR0913 - a cabinet's lamps, by keyword
    cabinet: str,
    count: int,
    *,
    seed: int,
    renovated: int | None = None,
    before_w: float = 172.5,
    after_w: tuple[float, float] = (60.0, 80.0),
    metered_before: int = 0,
    metered_after: bool = True,
    switched_on: date | None = None,
    dimmed: bool = True,
) -> list[Lamp]:
    """``count`` lamps of ``before_w``, the first ``renovated`` of them to LED in the works."""
    rng = random.Random(seed)
    renovated = count if renovated is None else renovated
    return [
        Lamp(
            f"{cabinet}-{n:03d}",
            cabinet,
            before_w,
            round(rng.uniform(*after_w)) if n < renovated else None,
            (switched_on or _switch(rng)) if n < renovated else None,
            dimmed=dimmed,
            metered_before=n < metered_before,
            metered_after=metered_after,
        )
        for n in range(count)
    ]


def _judge(found: dict[str, object], expected: float, points: float) -> None:
    """The figure is within ``points`` of the truth and its 95 % interval covers the truth."""
    pct = float(str(found["saved_pct"]))
    low, high = float(str(found["saved_pct_low"])), float(str(found["saved_pct_high"]))
    assert pct == pytest.approx(expected, abs=points), found
    assert low <= expected <= high, found


def test_a_whole_cabinet_measured_at_the_cabinet(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(a) A whole cabinet renovated, measured at its meter: ±2 points, covered, the headline."""
    scenario = Scenario(_lamps("C1", 20, seed=1, metered_after=False), FIRST, AS_OF, seed=1)
    found = evaluate_scenario(
        db, db_url, broker.url, scenario, Setup(WORKS, AS_OF, scope_cabinets=("C1",))
    )
    cabinet = found["lighting_cabinet_metered"]
    _judge(cabinet, truth(scenario, *REPORTING).saved_pct, 2.0)
    assert cabinet["sufficient"] is True
    assert _warnings(cabinet) == []
    headline = db.execute("SELECT method FROM effects_latest WHERE headline").fetchall()
    assert headline == [("lighting_cabinet_metered",)]


def test_a_cabinet_renovated_in_part_and_one_scope_on_both_sides(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(b) A cabinet 60 % renovated: cabinet and nameplate on one scope, both within ±3 points."""
    lamps = [
        *_lamps("C1", 12, seed=2, after_w=(70.0, 70.0), dimmed=False),
        *[Lamp(f"C1-S{n}", "C1", 115.0, metered_after=False) for n in range(8)],
    ]
    scenario = Scenario(lamps, FIRST, AS_OF, seed=2)
    found = evaluate_scenario(
        db, db_url, broker.url, scenario, Setup(WORKS, AS_OF, scope_cabinets=("C1",))
    )
    expected = truth(scenario, *REPORTING).saved_pct
    assert expected == pytest.approx(59.4, abs=0.5)  # 150 W + 15 % to 70 W on 12 of 20 points
    _judge(found["lighting_cabinet_metered"], expected, 3.0)
    nameplate = found["lighting_nameplate_baseline"]
    _judge(nameplate, expected, 3.0)
    assert "baseline_stipulated_from_nameplate_power" in _warnings(nameplate)


def test_controllers_on_thirty_percent_of_the_points(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(c) Controllers on 30 % of the sodium points only: a figure within ±3 points."""
    scenario = Scenario(
        _lamps("C1", 20, seed=3, metered_before=6, after_w=(45.0, 95.0)),
        FIRST,
        AS_OF,
        seed=3,
        metered_cabinets=frozenset(),
    )
    found = evaluate_scenario(
        db, db_url, broker.url, scenario, Setup(WORKS, AS_OF, scope_cabinets=("C1",))
    )
    points = found["lighting_burning_hours"]
    _judge(points, truth(scenario, *REPORTING).saved_pct, 3.0)
    assert "extrapolated_from_measured_units" in _warnings(points)
    assert found["lighting_cabinet_metered"]["saved_pct"] is None


def test_a_renovated_control_district_is_not_relied_on(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(d) A control district renovated in the reporting year: warned, not reliable, no headline."""
    lamps = [
        *_lamps("C1", 6, seed=4, metered_before=6),
        *_lamps("C2", 6, seed=5, metered_before=6, switched_on=date(2025, 7, 1)),
    ]
    scenario = Scenario(lamps, FIRST, AS_OF, seed=4)
    setup = Setup(
        WORKS,
        AS_OF,
        scope_cabinets=("C1",),
        control_cabinets=("C2",),
        districts={"C1": "D0", "C2": "D1"},
    )
    found = evaluate_scenario(db, db_url, broker.url, scenario, setup)
    control = found["lighting_difference_in_differences"]
    assert "control_equipment_changed" in _warnings(control)
    reliable = db.execute(
        "SELECT method, reliable, headline FROM effects_latest ORDER BY method"
    ).fetchall()
    assert ("lighting_difference_in_differences", False, False) in reliable
    expected = truth(
        Scenario([lamp for lamp in lamps if lamp.cabinet == "C1"], FIRST, AS_OF, seed=4),
        *REPORTING,
    ).saved_pct
    _judge(found["lighting_cabinet_metered"], expected, 2.0)


def test_burning_hours_measured_from_the_cabinets_switching(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(f) Burning hours measured from the cabinet's switching: within 1 % of the truth."""
    scenario = Scenario(
        _lamps("C1", 6, seed=6, metered_after=False),
        FIRST,
        AS_OF,
        seed=6,
        on_offset_min=20,
        off_offset_min=25,
    )
    setup = Setup(WORKS, AS_OF, step=timedelta(minutes=30), scope_cabinets=("C1",))
    found = evaluate_scenario(db, db_url, broker.url, scenario, setup)
    true_hours = sum(scenario.lit_hours(d) for d in _days(*REPORTING))
    row = db.execute(
        "SELECT sum(c.on_hours), sum(l.lit_hours) FROM cabinet_rollups_daily c"
        " JOIN lighting_days l ON l.day = c.day WHERE c.day >= %s AND c.day < %s",
        REPORTING,
    ).fetchone()
    assert row is not None
    measured, assumed = float(str(row[0])), float(str(row[1]))
    assert measured == pytest.approx(true_hours, rel=0.01)
    assert abs(assumed / true_hours - 1) > 0.01
    cabinet = found["lighting_cabinet_metered"]
    effect = db.execute(
        "SELECT measured, fit FROM effects_latest WHERE method = 'lighting_cabinet_metered'"
    ).fetchone()
    assert effect is not None
    assert "burning_hours" in effect[0]  # type: ignore[operator]
    assert effect[1]["reporting_burning_hours"] == pytest.approx(true_hours, rel=0.01)  # type: ignore[index]
    _judge(cabinet, truth(scenario, *REPORTING).saved_pct, 2.0)


def test_a_reporting_period_of_one_season_is_flagged(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """(g) Three months after the works, the figure is shown but flagged insufficient."""
    as_of = WORKS[1] + timedelta(days=100)
    scenario = Scenario(_lamps("C1", 8, seed=7, metered_after=False), FIRST, as_of, seed=7)
    found = evaluate_scenario(
        db, db_url, broker.url, scenario, Setup(WORKS, as_of, scope_cabinets=("C1",))
    )
    cabinet = found["lighting_cabinet_metered"]
    assert cabinet["saved_pct"] is not None
    assert "reporting_shorter_than_eleven_months" in _warnings(cabinet)
    assert cabinet["sufficient"] is False


def _warnings(found: dict[str, object]) -> list[str]:
    """An exported figure's warnings (a ``; ``-joined cell)."""
    return [w for w in str(found["warnings"] or "").split("; ") if w]


def _days(first: date, end: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((end - first).days)]
