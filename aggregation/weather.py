"""The météo of an action or a mission: sunny, cloudy, rainy, stormy, or no data.

Each signal gives a level (``docs/methods.md`` §Météo has the thresholds):

- indicators: the latest value against the value expected today on the trajectory from the
  baseline to the next target, graded as a ratio (>= 1 sunny, >= 0.9 cloudy, >= 0.75 rainy,
  below stormy) or, where a ratio means nothing (a target of 0, values at or below zero), as a
  distance in the indicator's unit against tolerance bands (``aggregation/grading.py``);
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
from enum import StrEnum

from aggregation.grading import Distance

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
    """Where one indicator stands: a ratio or a distance, None of both when it has no value."""

    title: str
    kind: str
    ratio: float | None
    coverage: float | None = None
    age_days: float | None = None
    distance: Distance | None = None
    ungradable: str | None = None


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
    if a.ungradable is not None or (a.ratio is None and a.distance is None):
        return False
    if a.age_days is not None and a.age_days > STALE_DAYS:
        return False
    return a.coverage is None or a.coverage >= SUFFICIENT_COVERAGE


def _why_not_judged(a: Attainment) -> str:
    if a.ungradable is not None:
        return f"{a.title} cannot be graded: {a.ungradable}"
    if a.ratio is None and a.distance is None:
        return f"{a.title} has no value yet"
    if a.coverage is not None and a.coverage < SUFFICIENT_COVERAGE:
        return f"{a.title} rests on {a.coverage:.0%} of the expected data"
    return f"{a.title} was last computed {a.age_days:.0f} days ago"


def _indicator_driver(a: Attainment) -> tuple[int, str]:
    if a.distance is not None:
        level, text = _distance_driver(a.title, a.distance)
    else:
        ratio = a.ratio if a.ratio is not None else 0.0
        level = 0 if ratio >= 1 else 1 if ratio >= 0.9 else 2 if ratio >= 0.75 else 3  # noqa: PLR2004
        text = f"{a.title} is at {ratio:.0%} of what the trajectory expects today"
    if a.kind != "effect":
        level = min(level, 2)
    return level, text


def _distance_driver(title: str, d: Distance) -> tuple[int, str]:
    shortfall = d.shortfall
    side = "behind" if shortfall > 0 else "ahead of"
    text = (
        f"{title} is at {_amount(d.actual, d.unit)}, {_step(abs(shortfall), d.unit)} {side}"
        f" the {_amount(d.expected, d.unit)} the trajectory expects today"
    )
    return d.tolerance.level(shortfall), text


def _amount(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:+.1f} %"
    return f"{value:,.1f} {unit}".rstrip()


def _step(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1f} points"
    return f"{value:,.1f} {unit}".rstrip()


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
