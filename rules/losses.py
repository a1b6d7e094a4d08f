"""Loss seen upstream: messages devices numbered that never reached the collector.

The collector records each hole in a device's message numbers (``sequence_gaps``); this rule
makes them one alert for the territory's fleet, naming the devices and how many are missing.
"""

from __future__ import annotations

from datetime import timedelta

from rules.model import Rule

READINGS_LOST = Rule(
    id="readings_lost",
    reference="C-01",
    title="Readings lost upstream",
    description=(
        "Devices' message numbers have holes found in the last hour: messages the broker "
        "acknowledged to the devices never reached the collector (a queue limit, a broker "
        "crash before it saved the collector's session). Names each device and its count. "
        "Clears after an hour without a hole."
    ),
    severity="high",
    subject="fleet",
    domain="lighting",
    query="rule_readings_lost",
    summary="{missing} messages lost upstream from {devices} device(s): {codes}",
    defaults={"window_min": 60},
    every=timedelta(minutes=1),
    whole_fleet=True,
    clear_after=1,
)

RULES = (READINGS_LOST,)
