"""Student-t quantiles and autocorrelation used by the intervals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import t

from aggregation.statistics import (
    autocorrelation_inflation,
    lag1_autocorrelation,
    t_quantile_975,
)


@pytest.mark.parametrize(
    ("dof", "expected"),
    [
        (1, 12.706204736),
        (2, 4.302652730),
        (3, 3.182446305),
        (4, 2.776445105),
        (5, 2.570581836),
        (10, 2.228138852),
        (30, 2.042272456),
        (120, 1.979930405),
    ],
)
def test_t_quantile_matches_exact_values(dof: int, expected: float) -> None:
    """The 97.5 % t quantile matches exact values (NIST/Abramowitz & Stegun tables) to 1e-6."""
    assert t_quantile_975(dof) == pytest.approx(expected, abs=1e-6)


def test_t_quantile_of_fractional_degrees_of_freedom_inverts_the_distribution() -> None:
    """With 4.5 degrees of freedom the quantile is the point where the t CDF reaches 97.5 %."""
    assert float(t.cdf(t_quantile_975(4.5), 4.5)) == pytest.approx(0.975, abs=1e-9)
    assert t_quantile_975(4) > t_quantile_975(4.5) > t_quantile_975(5)


def test_t_quantile_tends_to_the_normal_one() -> None:
    """With many degrees of freedom the t quantile is the normal 1.96."""
    assert t_quantile_975(100_000) == pytest.approx(1.95996, abs=1e-4)


def test_t_quantile_refuses_zero_degrees_of_freedom() -> None:
    """No interval can be built without a degree of freedom."""
    with pytest.raises(ValueError, match="degree of freedom"):
        t_quantile_975(0.5)


@given(st.floats(min_value=1, max_value=1e6))
def test_t_quantile_decreases_with_degrees_of_freedom(dof: float) -> None:
    """More degrees of freedom never widen the interval, and it stays above the normal one."""
    assert t_quantile_975(dof + 1) <= t_quantile_975(dof)
    assert t_quantile_975(dof) >= 1.9599


def test_alternating_residuals_are_negatively_correlated() -> None:
    """An alternating series has a lag-1 autocorrelation near -1; a trend one near +1."""
    assert lag1_autocorrelation([1, -1] * 50) < -0.9
    assert lag1_autocorrelation(list(range(100))) > 0.9
    assert lag1_autocorrelation([3.0, 3.0, 3.0]) == 0.0


def test_inflation_only_widens() -> None:
    """Negative autocorrelation does not shrink a variance; positive widens it."""
    assert autocorrelation_inflation(-0.5) == 1.0
    assert autocorrelation_inflation(0.5) == pytest.approx(3.0)
    assert autocorrelation_inflation(1.0) == pytest.approx(39.0)
