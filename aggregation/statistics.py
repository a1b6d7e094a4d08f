"""Small statistics the methods need: Student-t quantiles and residual autocorrelation.

Kept dependency-free; the formulas are given so an evaluator can check them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

Z_975 = 1.959963984540054
_EXACT_T_975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305}


def t_quantile_975(dof: float) -> float:
    """The 97.5 % quantile of Student's t with ``dof`` degrees of freedom (two-sided 95 %).

    Exact values for 1-3 degrees of freedom, then the Cornish-Fisher expansion of Abramowitz &
    Stegun 26.7.5 (error below 1e-4 from 4 degrees of freedom on). Fractional degrees of freedom
    (from an autocorrelation correction) are rounded down, which widens the interval.
    """
    if dof < 1:
        raise ValueError("at least one degree of freedom is needed")
    nu = math.floor(dof)
    if nu in _EXACT_T_975:
        return _EXACT_T_975[nu]
    z = Z_975
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / nu + g2 / nu**2 + g3 / nu**3 + g4 / nu**4


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
