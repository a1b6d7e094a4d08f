"""French degree-days, base 18 °C."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregation.degree_days import DailyTemperature, daily_dju, dju_costic, dju_meteo


def test_meteo_convention_on_a_cold_day_and_a_warm_day() -> None:
    """A 2/8 °C day counts 13 DJU; a 15/25 °C day counts none."""
    assert dju_meteo(2.0, 8.0) == pytest.approx(13.0)
    assert dju_meteo(15.0, 25.0) == 0.0


def test_costic_counts_mid_season_days() -> None:
    """A 10/22 °C day has no DJU by the météo convention but some by the COSTIC one."""
    assert dju_meteo(10.0, 26.0) == 0.0
    assert dju_costic(10.0, 26.0) == pytest.approx(8 * (0.08 + 0.42 * 8 / 16))
    assert dju_costic(2.0, 8.0) == pytest.approx(13.0)
    assert dju_costic(19.0, 30.0) == 0.0


@given(
    tmin=st.floats(min_value=-30, max_value=40),
    spread=st.floats(min_value=0.1, max_value=25),
)
def test_degree_days_are_never_negative(tmin: float, spread: float) -> None:
    """Neither convention gives negative degree-days."""
    assert dju_meteo(tmin, tmin + spread) >= 0
    assert dju_costic(tmin, tmin + spread) >= 0


def test_daily_dju_refuses_an_unknown_method() -> None:
    """An unknown convention is an error, not a silent default."""
    temps = [DailyTemperature(date(2025, 1, 1), 0.0, 4.0)]
    assert daily_dju(temps) == {date(2025, 1, 1): 16.0}
    with pytest.raises(ValueError, match="unknown degree-day method"):
        daily_dju(temps, method="kelvin")
