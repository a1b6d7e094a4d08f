"""Small statistics the methods need: quantiles and residual autocorrelation.

Quantiles come from SciPy (``scipy.stats``): Student's t with fractional degrees of freedom (an
autocorrelation correction gives n' = n (1 - rho) / (1 + rho), rarely a whole number) and the
normal distribution.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from scipy.stats import norm, t

Z_975 = float(norm.ppf(0.975))


def t_quantile_975(dof: float) -> float:
    """The 97.5 % quantile of Student's t with ``dof`` degrees of freedom (two-sided 95 %)."""
    if dof < 1:
        raise ValueError("at least one degree of freedom is needed")
    return float(t.ppf(0.975, dof))


def lag1_autocorrelation(residuals: Sequence[float]) -> float:
    """The lag-1 autocorrelation of a series (0 for fewer than three values or no variance)."""
    n = len(residuals)
    if n < 3:  # noqa: PLR2004 - a correlation needs at least three points
        return 0.0
    mean = sum(residuals) / n
    centred = [r - mean for r in residuals]
    denominator = sum(c * c for c in centred)
    if denominator == 0:
        return 0.0
    numerator = sum(a * b for a, b in itertools.pairwise(centred))
    return numerator / denominator


def autocorrelation_inflation(rho: float) -> float:
    """How much positively correlated residuals inflate a variance: (1 + rho) / (1 - rho).

    ASHRAE Guideline 14 corrects the number of observations to n' = n (1 - rho) / (1 + rho); the
    variance of a sum grows by the inverse factor. Negative rho is not used to shrink intervals,
    and rho is capped at 0.95.
    """
    bounded = min(max(rho, 0.0), 0.95)
    return (1 + bounded) / (1 - bounded)
