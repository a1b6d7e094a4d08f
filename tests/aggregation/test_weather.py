"""The météo: status and explanation from attainment, schedule, alerts and data freshness."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregation.grading import attainment_ratio, expected_value
from aggregation.weather import Attainment, Signals, Weather, meteo

SAVED = "Energy saved"


def test_on_track_action_is_sunny() -> None:
    """Indicators on target, on schedule and no critical alert make a sunny action."""
    result = meteo(Signals([Attainment(SAVED, "effect", 1.05, coverage=0.98)], slippage_days=0))
    assert result.status is Weather.SUNNY
    assert result.explanation.startswith("Sunny")


@pytest.mark.parametrize(
    ("ratio", "status"),
    [(0.95, Weather.CLOUDY), (0.8, Weather.RAINY), (0.5, Weather.STORMY)],
)
def test_effect_shortfall_sets_the_status(ratio: float, status: Weather) -> None:
    """An effect indicator short of its trajectory clouds, rains or storms by its shortfall."""
    result = meteo(Signals([Attainment(SAVED, "effect", ratio)]))
    assert result.status is status
    assert SAVED in result.explanation


def test_activity_indicators_alone_never_make_a_storm() -> None:
    """A lagging activity indicator makes rain at worst."""
    assert meteo(Signals([Attainment("Points renovated", "activity", 0.2)])).status is Weather.RAINY


def test_low_coverage_gives_no_data_with_the_reason() -> None:
    """An indicator resting on 60 % of its data cannot be judged: no data, and why."""
    result = meteo(Signals([Attainment(SAVED, "effect", 1.2, coverage=0.6)], slippage_days=0))
    assert result.status is Weather.NO_DATA
    assert "60%" in result.explanation


def test_unjudgeable_effect_hides_the_sun_even_when_activity_is_fine() -> None:
    """Renovation on track but its saving resting on 60 % of the data: no data, and why."""
    attainments = [
        Attainment("Points renovated", "activity", 1.0),
        Attainment(SAVED, "effect", 1.3, coverage=0.6),
    ]
    result = meteo(Signals(attainments, slippage_days=0))
    assert result.status is Weather.NO_DATA
    assert "60%" in result.explanation


def test_unjudgeable_activity_indicator_clouds_the_sky() -> None:
    """An activity indicator without a value next to a sunny effect makes it cloudy."""
    attainments = [Attainment("Budget spent", "means", None), Attainment(SAVED, "effect", 1.1)]
    result = meteo(Signals(attainments, slippage_days=0))
    assert result.status is Weather.CLOUDY
    assert "Budget spent has no value yet" in result.explanation


def test_stale_indicator_gives_no_data() -> None:
    """An indicator last computed ten days ago cannot be judged."""
    result = meteo(Signals([Attainment(SAVED, "effect", 1.2, age_days=10)]))
    assert result.status is Weather.NO_DATA
    assert "10 days ago" in result.explanation


def test_slightly_old_data_clouds_the_sky() -> None:
    """Data three days old turn a sunny action cloudy and say so."""
    result = meteo(Signals([Attainment(SAVED, "effect", 1.2, age_days=3)]))
    assert result.status is Weather.CLOUDY
    assert "3 days ago" in result.explanation


def test_slippage_and_alerts_drive_the_status_and_are_explained() -> None:
    """Four months late with three critical alerts is stormy; the reasons are listed."""
    result = meteo(Signals([Attainment(SAVED, "effect", 0.95)], 120, critical_alerts=3))
    assert result.status is Weather.STORMY
    assert "120 days behind schedule" in result.explanation
    assert "3 open critical alerts" in result.explanation
    assert "Also:" in result.explanation


def test_nothing_to_judge_is_no_data() -> None:
    """An action with no indicator, no schedule and no alert has no météo."""
    assert meteo(Signals()).status is Weather.NO_DATA


def test_mission_takes_its_actions_into_account() -> None:
    """One stormy action among sunny ones makes the mission rainy, not sunny nor stormy."""
    children = [Weather.SUNNY, Weather.SUNNY, Weather.STORMY, Weather.NO_DATA]
    result = meteo(Signals(children=children))
    assert result.status is Weather.RAINY
    assert "1 of 3 actions" in result.explanation


def test_expected_value_follows_the_straight_trajectory() -> None:
    """Halfway between the baseline and the target date, half the way is expected."""
    on = date(2025, 7, 2)
    assert expected_value(0, date(2025, 1, 1), 100, date(2026, 1, 1), on) == pytest.approx(50, 0.01)
    assert expected_value(0, date(2025, 1, 1), 100, date(2026, 1, 1), date(2027, 1, 1)) == 100
    assert expected_value(0, date(2025, 1, 1), 100, date(2026, 1, 1), date(2024, 1, 1)) == 0


def test_attainment_for_both_directions() -> None:
    """Progress from the baseline counts for increases and decreases alike."""
    assert attainment_ratio(45, 50, direction="increase", baseline=0) == pytest.approx(0.9)
    assert attainment_ratio(80, 70, direction="decrease", baseline=100) == pytest.approx(2 / 3)
    assert attainment_ratio(110, 100, direction="decrease") == pytest.approx(100 / 110)
    assert attainment_ratio(100, 100, direction="decrease", baseline=100) == 1.0


@given(
    ratio=st.floats(min_value=0, max_value=3),
    slippage=st.integers(min_value=-100, max_value=400),
    alerts=st.integers(min_value=0, max_value=10),
)
def test_status_is_never_better_than_any_driver(ratio: float, slippage: int, alerts: int) -> None:
    """Worsening one signal never improves the status; an explanation is always given."""
    base = meteo(Signals([Attainment(SAVED, "effect", ratio)], slippage, alerts))
    worse = meteo(Signals([Attainment(SAVED, "effect", ratio * 0.5)], slippage + 60, alerts + 1))
    order = [Weather.SUNNY, Weather.CLOUDY, Weather.RAINY, Weather.STORMY]
    assert order.index(worse.status) >= order.index(base.status)
    assert base.explanation
