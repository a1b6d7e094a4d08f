"""The météo of an action or a mission: sunny, cloudy, rainy, stormy, or no data.

Each signal gives a level (``docs/methods.md`` §Météo has the thresholds):

- indicators: attainment against the value expected today on the trajectory from the
  baseline to the next target (>= 1 sunny, >= 0.9 cloudy, >= 0.75 rainy, below stormy);
  means and activity indicators alone never make a storm;
- schedule slippage in days (0 sunny, <= 30 cloudy, <= 90 rainy, beyond stormy);
- open critical alerts (none sunny, 1-2 rainy, 3 or more stormy);
- data freshness: data older than 2 days clouds the sky; older than 7 days, or coverage under
  90 %, and an indicator cannot be judged;
- for a mission, its actions: the rounded mean of their levels, but never better than one
  level under the worst.

The status is the worst level found. When indicators exist but none can be judged, or none of
the effect indicators can, the status is "no data": a figure that cannot be trusted must not
look sunny. Another indicator that cannot be judged clouds the sky and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SUFFICIENT_COVERAGE = 0.9
FRESH_DAYS = 2.0
STALE_DAYS = 7.0


class Weather(StrEnum):
    """The météo statuses, from best to worst, then the absence of data."""

    SUNNY = "sunny"
    CLOUDY = "cloudy"
    RAINY = "rainy"
    STORMY = "stormy"
    NO_DATA = "no_data"


LEVELS = (Weather.SUNNY, Weather.CLOUDY, Weather.RAINY, Weather.STORMY)
LABELS = {
    Weather.SUNNY: "Sunny",
    Weather.CLOUDY: "Cloudy",
    Weather.RAINY: "Rainy",
    Weather.STORMY: "Stormy",
    Weather.NO_DATA: "No data",
}


@dataclass(frozen=True)
class Attainment:
    """Where one indicator stands: actual over expected (None when it has no value)."""

    title: str
    kind: str
    ratio: float | None
    coverage: float | None = None
    age_days: float | None = None


@dataclass(frozen=True)
class Signals:
    """Everything the météo of one action or mission looks at."""

    attainments: Sequence[Attainment] = ()
    slippage_days: int | None = None
    critical_alerts: int = 0
    children: Sequence[Weather] = ()


@dataclass(frozen=True)
class Meteo:
    """A status and the plain-language reasons for it."""

    status: Weather
    explanation: str
    drivers: tuple[str, ...]


def expected_value(
    baseline: float, baseline_on: date, target: float, target_on: date, on: date
) -> float:
    """The value expected on ``on`` on the straight line from the baseline to the target."""
    if on >= target_on or target_on <= baseline_on:
        return target
    if on <= baseline_on:
        return baseline
    share = (on - baseline_on).days / (target_on - baseline_on).days
    return baseline + (target - baseline) * share


def attainment_ratio(
    actual: float, expected: float, *, direction: str, baseline: float | None = None
) -> float:
    """Progress made over progress expected (from the baseline when known, else actual/target)."""
    sign = 1.0 if direction == "increase" else -1.0
    if baseline is not None and expected != baseline:
        return (actual - baseline) / (expected - baseline)
    if baseline is not None:
        return 1.0 if sign * (actual - baseline) >= 0 else 0.0
    if direction == "increase":
        return actual / expected if expected else 1.0
    return expected / actual if actual > 0 else 1.0


def meteo(signals: Signals) -> Meteo:
    """The status of one action or mission, with what drives it, worst first."""
    drivers: list[tuple[int, str]] = []
    judged = [a for a in signals.attainments if _judgeable(a)]
    unjudged = [a for a in signals.attainments if not _judgeable(a)]
    effects = [a for a in signals.attainments if a.kind == "effect"]
    if (signals.attainments and not judged) or (effects and all(a in unjudged for a in effects)):
        reasons = [_why_not_judged(a) for a in unjudged]
        return Meteo(Weather.NO_DATA, "No data: " + "; ".join(reasons) + ".", tuple(reasons))
    drivers.extend(_indicator_driver(a) for a in judged)
    drivers.extend((1, _why_not_judged(a)) for a in unjudged)
    drivers.extend(_freshness_driver(a) for a in judged if (a.age_days or 0) > FRESH_DAYS)
    if signals.slippage_days is not None:
        drivers.append(_slippage_driver(signals.slippage_days))
    drivers.append(_alerts_driver(signals.critical_alerts))
    known_children = [LEVELS.index(c) for c in signals.children if c in LEVELS]
    if known_children:
        drivers.append(_children_driver(known_children))
    nothing = not judged and signals.slippage_days is None and not known_children
    if nothing and signals.critical_alerts == 0:
        text = "No data: no indicator, no schedule and no action to judge from."
        return Meteo(Weather.NO_DATA, text, ())
    return _summarise(drivers)


def _judgeable(a: Attainment) -> bool:
    if a.ratio is None or (a.age_days is not None and a.age_days > STALE_DAYS):
        return False
    return a.coverage is None or a.coverage >= SUFFICIENT_COVERAGE


def _why_not_judged(a: Attainment) -> str:
    if a.ratio is None:
        return f"{a.title} has no value yet"
    if a.coverage is not None and a.coverage < SUFFICIENT_COVERAGE:
        return f"{a.title} rests on {a.coverage:.0%} of the expected data"
    return f"{a.title} was last computed {a.age_days:.0f} days ago"


def _indicator_driver(a: Attainment) -> tuple[int, str]:
    ratio = a.ratio if a.ratio is not None else 0.0
    level = 0 if ratio >= 1 else 1 if ratio >= 0.9 else 2 if ratio >= 0.75 else 3  # noqa: PLR2004
    if a.kind != "effect":
        level = min(level, 2)
    return level, f"{a.title} is at {ratio:.0%} of what the trajectory expects today"


def _freshness_driver(a: Attainment) -> tuple[int, str]:
    return 1, f"{a.title} was last computed {a.age_days:.0f} days ago"


def _slippage_driver(days: int) -> tuple[int, str]:
    if days <= 0:
        return 0, "on schedule"
    level = 1 if days <= 30 else 2 if days <= 90 else 3  # noqa: PLR2004 - thresholds in days
    return level, f"{days} days behind schedule"


def _alerts_driver(count: int) -> tuple[int, str]:
    level = 0 if count == 0 else 2 if count <= 2 else 3  # noqa: PLR2004 - thresholds in alerts
    plural = "s" if count != 1 else ""
    return level, f"{count} open critical alert{plural}"


def _children_driver(levels: list[int]) -> tuple[int, str]:
    level = max(round(sum(levels) / len(levels)), max(levels) - 1)
    worst = sum(1 for lv in levels if lv >= 2)  # noqa: PLR2004 - rainy or worse
    return level, f"{worst} of {len(levels)} actions rainy or stormy"


def _summarise(drivers: list[tuple[int, str]]) -> Meteo:
    ordered = sorted(drivers, key=lambda d: -d[0])
    level = ordered[0][0] if ordered else 0
    status = LEVELS[level]
    if level == 0:
        text = "Sunny: every indicator on track, on schedule, no open critical alert."
        return Meteo(status, text, tuple(t for _, t in ordered))
    main = [t for lv, t in ordered if lv == level]
    others = [t for lv, t in ordered if 0 < lv < level]
    text = f"{LABELS[status]}: " + "; ".join(main)
    if others:
        text += ". Also: " + "; ".join(others)
    return Meteo(status, text + ".", tuple(t for lv, t in ordered if lv > 0))
