"""Building-meter data rules: silent meters, gaps, rollovers, resets, jumps, stuck registers.

Catalogue L-10, M-01 and M-03 to M-06 of the domain reference.
"""

from __future__ import annotations

from datetime import timedelta

from rules.model import Rule

METER_OFFLINE = Rule(
    id="meter_offline",
    reference="L-10",
    title="Meter offline",
    description=(
        "A meter in service has not reported for 3 reporting periods. Clears once it reports "
        "within 1.5 periods."
    ),
    severity="medium",
    subject="meter",
    domain="buildings",
    query="rule_meter_offline",
    summary="meter {code} ({quantity}) silent since {last_reading}",
    defaults={"offline_periods": 3.0, "online_periods": 1.5, "lookback_days": 30},
    every=timedelta(minutes=5),
    whole_fleet=True,
    clear_after=1,
)

METER_GAP = Rule(
    id="meter_gap",
    reference="M-01",
    title="Meter gap",
    description=(
        "Two consecutive readings, the later one just received, are more than 3 hours (or 3 "
        "reporting periods) apart: the interval cannot be interpolated and no savings are "
        "computed over it. Clears when readings follow each other normally."
    ),
    severity="low",
    subject="meter",
    domain="buildings",
    query="rule_meter_gap",
    summary="meter {code}: {longest_gap_s} s without readings from {gap_from}",
    defaults={"gap_max_s": 10_800, "gap_periods": 3},
    reads="meter",
)

_COUNTER = {"rollover_fraction": 0.9}

COUNTER_ROLLOVER = Rule(
    id="counter_rollover",
    reference="M-03",
    title="Counter rollover",
    description=(
        "A cumulative register fell from above 90 % of its maximum: it wrapped round; the "
        "delta is the register maximum minus the old index plus the new one."
    ),
    severity="informational",
    subject="meter",
    domain="buildings",
    query="rule_meter_counter",
    summary="meter {code} rolled over at {at} ({from_value} to {to_value})",
    defaults={**_COUNTER, "want_rollover": True},
    reads="meter",
)

COUNTER_RESET = Rule(
    id="counter_reset",
    reference="M-04",
    title="Counter reset or meter swap",
    description=(
        "A cumulative register fell without being near its maximum: a reset or a new meter, a "
        "non-routine event to record; no delta is computed across it."
    ),
    severity="low",
    subject="meter",
    domain="buildings",
    query="rule_meter_counter",
    summary="meter {code} went back from {from_value} to {to_value} at {at}",
    defaults={**_COUNTER, "want_rollover": False},
    reads="meter",
)

IMPOSSIBLE_DELTA = Rule(
    id="impossible_delta",
    reference="M-05",
    title="Impossible delta",
    description=(
        "A cumulative register rose, per hour, by more than 3 times its highest rate of the "
        "previous 28 days and more than the median plus 3 interquartile ranges of those rates. "
        "Needs 7 days of history."
    ),
    severity="low",
    subject="meter",
    domain="buildings",
    query="rule_impossible_delta",
    summary="meter {code} rose {rate_per_h} per hour (highest before: {history_max_per_h})",
    defaults={"history_days": 28, "min_history_days": 7, "max_rate_factor": 3.0, "iqr_factor": 3.0},
    reads="meter",
)

STUCK_METER = Rule(
    id="stuck_meter",
    reference="M-06",
    title="Stuck meter",
    description=(
        "An electricity register has not moved for 24 hours of readings, though a building "
        "always has a baseload. Clears as soon as it moves."
    ),
    severity="low",
    subject="meter",
    domain="buildings",
    query="rule_stuck_meter",
    summary="meter {code} has not moved since {since}",
    defaults={"stuck_hours": 24},
    reads="meter",
    clear_after=1,
)

RULES = (
    METER_OFFLINE,
    METER_GAP,
    COUNTER_ROLLOVER,
    COUNTER_RESET,
    IMPOSSIBLE_DELTA,
    STUCK_METER,
)
