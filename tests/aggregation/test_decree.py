"""The décret tertiaire on one climate basis: path, climate normalisation, year-to-date progress."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aggregation.baselines import fit_degree_days
from aggregation.decree import (
    Days,
    NormalClimate,
    Reference,
    Signature,
    Sums,
    decree_path_factor,
    fit_signature,
    standing,
)
from aggregation.decree_progress import BuildingSeries, Inputs, progress

FLAT = NormalClimate(2200.0, (1.0,) * 12)
PROFILE = (380.0, 330.0, 280.0, 180.0, 90.0, 30.0, 10.0, 15.0, 60.0, 170.0, 280.0, 355.0)
HOUSE = Signature(base_kwh_per_day=100.0, kwh_per_dju=10.0)


def test_path_goes_from_the_reference_to_the_milestones() -> None:
    """Reference year 100 %, 2030 60 %, 2040 50 %, 2050 40 %, straight lines in between."""
    assert decree_path_factor(2019, 2019) == 1.0
    assert decree_path_factor(2020, 2025) == pytest.approx(0.8)
    assert decree_path_factor(2019, 2030) == pytest.approx(0.6)
    assert decree_path_factor(2019, 2035) == pytest.approx(0.55)
    assert decree_path_factor(2019, 2040) == pytest.approx(0.5)
    assert decree_path_factor(2019, 2061) == pytest.approx(0.4)


def test_only_the_heating_share_follows_the_climate() -> None:
    """A month of 400 DJU brought to 300 DJU loses the slope times 100 DJU, not a quarter."""
    measured = HOUSE.kwh(31, 400.0)  # 3,100 base + 4,000 heating
    assert HOUSE.to_climate(measured, 31, 400.0, 300.0) == pytest.approx(measured - 1000.0)
    assert Signature(100.0, 0.0).to_climate(5000.0, 31, 400.0, 300.0) == 5000.0


def test_a_month_is_never_normalised_with_a_whole_year_of_degree_days() -> None:
    """A January of 12,396 kWh stays a January: corrected with January's normal, not 2,200 DJU."""
    school = Signature(base_kwh_per_day=150.0, kwh_per_dju=18.0)
    january = Days(count=31, kwh=12_396.0, dju=430.0, normal_dju=400.0)
    reference = Reference(2019, 120_000.0, 2200.0)
    found = standing(school, reference, january, NormalClimate(2200.0, PROFILE), 2026)
    assert found.normalised_kwh == pytest.approx(12_396.0 * (4650 + 7200) / (4650 + 7740))
    assert found.normalised_kwh < 13_000.0


@given(year=st.integers(min_value=2001, max_value=2060))
def test_normal_days_of_a_calendar_year_add_up_to_the_normal(year: int) -> None:
    """The months share the annual normal out, leap years included; the months' sum is a shape."""
    normal = NormalClimate(2200.0, PROFILE)
    first = date(year, 1, 1)
    days = [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]
    assert normal.of_days(days) == pytest.approx(2200.0)
    january = normal.of_days(d for d in days if d.month == 1)
    assert january == pytest.approx(2200.0 * 380.0 / sum(PROFILE))


def test_a_normal_climate_needs_twelve_months() -> None:
    """Eleven months, a negative month or twelve zeros are refused."""
    for months in ((1.0,) * 11, (-1.0,) + (1.0,) * 11, (0.0,) * 12):
        with pytest.raises(ValueError, match="twelve"):
            NormalClimate(2200.0, months)


def test_a_whole_normal_year_gets_the_whole_allowance() -> None:
    """Consumption equal to the allowance over a full year of normal climate: a gap of 0 %."""
    reference = Reference(2019, 200_000.0, 2450.0)
    allowed = standing(HOUSE, reference, Days(365, 1.0, 2200.0, 2200.0), FLAT, 2026).allowed_kwh
    year = Days(count=365, kwh=allowed, dju=2200.0, normal_dju=2200.0)
    found = standing(HOUSE, reference, year, FLAT, 2026)
    expected = 200_000.0 * HOUSE.kwh(365, 2200.0) / HOUSE.kwh(365, 2450.0)
    assert found.allowed_year_kwh == pytest.approx(expected * decree_path_factor(2019, 2026))
    assert found.allowed_kwh == pytest.approx(found.allowed_year_kwh)
    assert found.gap_pct == pytest.approx(0.0, abs=1e-9)


def _series(
    code: str, signature: Signature, days: list[date], dju: dict[date, float], **kw: object
) -> BuildingSeries:
    reference = kw.get("reference", Reference(2019, signature.kwh(365, 2200.0), 2200.0))
    assert reference is None or isinstance(reference, Reference)
    kwh = tuple(signature.kwh(1, dju[d]) for d in days)
    return BuildingSeries(code, reference, bool(kw.get("dju_known", True)), tuple(days), kwh)


def _weather(first: date, last: date) -> dict[date, float]:
    """Degree-days of a seasonal climate with weather: about 2,200 a year."""
    days = (last - first).days
    out = {}
    for n in range(days):
        day = first + timedelta(days=n)
        season = 6.0 + 7.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
        out[day] = max(0.0, season + 2.5 * math.sin(2 * math.pi * n / 9.3))
    return out


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days)]


@pytest.fixture
def inputs() -> Inputs:
    """Two buildings with a year of days; a third with a reference but no data; a fourth without."""
    dju = _weather(date(2025, 1, 1), date(2026, 4, 1))
    year = _days(date(2025, 1, 1), date(2026, 4, 1))
    school = Signature(150.0, 18.0)
    pool = Signature(400.0, 5.0)
    return Inputs(
        buildings=(
            _series("SCHOOL", school, year, dju),
            _series("POOL", pool, year, dju, reference=Reference(2015, 150_000.0, 2400.0)),
            _series("EMPTY", school, [], dju),
            _series("NOREF", school, year, dju, reference=None),
        ),
        dju=dju,
        normal=NormalClimate(2200.0, PROFILE),
    )


def test_a_month_is_the_year_to_date_with_its_degree_days(inputs: Inputs) -> None:
    """March 2026 runs from 1 January to 31 March and carries March's and the year's DJU."""
    found = progress(inputs, date(2026, 3, 1), date(2026, 4, 1))
    ytd, march = found.details["year_to_date"], found.details["period"]
    assert (ytd["from"], ytd["to"], ytd["days"]) == ("2026-01-01", "2026-04-01", 90)
    assert (march["from"], march["to"], march["days"]) == ("2026-03-01", "2026-04-01", 31)
    year_dju = sum(v for d, v in inputs.dju.items() if date(2026, 1, 1) <= d < date(2026, 4, 1))
    march_dju = sum(v for d, v in inputs.dju.items() if d.year == 2026 and d.month == 3)
    assert ytd["dju"] == pytest.approx(year_dju, abs=0.1)
    assert march["dju"] == pytest.approx(march_dju, abs=0.1)
    assert ytd["normal_dju"] == pytest.approx(2200.0 * sum(PROFILE[:3]) / sum(PROFILE), abs=0.1)


def test_buildings_without_data_or_reference_leave_both_sides(inputs: Inputs) -> None:
    """The empty building and the one without a reference are named, in neither sum."""
    found = progress(inputs, date(2026, 1, 1), date(2026, 2, 1))
    assert found.details["buildings"]["counted"] == 2
    assert found.details["buildings"]["no_data"] == ["EMPTY"]
    assert found.details["buildings"]["no_reference"] == ["NOREF"]
    assert "buildings_left_out_without_data" in found.warnings
    assert "buildings_left_out_without_reference" in found.warnings
    counted = Inputs(inputs.buildings[:2], inputs.dju, inputs.normal)
    alone = progress(counted, date(2026, 1, 1), date(2026, 2, 1))
    assert found.result == alone.result
    # The empty building has a reference: it lowers the coverage (2 of 3 buildings' days).
    assert found.coverage == pytest.approx(2 / 3)
    assert alone.coverage == pytest.approx(1.0)


def test_buildings_on_their_signature_in_a_normal_year_are_on_their_reference(
    inputs: Inputs,
) -> None:
    """A school using what its signature gives, its reference a normal year: 0 % + the path."""
    school = Inputs(inputs.buildings[:1], inputs.dju, inputs.normal)
    for month in (1, 6, 12):
        start = date(2025, month, 1)
        found = progress(school, start, date(2025 + month // 12, month % 12 + 1, 1))
        assert found.result is not None
        gap = found.result.gap_pct
        assert gap == pytest.approx(100 * (1 / decree_path_factor(2019, 2025) - 1), abs=0.05)


def test_a_period_without_data_has_no_figure(inputs: Inputs) -> None:
    """April 2026 (data end on 31 March) has no value rather than March's again, and says why."""
    found = progress(inputs, date(2026, 4, 1), date(2026, 5, 1))
    assert found.result is None
    assert "no_temperatures" in found.warnings
    weather = {**inputs.dju, date(2026, 4, 2): 5.0}
    found = progress(
        Inputs(inputs.buildings, weather, inputs.normal), date(2026, 4, 1), date(2026, 5, 1)
    )
    assert found.result is None
    assert "no_data_in_the_period" in found.warnings


def test_a_month_in_progress_runs_to_its_last_day_with_data(inputs: Inputs) -> None:
    """The year's figure computed with data to 31 March covers 90 days, all of them covered."""
    found = progress(inputs, date(2026, 1, 1), date(2027, 1, 1))
    assert found.details["year_to_date"]["to"] == "2026-04-01"
    assert found.coverage == pytest.approx(2 / 3)


def test_missing_reference_degree_days_are_named() -> None:
    """A building without its reference year's DJU is counted as if that year were normal."""
    dju = _weather(date(2025, 1, 1), date(2026, 2, 1))
    days = _days(date(2025, 1, 1), date(2026, 2, 1))
    series = _series("SCHOOL", HOUSE, days, dju, dju_known=False)
    found = progress(Inputs((series,), dju, FLAT), date(2026, 1, 1), date(2026, 2, 1))
    assert found.details["buildings"]["reference_dju_assumed_normal"] == ["SCHOOL"]
    assert "reference_dju_missing_assumed_normal" in found.warnings


def test_a_signature_fitted_on_part_of_a_year_is_flagged() -> None:
    """Two months of data fit a signature, flagged as resting on part of the seasons."""
    dju = _weather(date(2025, 12, 1), date(2026, 2, 1))
    days = _days(date(2025, 12, 1), date(2026, 2, 1))
    series = _series("SCHOOL", HOUSE, days, dju)
    found = progress(Inputs((series,), dju, FLAT), date(2026, 1, 1), date(2026, 2, 1))
    assert found.result is not None
    assert found.details["buildings"]["climate_model_on_part_of_a_year"] == ["SCHOOL"]
    assert "climate_model_on_part_of_a_year" in found.warnings
    short = _series("SCHOOL", HOUSE, days[-20:], dju)
    found = progress(Inputs((short,), dju, FLAT), date(2026, 1, 1), date(2026, 2, 1))
    assert found.result is None
    assert found.details["buildings"]["too_few_days_for_a_climate_model"] == ["SCHOOL"]


@given(
    st.lists(
        st.tuples(st.floats(min_value=0, max_value=25), st.floats(min_value=-50, max_value=2000)),
        min_size=3,
        max_size=60,
    )
)
def test_the_signature_from_sums_is_the_degree_day_model(days: list[tuple[float, float]]) -> None:
    """Base load and slope from running sums equal ``fit_degree_days``'s, fallback included."""
    spread = max(d for d, _ in days) - min(d for d, _ in days)
    assume(spread >= 0.1)
    sums = Sums()
    for dju, kwh in days:
        sums = sums.plus(kwh, dju, 0.0)
    found = fit_signature(sums)
    model = fit_degree_days([k for _, k in days], [d for d, _ in days])
    scale = max(1.0, *(abs(k) for _, k in days))
    # Where the unconstrained fit sits on the no-negative-parameter boundary, rounding decides
    # the fallback: both sides are right, the comparison is not meaningful there.
    free_slope, free_intercept = np.polyfit([d for d, _ in days], [k for _, k in days], 1)
    assume(abs(free_intercept) > 1e-6 * scale and abs(free_slope) > 1e-6 * scale)
    assert found.base_kwh_per_day == pytest.approx(model.intercept, abs=1e-6 * scale)
    assert found.kwh_per_dju == pytest.approx(model.slope, abs=1e-6 * scale)
