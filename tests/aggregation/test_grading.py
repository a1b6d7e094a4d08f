"""Grading an indicator against its trajectory: ratios where they mean something, else distances."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from factories import make_territory
from hypothesis import given
from hypothesis import strategies as st

from aggregation import store
from aggregation.grading import POINTS, Tolerance, Trajectory, grade, parse_tolerance
from aggregation.weather import Attainment, Signals, Weather, meteo
from aggregation.weather_reports import attainment, report_weather

Conn = psycopg.Connection[tuple[object, ...]]

GAP = Trajectory(direction="decrease", target=0.0, unit="%")
TITLE = "Gap to the décret tertiaire path"


def _status(actual: float, way: Trajectory = GAP, expected: float = 0.0) -> Weather:
    found = grade(actual, expected, way)
    return meteo(
        Signals([Attainment(TITLE, "effect", found.ratio, distance=found.distance)])
    ).status


@pytest.mark.parametrize(
    ("gap", "status"),
    [
        (-12.0, Weather.SUNNY),
        (0.5, Weather.SUNNY),
        (2.0, Weather.SUNNY),
        (5.0, Weather.CLOUDY),
        (15.0, Weather.RAINY),
        (50.0, Weather.STORMY),
    ],
)
def test_a_gap_to_a_zero_target_is_graded_by_its_size(gap: float, status: Weather) -> None:
    """+0.5 % above the path is sunny, +5 % cloudy, +15 % rainy, +50 % stormy: not all storms."""
    assert _status(gap) is status


def test_the_explanation_says_how_many_points_behind() -> None:
    """The météo names the value, the distance in points and what was expected."""
    found = grade(12.3, 0.0, GAP)
    result = meteo(Signals([Attainment(TITLE, "effect", None, distance=found.distance)]))
    assert result.status is Weather.RAINY
    assert f"{TITLE} is at +12.3 %, 12.3 points behind the +0.0 % the trajectory" in (
        result.explanation
    )


def test_values_crossing_zero_are_graded_by_distance() -> None:
    """A balance expected at +100 kWh but at -50 kWh is graded on its 150 kWh shortfall."""
    way = Trajectory("increase", target=200.0, unit="kWh", baseline=0.0)
    assert grade(-50.0, 100.0, way).ratio == pytest.approx(-0.5)
    balance = Trajectory("increase", target=0.0, unit="kWh", tolerance=Tolerance(10, 100, 200))
    found = grade(-150.0, 0.0, balance)
    assert found.ratio is None
    assert found.distance is not None
    assert found.distance.shortfall == pytest.approx(150.0)
    assert found.distance.tolerance.level(found.distance.shortfall) == 2


def test_without_a_tolerance_a_zero_target_cannot_be_graded() -> None:
    """Alerts open, target 0, no baseline, no tolerance: not graded, and the météo says why."""
    way = Trajectory("decrease", target=0.0, unit="alerts")
    found = grade(3.0, 0.0, way)
    assert found.ungradable is not None
    assert "parameters.tolerance" in found.ungradable
    others = [Attainment("Points renovated", "activity", 1.0)]
    result = meteo(Signals([*others, Attainment("Alerts", "activity", None, ungradable="why")]))
    assert result.status is Weather.CLOUDY
    assert "Alerts cannot be graded: why" in result.explanation


def test_a_baseline_gives_other_units_their_bands() -> None:
    """At 0 on its baseline day, a count going from 0 to 10 is graded on its 10-unit way."""
    way = Trajectory("increase", target=10.0, unit="lanterns", baseline=0.0)
    assert grade(3.0, 5.0, way).ratio == pytest.approx(0.6)
    on_track = grade(0.0, 0.0, way).distance
    assert on_track is not None
    bands = on_track.tolerance
    assert (bands.sunny, bands.cloudy, bands.rainy) == pytest.approx((0.0, 1.0, 2.5))
    assert on_track.tolerance.level(on_track.shortfall) == 0
    behind = grade(-2.0, 0.0, way).distance
    assert behind is not None
    assert behind.tolerance.level(behind.shortfall) == 2


def test_positive_quantities_keep_their_ratio() -> None:
    """A kWh figure with a positive target is still graded as target over actual."""
    way = Trajectory("decrease", target=900.0, unit="kWh")
    assert grade(1000.0, 900.0, way).ratio == pytest.approx(0.9)


@given(st.floats(min_value=-100, max_value=100), st.floats(min_value=0, max_value=50))
def test_a_larger_gap_is_never_better(gap: float, more: float) -> None:
    """Grading by distance is monotonic: more above the path never improves the level."""
    first = grade(gap, 0.0, GAP).distance
    second = grade(gap + more, 0.0, GAP).distance
    assert first is not None
    assert second is not None
    assert POINTS.level(second.shortfall) >= POINTS.level(first.shortfall)


@pytest.mark.parametrize(
    "raw", [[1, 2], "2,10,20", [2, 1, 3], [-1, 2, 3], [1, 2, float("nan")], [True, 2, 3]]
)
def test_a_malformed_tolerance_is_refused(raw: object) -> None:
    """Only three increasing numbers, 0 or more, make a tolerance."""
    with pytest.raises(ValueError, match="tolerance"):
        parse_tolerance(raw)


def _standing(**overrides: Any) -> dict[str, Any]:  # noqa: ANN401 - column values
    """A row of ``indicator_standings`` for the décret gap, overridable."""
    row: dict[str, Any] = {
        "title": TITLE,
        "kind": "effect",
        "unit": "%",
        "direction": "decrease",
        "parameters": {"tolerance": [2, 10, 20]},
        "baseline_value": None,
        "baseline_on": None,
        "value": 0.5,
        "coverage": 1.0,
        "recorded_at": datetime.now(UTC) - timedelta(hours=1),
        "target_on": date(2030, 12, 31),
        "target": 0.0,
    }
    row.update(overrides)
    return row


def test_a_standing_row_is_graded_with_its_tolerance() -> None:
    """The standings' unit and parameters reach the grading; a bad tolerance is named."""
    now = datetime.now(UTC)
    found = attainment(_standing(), date(2026, 3, 1), now)
    assert found.distance is not None
    assert found.distance.tolerance == Tolerance(2.0, 10.0, 20.0)
    assert meteo(Signals([found])).status is Weather.SUNNY
    assert meteo(Signals([attainment(_standing(value=50.0), date(2026, 3, 1), now)])).status is (
        Weather.STORMY
    )
    bad = attainment(_standing(parameters={"tolerance": [3, 2, 1]}), date(2026, 3, 1), now)
    assert bad.ungradable is not None
    assert meteo(Signals([bad])).status is Weather.NO_DATA


def _mission_with_gap(db: Conn, policy: int, code: str, gap: float) -> None:
    """A buildings mission whose décret gap (target 0 % in 2030) stands at ``gap`` %."""
    mission = db.execute(
        "INSERT INTO missions (policy_id, code, title, domain) VALUES (%s, %s, %s, 'buildings')"
        " RETURNING id",
        (policy, code, f"Buildings {code}"),
    ).fetchone()
    assert mission is not None
    indicator = db.execute(
        "INSERT INTO indicators (code, title, kind, unit, direction, mission_id, computation,"
        " parameters) VALUES (%s, %s, 'effect', '%%', 'decrease', %s, 'decree_path_gap_pct',"
        " '{\"tolerance\": [2, 10, 20]}') RETURNING id",
        (f"{code}-DECREE-GAP", TITLE, mission[0]),
    ).fetchone()
    assert indicator is not None
    db.execute(
        "INSERT INTO indicator_targets (indicator_id, target_on, value)"
        " VALUES (%s, '2030-12-31', 0)",
        (indicator[0],),
    )
    db.execute(
        "INSERT INTO indicator_values (indicator_id, period, period_start, value, source, method,"
        " coverage) VALUES (%s, 'month', '2026-01-01', %s, 'computed', 'decree_path_gap_pct', 1)",
        (indicator[0], gap),
    )


def test_the_missions_meteo_tells_half_a_point_from_fifty(db: Conn) -> None:
    """Through the standings: a mission 0.5 % above its décret path is sunny, 50 % stormy."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    policy = db.execute(
        "INSERT INTO policies (territory_id, code, title) VALUES (%s, 'P', 'P') RETURNING id",
        (made.territory_id,),
    ).fetchone()
    assert policy is not None
    _mission_with_gap(db, int(str(policy[0])), "04", 0.5)
    _mission_with_gap(db, int(str(policy[0])), "05", 50.0)
    (place,) = store.territories(db)
    report_weather(db, place, date(2026, 2, 15))
    rows = db.execute(
        "SELECT m.code, c.status, c.explanation FROM meteo_current c"
        " JOIN missions m ON m.id = c.subject_id WHERE c.subject_kind = 'mission' ORDER BY 1"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("04", "sunny"), ("05", "stormy")]
    assert "50.0 points behind" in str(rows[1][2])
