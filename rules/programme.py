"""Programme rules: what an action's effect says, read before its figure is reported.

P-01: an action may carry a projected or a contractually guaranteed saving (migration 0062);
the effect computations measure what it saves. M-02: a reporting year still filling whose days
are too thinly covered will give a figure that cannot be reported (the sufficiency rule of
docs/methods.md §3.8); told while data can still come back. One rule per domain of missions,
since an alert belongs to the lighting or the buildings domain; the action's pilot receives it.
"""

from __future__ import annotations

from datetime import timedelta

from rules.model import Domain, Rule

DAILY = timedelta(days=1)


def _savings_rule(domain: Domain) -> Rule:
    return Rule(
        id=f"savings_behind_projection_{domain}",
        reference="P-01",
        title="Savings behind the projection",
        description=(
            f"An action of a {domain} mission with a projected or guaranteed saving measures, "
            "in its latest sufficient headline effect, less than 90 % of it (ClearPoint: "
            "green from 100 %, amber from 90 %, red below): medium, high when the saving was "
            "guaranteed. Clears at 95 % or more; an insufficient effect changes nothing."
        ),
        severity="medium",
        subject="action",
        domain=domain,
        query="rule_savings_behind_projection",
        summary="{code} saves {measured}, {ratio_pct} % of the {projected} {commitment}",
        defaults={"domain": domain, "fire_ratio": 0.9, "clear_ratio": 0.95},
        every=DAILY,
        clear_after=1,
    )


def _coverage_rule(domain: Domain) -> Rule:
    return Rule(
        id=f"figure_at_risk_{domain}",
        reference="M-02",
        title="Figure at risk of not being reportable",
        description=(
            f"An action of a {domain} mission whose headline effect has a reporting period "
            "still filling (under a year) covered on less than 90 % of its days so far: its "
            "figure will not be sufficient unless data come back. High when even complete data "
            "until the year is out could not reach 90 %. Clears at 92 % or once the period is "
            "a whole year."
        ),
        severity="medium",
        subject="action",
        domain=domain,
        query="rule_figure_at_risk",
        summary=(
            "{code}: its reporting year is {coverage_pct} % covered after {days} days, at best "
            "{best_pct} % by its end; a reportable figure needs {required_pct} %"
        ),
        defaults={
            "domain": domain,
            "year_days": 365,
            "min_coverage": 0.9,
            "clear_coverage": 0.92,
        },
        every=DAILY,
        clear_after=1,
    )


RULES = (
    _savings_rule("lighting"),
    _savings_rule("buildings"),
    _coverage_rule("lighting"),
    _coverage_rule("buildings"),
)
