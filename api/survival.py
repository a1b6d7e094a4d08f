"""How long a sodium (HPS) lamp lasts: a stipulated Weibull survival curve.

``S(t) = exp(-ln 2 * (t / L50) ** shape)``: the share of lamps still burning after ``t``
burning hours, ``L50`` the hours at which half have failed. The defaults, L50 = 28,000 h and
shape 3.6, make 33 % failed at the 24,000 h rated life that GE gives for HPS lamps (about 67 %
still burning when its test stopped at 24,000 h), 9 % at 16,000 h and 19 % at 20,000 h; see
docs/sodium-plan.md. A lamp whose rated life differs from 24,000 h gets L50 in proportion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

REFERENCE_RATED_H = 24_000.0


@dataclass(frozen=True)
class Survival:
    """The curve's two parameters, for a lamp rated 24,000 h."""

    l50_h: float = 28_000.0
    shape: float = 3.6

    def alive(self, hours: float, rated_h: float = REFERENCE_RATED_H) -> float:
        """The share of lamps still burning after ``hours`` burning hours."""
        l50 = self.l50_h * rated_h / REFERENCE_RATED_H
        return math.exp(-math.log(2) * (max(hours, 0.0) / l50) ** self.shape)

    def fails_between(self, age_h: float, until_h: float, rated_h: float) -> float:
        """Probability that a lamp burning at ``age_h`` fails before ``until_h``."""
        now = self.alive(age_h, rated_h)
        if now <= 0.0:
            return 1.0
        return max(0.0, (now - self.alive(until_h, rated_h)) / now)
